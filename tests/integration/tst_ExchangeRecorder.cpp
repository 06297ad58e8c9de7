// SPDX-License-Identifier: GPL-3.0-or-later
// The one recording path, on a real Workspace (its files in a temporary folder) against its
// embedded sandbox over loopback: one rule for sessions, every origin in history, re-issued
// tokens, renewals, a gate that keeps tokens out, the vault's last-used times.
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/HistoryStore.h"
#include "core/sandbox/SandboxHost.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultHandle.h"
#include "core/workspace/ExchangeRecorder.h"
#include "core/workspace/Workspace.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_ExchangeRecorder : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_workspace;

    Environment sandbox() const { return *m_workspace->environments().find(QStringLiteral("Sandbox")); }

    // Sends one endpoint through the workspace's client and records it as `origin`.
    QUuid send(const QString &endpoint, HistoryOrigin origin, QMap<QString, QString> values = {},
               std::optional<Environment> environment = {})
    {
        CallContext context;
        ApiCall call(m_workspace->client(), *EndpointCatalog::builtIn().find(endpoint), environment.value_or(sandbox()),
                     std::move(values), context);
        call.setValueSource(&m_workspace->vaultValues());
        QSignalSpy finished(&call, &ApiCall::finished);
        call.start();
        if (!finished.wait(10000))
            return {};
        return m_workspace->recorder().record(call, origin);
    }

    QList<HistoryEntry> history() const
    {
        const Result<HistoryStore::Loaded> loaded = m_workspace->history().load();
        return loaded ? loaded.value().entries : QList<HistoryEntry>();
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
        m_workspace = std::make_unique<Workspace>(Workspace::Options{
            m_dir.filePath(QStringLiteral("environments.json")), m_dir.filePath(QStringLiteral("history.jsonl")),
            m_dir.filePath(QStringLiteral("vault.tdvault")), SandboxConfig()});
        QVERIFY(m_workspace->startSandbox().ok());
    }

    void cleanup() { m_workspace.reset(); }

    void aTokenBecomesASessionAndHistoryNamesIt()
    {
        const QUuid id = send(QStringLiteral("secmgmt.create-token"), HistoryOrigin::Manual);
        QVERIFY(!id.isNull());
        QCOMPARE(m_workspace->sessions().size(), 1);
        QCOMPARE(m_workspace->sessions().at(0).id, id);
        const QList<HistoryEntry> entries = history();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).origin, HistoryOrigin::Manual);
        QCOMPARE(entries.at(0).sessionId, id.toString(QUuid::WithoutBraces));
        // The password the call sent never reaches the file.
        QFile file(m_dir.filePath(QStringLiteral("history.jsonl")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains(m_workspace->sandbox()->credentials().secmgmtPassword.toUtf8()));
    }

    void aFailedCallIsRecordedWithoutASession()
    {
        const QUuid id = send(QStringLiteral("secmgmt.create-token"), HistoryOrigin::Flow, {{QStringLiteral("password"), QStringLiteral("wrong")}});
        QVERIFY(id.isNull());
        QCOMPARE(m_workspace->sessions().size(), 0);
        const QList<HistoryEntry> entries = history();
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.at(0).origin, HistoryOrigin::Flow);
        QVERIFY(!entries.at(0).outcome.ok);
        QVERIFY(entries.at(0).sessionId.isEmpty());
    }

    // EnOS answers the token it gave while that one is valid: one session, two entries naming it.
    void theSameTokenIssuedAgainUpdatesItsSession()
    {
        const QUuid first = send(QStringLiteral("enos.get-token"), HistoryOrigin::Manual);
        const QUuid second = send(QStringLiteral("enos.get-token"), HistoryOrigin::Manual);
        QVERIFY(!first.isNull());
        QCOMPARE(second, first);
        QCOMPARE(m_workspace->sessions().size(), 1);
        const QList<HistoryEntry> entries = history();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(1).sessionId, entries.at(0).sessionId);
    }

    // "Renew now" and automatic renewals take the same path: an entry marked renewal, naming the
    // session the scheduler updated, and no new session.
    void aRenewalIsRecordedWithItsSession()
    {
        const QUuid id = send(QStringLiteral("secmgmt.create-token"), HistoryOrigin::Manual);
        QVERIFY(!id.isNull());
        QSignalSpy recorded(&m_workspace->recorder(), &ExchangeRecorder::recorded);
        QVERIFY(m_workspace->scheduler().renewNow(id));
        QVERIFY(recorded.wait(10000));
        QCOMPARE(recorded.at(0).at(0).value<QUuid>(), id);
        QCOMPARE(recorded.at(0).at(1).value<HistoryOrigin>(), HistoryOrigin::Renewal);
        QCOMPARE(m_workspace->sessions().size(), 1);
        const QList<HistoryEntry> entries = history();
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(1).origin, HistoryOrigin::Renewal);
        QCOMPARE(entries.at(1).endpoint, QStringLiteral("secmgmt.refresh-token"));
        QCOMPARE(entries.at(1).sessionId, id.toString(QUuid::WithoutBraces));
    }

    // A front end that cannot keep tokens (the CLI with --no-session): history, no session; the
    // gate is asked once, not per exchange.
    void aClosedGateKeepsTokensOut()
    {
        int asked = 0;
        m_workspace->recorder().setSessionGate([&asked] {
            ++asked;
            return false;
        });
        QVERIFY(send(QStringLiteral("secmgmt.create-token"), HistoryOrigin::Manual).isNull());
        QVERIFY(send(QStringLiteral("enos.get-token"), HistoryOrigin::Manual).isNull());
        QCOMPARE(asked, 1);
        QCOMPARE(m_workspace->sessions().size(), 0);
        QCOMPARE(history().size(), 2);
    }

    // A call whose password comes from the vault marks the entry used; the recorder saves it, so
    // the file (read again) has the last-used time.
    void vaultEntriesUsedAreSavedAsUsed()
    {
        Result<std::unique_ptr<Vault>> created = Vault::create(m_workspace->vault().path(), SecureBytes(QByteArrayView("pw")),
                                                               ScryptParams{10, 8, 1});
        QVERIFY(created.ok());
        std::shared_ptr<Vault> vault(std::move(created).value());
        QVERIFY(vault->add(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("secmgmt"), QStringLiteral("demo"),
                                                  SecureBytes(m_workspace->sandbox()->credentials().secmgmtPassword.toUtf8())))
                    .ok());
        QVERIFY(vault->save().ok());
        m_workspace->vault().set(vault);
        const QUuid id = send(QStringLiteral("secmgmt.create-token"), HistoryOrigin::Manual,
                              {{QStringLiteral("password"), QStringLiteral("vault:secmgmt")}});
        QVERIFY(!id.isNull());
        QVERIFY(!vault->hasUnsavedChanges());
        Result<std::unique_ptr<Vault>> reopened = Vault::open(m_workspace->vault().path(), SecureBytes(QByteArrayView("pw")));
        QVERIFY(reopened.ok());
        QVERIFY(reopened.value()->find(QStringLiteral("secmgmt"))->lastUsed.isValid());
    }
};

QTEST_GUILESS_MAIN(tst_ExchangeRecorder)
#include "tst_ExchangeRecorder.moc"
