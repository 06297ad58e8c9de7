// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/environments/EnvironmentTableModel.h"

#include "core/net/EnvironmentStore.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_EnvironmentTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheStore()
    {
        QTemporaryDir dir;
        EnvironmentStore store(dir.filePath(QStringLiteral("environments.json")));
        EnvironmentTableModel model(store);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        Environment staging;
        staging.name = QStringLiteral("Staging");
        staging.baseUrl = QStringLiteral("https://staging.example.com");
        QVERIFY(store.add(staging).ok());
        Environment sandbox;
        sandbox.baseUrl = QStringLiteral("http://127.0.0.1:4000");
        store.setSandbox(sandbox);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, EnvironmentTableModel::NameColumn).data(EnvironmentTableModel::NameRole).toString(),
                 QStringLiteral("Sandbox"));
        QCOMPARE(model.index(0, EnvironmentTableModel::NameColumn).data().toString(), QStringLiteral("Sandbox · built in"));
        QVERIFY(model.index(0, EnvironmentTableModel::NameColumn).data(EnvironmentTableModel::BuiltInRole).toBool());
        QVERIFY(!model.index(0, EnvironmentTableModel::NameColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(1, EnvironmentTableModel::NameColumn).data().toString(), QStringLiteral("Staging"));
        QVERIFY(!model.index(1, EnvironmentTableModel::NameColumn).data(Qt::DecorationRole).isValid());
        QCOMPARE(model.index(1, EnvironmentTableModel::BaseUrlColumn).data().toString(), QStringLiteral("https://staging.example.com"));
        QCOMPARE(model.rowOf(QStringLiteral("staging")), 1);
        QCOMPARE(model.rowOf(QStringLiteral("nope")), -1);

        QVERIFY(store.remove(QStringLiteral("Staging")).ok());
        QCOMPARE(model.rowCount(), 1);
    }
};

QTEST_MAIN(tst_EnvironmentTableModel)
#include "tst_EnvironmentTableModel.moc"
