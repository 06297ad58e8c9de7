// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/inspector/ClaimTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace td;

class tst_ClaimTableModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsFollowTheClock();
};

void tst_ClaimTableModel::rowsFollowTheClock()
{
    ClaimTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QDateTime start = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    const Result<JwtClaims> claims = JwtClaims::fromPayload(R"({"iss":"x","exp":1700000060})");
    QVERIFY(claims.ok());

    model.setClaims(claims.value(), start);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), 4);
    const QList<ClaimRow> rows = claims->rows(start);
    for (int row = 0; row < rows.size(); ++row) {
        QCOMPARE(model.index(row, ClaimTableModel::NameColumn).data().toString(), rows.at(row).name);
        QCOMPARE(model.index(row, ClaimTableModel::RelativeColumn).data().toString(), rows.at(row).relative);
    }

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QDateTime later = start.addSecs(90);
    model.setNow(later);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).value<QModelIndex>().column(), int(ClaimTableModel::LocalTimeColumn));
    const QList<ClaimRow> laterRows = claims->rows(later);
    for (int row = 0; row < laterRows.size(); ++row)
        QCOMPARE(model.index(row, ClaimTableModel::RelativeColumn).data().toString(), laterRows.at(row).relative);

    model.setClaims(std::nullopt, later);
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_ClaimTableModel)
#include "tst_ClaimTableModel.moc"
