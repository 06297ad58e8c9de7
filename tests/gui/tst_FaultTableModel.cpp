// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/sandbox/FaultTableModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QTest>

using namespace td;

class tst_FaultTableModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listsTheArmedFaults()
    {
        FaultTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonArray faults = QJsonDocument::fromJson(R"([
            {"endpoint":"enos.get-token","kind":"drop","value":"","count":1},
            {"endpoint":"*","kind":"latencyMs","value":"250","count":-1},
            {"endpoint":"nope","kind":"drop","count":1}
        ])").array();
        model.setFaults(faults);
        QCOMPARE(model.rowCount(), 2); // the unknown endpoint is not a fault
        // Words on the screen, ids in the tooltips (as --fault and the faults file spell them).
        QCOMPARE(model.index(0, FaultTableModel::EndpointColumn).data().toString(), QStringLiteral("EnOS APIM · Get Access Token"));
        QCOMPARE(model.index(0, FaultTableModel::EndpointColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("enos.get-token"));
        QCOMPARE(model.index(0, FaultTableModel::KindColumn).data().toString(), QStringLiteral("Connection dropped"));
        QCOMPARE(model.index(0, FaultTableModel::KindColumn).data(Qt::ToolTipRole).toString(), QStringLiteral("drop"));
        QCOMPARE(model.index(1, FaultTableModel::KindColumn).data().toString(), QStringLiteral("Delay (ms)"));
        QCOMPARE(model.index(0, FaultTableModel::CountColumn).data().toString(), QStringLiteral("1"));
        QCOMPARE(model.index(1, FaultTableModel::EndpointColumn).data().toString(), QStringLiteral("* (every endpoint)"));
        QCOMPARE(model.index(1, FaultTableModel::ValueColumn).data().toString(), QStringLiteral("250"));
        QCOMPARE(model.index(1, FaultTableModel::CountColumn).data().toString(), QStringLiteral("until cleared"));
        QCOMPARE(model.fault(1).kind, SandboxFault::Kind::LatencyMs);
        model.setFaults({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_FaultTableModel)
#include "tst_FaultTableModel.moc"
