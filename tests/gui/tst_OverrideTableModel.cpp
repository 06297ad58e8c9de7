// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/environments/OverrideTableModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace td;

class tst_OverrideTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mergesAndSplitsOverrides()
    {
        OverrideTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setOverrides({{QStringLiteral("enos.get-token"), QStringLiteral("/apim/token")}},
                           {{QStringLiteral("enos.get-token"), QStringLiteral("PUT")},
                            {QStringLiteral("bankezy.renew-token"), QStringLiteral("POST")}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, OverrideTableModel::EndpointColumn).data().toString(), QStringLiteral("bankezy.renew-token"));
        QCOMPARE(model.index(0, OverrideTableModel::PathColumn).data().toString(), QString());
        QCOMPARE(model.index(1, OverrideTableModel::PathColumn).data().toString(), QStringLiteral("/apim/token"));

        QVERIFY(model.setData(model.index(0, OverrideTableModel::MethodColumn), QStringLiteral("patch")));
        const int added = model.addRow(QStringLiteral("secmgmt.create-token"));
        QVERIFY(model.setData(model.index(added, OverrideTableModel::PathColumn), QStringLiteral(" /auth/login ")));
        model.addRow(); // no endpoint id: left out

        QCOMPARE(model.methodOverrides(), (QMap<QString, QString>{{QStringLiteral("bankezy.renew-token"), QStringLiteral("PATCH")},
                                                                  {QStringLiteral("enos.get-token"), QStringLiteral("PUT")}}));
        QCOMPARE(model.pathOverrides(), (QMap<QString, QString>{{QStringLiteral("enos.get-token"), QStringLiteral("/apim/token")},
                                                                {QStringLiteral("secmgmt.create-token"), QStringLiteral("/auth/login")}}));
        model.removeRowAt(1);
        QVERIFY(!model.pathOverrides().contains(QStringLiteral("enos.get-token")));
    }
};

QTEST_MAIN(tst_OverrideTableModel)
#include "tst_OverrideTableModel.moc"
