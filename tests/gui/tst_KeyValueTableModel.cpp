// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/environments/KeyValueTableModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace td;

class tst_KeyValueTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsAndMasks()
    {
        KeyValueTableModel model(QStringLiteral("Field"), QStringLiteral("Value"));
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy edited(&model, &KeyValueTableModel::edited);
        model.setPairs({{QStringLiteral("username"), QStringLiteral("alice")}, {QStringLiteral("password"), QStringLiteral("pw-1")}});
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("Field"));

        // Without masking (extra headers of a form that shows everything) values are plain.
        QCOMPARE(model.index(1, KeyValueTableModel::ValueColumn).data().toString(), QStringLiteral("pw-1"));
        model.setMaskSecrets(true);
        QCOMPARE(model.index(1, KeyValueTableModel::ValueColumn).data().toString(), KeyValueTableModel::maskedText());
        QCOMPARE(model.index(1, KeyValueTableModel::ValueColumn).data(Qt::EditRole).toString(), QStringLiteral("pw-1"));
        QCOMPARE(model.index(1, KeyValueTableModel::ValueColumn).data(KeyValueTableModel::MaskedRole).toBool(), true);
        QCOMPARE(model.index(0, KeyValueTableModel::ValueColumn).data().toString(), QStringLiteral("alice"));

        // Renaming a row to a secret name masks its value.
        QVERIFY(model.setData(model.index(0, KeyValueTableModel::NameColumn), QStringLiteral(" appSecret ")));
        QCOMPARE(model.pairs().at(0).first, QStringLiteral("appSecret"));
        QCOMPARE(model.index(0, KeyValueTableModel::ValueColumn).data().toString(), KeyValueTableModel::maskedText());
        model.setRevealed(true);
        QCOMPARE(model.index(0, KeyValueTableModel::ValueColumn).data().toString(), QStringLiteral("alice"));
        QCOMPARE(model.index(0, KeyValueTableModel::ValueColumn).data(KeyValueTableModel::MaskedRole).toBool(), false);

        QCOMPARE(model.addRow(QStringLiteral("X-Trace"), QStringLiteral("1")), 2);
        model.removeRowAt(0);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.pairs().at(0).first, QStringLiteral("password"));
        QCOMPARE(edited.count(), 3);
        model.removeRowAt(7); // out of range: nothing happens
        QCOMPARE(model.rowCount(), 2);
    }
};

QTEST_MAIN(tst_KeyValueTableModel)
#include "tst_KeyValueTableModel.moc"
