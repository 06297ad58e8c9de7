// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/history/HistoryModel.h"

#include "gui/StatusColors.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace td;

class tst_HistoryModel : public QObject
{
    Q_OBJECT

    static HistoryEntry entry(const QString &endpoint, bool ok, int status)
    {
        HistoryEntry e;
        e.time = QDateTime::fromMSecsSinceEpoch(1700000000000, Qt::UTC);
        e.endpoint = endpoint;
        e.environment = QStringLiteral("Sandbox");
        e.status = status;
        e.durationMs = 7;
        e.outcome.ok = ok;
        e.outcome.code = ok ? QString() : QStringLiteral("timeout");
        return e;
    }

private Q_SLOTS:
    // A cancelled call is said as such, without the failure's red; a timeout keeps it.
    void cancelledIsNotAFailure()
    {
        HistoryModel model;
        QPalette light;
        light.setColor(QPalette::Window, Qt::white);
        model.setPalette(light);
        HistoryEntry cancelled = entry(QStringLiteral("enos.get-token"), false, 0);
        cancelled.outcome.code = QStringLiteral("cancelled");
        model.setEntries({entry(QStringLiteral("enos.get-token"), false, 0), cancelled}); // newest first
        QCOMPARE(model.index(0, HistoryModel::OutcomeColumn).data().toString(), QStringLiteral("cancelled"));
        QCOMPARE(model.index(0, HistoryModel::OutcomeColumn).data(Qt::ForegroundRole).value<QColor>(),
                 StatusColors::foreground(StatusColors::Tone::Neutral, light));
        QCOMPARE(model.index(1, HistoryModel::OutcomeColumn).data(Qt::ForegroundRole).value<QColor>(),
                 StatusColors::foreground(StatusColors::Tone::Error, light));
    }

    // Who made each exchange, in words, with the session it issued or renewed in the tooltip.
    void originInWordsWithItsSession()
    {
        HistoryModel model;
        HistoryEntry renewal = entry(QStringLiteral("enos.refresh-token"), true, 200);
        renewal.origin = HistoryOrigin::Renewal;
        renewal.sessionId = QStringLiteral("1a2b3c4d-0000-4000-8000-000000000000");
        HistoryEntry retry = entry(QStringLiteral("bankezy.get-user-token"), true, 200);
        retry.origin = HistoryOrigin::Retry;
        model.setEntries({entry(QStringLiteral("a"), true, 200), renewal, retry});
        const auto origin = [&model](int row, int role = Qt::DisplayRole) {
            return model.index(row, HistoryModel::OriginColumn).data(role).toString();
        };
        QCOMPARE(model.headerData(HistoryModel::OriginColumn, Qt::Horizontal).toString(), QStringLiteral("Origin"));
        QCOMPARE(origin(0), QStringLiteral("Retry after renewal"));
        QCOMPARE(origin(1), QStringLiteral("Renewal"));
        QCOMPARE(origin(1, Qt::ToolTipRole), QStringLiteral("Session 1a2b3c4d"));
        QCOMPARE(origin(2), QStringLiteral("Sent"));
        QVERIFY(origin(2, Qt::ToolTipRole).isEmpty());
        QVERIFY(model.index(1, 0).data(HistoryModel::SearchTextRole).toString().contains(QStringLiteral("Renewal")));
    }

    void newestFirstAndColouredOutcome()
    {
        HistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QPalette light;
        light.setColor(QPalette::Window, Qt::white);
        model.setPalette(light);
        model.setEntries({entry(QStringLiteral("a"), true, 200), entry(QStringLiteral("b"), false, 0)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(HistoryModel::ColumnCount));
        // An id the catalog does not know is shown as it is.
        QCOMPARE(model.index(0, HistoryModel::EndpointColumn).data().toString(), QStringLiteral("b"));
        QCOMPARE(model.index(0, HistoryModel::OutcomeColumn).data().toString(), QStringLiteral("timeout"));
        QCOMPARE(model.index(0, HistoryModel::StatusColumn).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.index(1, HistoryModel::OutcomeColumn).data().toString(), QStringLiteral("ok"));
        QCOMPARE(model.index(0, HistoryModel::OutcomeColumn).data(Qt::ForegroundRole).value<QColor>(),
                 StatusColors::foreground(StatusColors::Tone::Error, light));
        QCOMPARE(model.index(1, HistoryModel::OutcomeColumn).data(Qt::ForegroundRole).value<QColor>(),
                 StatusColors::foreground(StatusColors::Tone::Ok, light));

        model.prepend(entry(QStringLiteral("c"), true, 201));
        QCOMPARE(model.index(0, HistoryModel::EndpointColumn).data().toString(), QStringLiteral("c"));
        QVERIFY(model.index(0, 0).data(HistoryModel::SearchTextRole).toString().contains(QStringLiteral("Sandbox")));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(tst_HistoryModel)
#include "tst_HistoryModel.moc"
