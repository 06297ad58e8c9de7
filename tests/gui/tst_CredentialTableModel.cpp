// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/sandbox/CredentialTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace td;

class tst_CredentialTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void masking_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("secret");
        QTest::newRow("X-API-KEY") << QStringLiteral("X-API-KEY") << false;
        QTest::newRow("apiKey") << QStringLiteral("apiKey") << true;
        QTest::newRow("secret") << QStringLiteral("secret") << true;
        QTest::newRow("sdkApiKey") << QStringLiteral("sdkApiKey") << true;
        QTest::newRow("appKey") << QStringLiteral("appKey") << false;
        QTest::newRow("appSecret") << QStringLiteral("appSecret") << true;
        QTest::newRow("username") << QStringLiteral("username") << false;
        QTest::newRow("password") << QStringLiteral("password") << true;
    }

    void masking()
    {
        QFETCH(QString, name);
        QFETCH(bool, secret);
        CredentialTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SandboxCredentials credentials;
        model.setCredentials(credentials);
        QCOMPARE(model.rowCount(), 8);
        int row = -1;
        for (int i = 0; i < model.rowCount(); ++i) {
            if (model.row(i).name == name)
                row = i;
        }
        QVERIFY(row >= 0);
        const QString value = model.row(row).value;
        QCOMPARE(model.index(row, CredentialTableModel::ValueColumn).data(CredentialTableModel::SecretRole).toBool(), secret);
        QCOMPARE(model.index(row, CredentialTableModel::ValueColumn).data().toString(),
                 secret ? QStringLiteral("••••••••") : value);
        QCOMPARE(model.index(row, CredentialTableModel::ValueColumn).data(Qt::EditRole).toString(), value);
        model.setRevealed(true);
        QCOMPARE(model.index(row, CredentialTableModel::ValueColumn).data().toString(), value);
    }
};

QTEST_MAIN(tst_CredentialTableModel)
#include "tst_CredentialTableModel.moc"
