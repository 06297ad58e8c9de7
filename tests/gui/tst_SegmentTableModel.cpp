// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/inspector/SegmentTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace td;

class tst_SegmentTableModel : public QObject
{
    Q_OBJECT

private slots:
    void segmentModelIsConsistent();
};

void tst_SegmentTableModel::segmentModelIsConsistent()
{
    SegmentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SegmentInfo bad;
    bad.name = QStringLiteral("signature");
    bad.encodedLength = 5;
    bad.decodedLength = -1;
    bad.ok = false;
    bad.note = QStringLiteral("not base64url");
    model.setSegments({SegmentInfo{QStringLiteral("payload"), 4, 3, true, QString()}, bad});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, SegmentTableModel::DecodedColumn).data().toInt(), 3);
    QCOMPARE(model.index(0, SegmentTableModel::StatusColumn).data().toString(), QStringLiteral("ok"));
    QCOMPARE(model.index(1, SegmentTableModel::DecodedColumn).data().toString(), QStringLiteral("—"));
    QCOMPARE(model.index(1, SegmentTableModel::StatusColumn).data().toString(), QStringLiteral("not base64url"));
}

QTEST_MAIN(tst_SegmentTableModel)
#include "tst_SegmentTableModel.moc"
