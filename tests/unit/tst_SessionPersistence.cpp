// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions survive a restart: the sealed sessions file (round trip, no plaintext on disk, every
// kind of damage refused with its code and the file left alone), the restore rules (expired
// while closed → Expired, never renewed by itself), and two processes sharing one file without
// dropping each other's sessions (in one process, and as two real writer processes at once).
#include "ResultAsserts.h"

#include "core/crypto/Random.h"
#include "core/jose/Base64Url.h"
#include "core/net/ApiClient.h"
#include "core/session/ExpiryScheduler.h"
#include "core/session/SessionFile.h"
#include "core/session/SessionJson.h"
#include "core/session/SessionPersistence.h"
#include "core/session/SessionRenewer.h"
#include "core/session/SessionStore.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

constexpr qint64 kNow = 1795000000000;
constexpr qint64 kMinute = 60 * 1000;

// A BankEzy user-token session with everything a renew needs, secrets included.
Session fullSession(const QString &token, qint64 expiresAtMs)
{
    Session session;
    session.id = QUuid::createUuid();
    session.family = QStringLiteral("bankezy");
    session.endpointId = QStringLiteral("bankezy.get-user-token");
    session.environment.name = QStringLiteral("Staging");
    session.environment.baseUrl = QStringLiteral("https://staging.example.com");
    session.environment.values.insert(QStringLiteral("secret"), QStringLiteral("env-secret-value-7781"));
    session.environment.values.insert(QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001"));
    session.token = token;
    session.refreshToken = QStringLiteral("refresh-") + token;
    session.context.values.insert(QStringLiteral("userToken"), token);
    session.context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1234567890123456789"));
    session.context.sdkKey = Jwk::generateEc(Curve::P256).value();
    session.context.userSessionKey = randomBytes(32);
    // The server's public key, as an answer gives it (no private half).
    session.context.userServerKey = Jwk::fromJson(Jwk::generateEc(Curve::P256).value().toJson(false)).value();
    session.issuedAtMs = kNow;
    session.expiresAtMs = expiresAtMs;
    session.expiryField = QStringLiteral("expireAt");
    session.expiryRaw = double(expiresAtMs);
    session.warnings = {QStringLiteral("JWT exp differs")};
    session.autoRenew = true;
    session.renewals.append({kNow - kMinute, true, 200, QStringLiteral("100"), QStringLiteral("SUCCESS"), expiresAtMs});
    session.renewals.append({kNow - 1000, false, 500, QStringLiteral("TOK003"), QStringLiteral("failure"), 0});
    session.lastError = QStringLiteral("TOK003 failure (HTTP 500)");
    return session;
}

QByteArray storedText(const Session &session)
{
    return QJsonDocument(SessionJson::toStored(session)).toJson(QJsonDocument::Compact);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class tst_SessionPersistence : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    SecureBytes m_key;
    qint64 m_now = kNow;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("vault.tdvault.sessions"));
        QFile::remove(m_path);
        m_key = randomBytes(32);
        m_now = kNow;
    }

    void roundTripKeepsEverythingARenewNeeds()
    {
        const Session session = fullSession(QStringLiteral("tok-round-trip"), kNow + 10 * kMinute);
        REQUIRE_OK(SessionFile::write(m_path, m_key, {session}));
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 1);
        const Session &back = read->first();
        QCOMPARE(storedText(back), storedText(session));
        QCOMPARE(back.context.sdkKey->thumbprint(), session.context.sdkKey->thumbprint());
        QVERIFY(back.context.sdkKey->hasPrivate());
        QVERIFY(back.context.userSessionKey == session.context.userSessionKey);
        // The server's public key of the exchange, for testing another KDF on a later answer.
        QVERIFY(back.context.userServerKey);
        QCOMPARE(back.context.userServerKey->thumbprint(), session.context.userServerKey->thumbprint());
        QVERIFY(!back.context.userServerKey->hasPrivate());
        QVERIFY(!back.context.appServerKey);
        QCOMPARE(back.environment.values.value(QStringLiteral("secret")), QStringLiteral("env-secret-value-7781"));
        QCOMPARE(back.renewals.size(), 2);
        QCOMPARE(back.renewals.at(1).code, QStringLiteral("TOK003"));
        QCOMPARE(back.autoRenew, std::optional<bool>(true));
        QCOMPARE(QFile::permissions(m_path) & (QFile::ReadGroup | QFile::ReadOther), QFile::Permissions());
    }

    void fileHoldsNoSecretInTheClear()
    {
        const QString token = QStringLiteral("tok-PLAINTEXT-CANARY-5521");
        const Session session = fullSession(token, kNow + 10 * kMinute);
        REQUIRE_OK(SessionFile::write(m_path, m_key, {session}));
        const QByteArray bytes = readAll(m_path);
        for (const QByteArray &secret : {token.toUtf8(), QByteArray("env-secret-value-7781"), QByteArray("1234567890123456789"),
                                         Base64Url::encode(session.context.userSessionKey.view())}) {
            QVERIFY2(!bytes.contains(secret), secret.constData());
            QVERIFY(!bytes.contains(secret.toBase64()));
        }
    }

    void missingFileIsEmpty()
    {
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QVERIFY(read->isEmpty());
    }

    void refusesDamage_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        QTest::newRow("another vault's key") << 0 << int(ErrorCode::SessionsUnreadable);
        QTest::newRow("not ours") << 1 << int(ErrorCode::SessionsUnreadable);
        QTest::newRow("truncated to the header") << 2 << int(ErrorCode::SessionsUnreadable);
        QTest::newRow("last byte cut") << 3 << int(ErrorCode::SessionsUnreadable);
        QTest::newRow("newer version") << 4 << int(ErrorCode::UnsupportedVersion);
        QTest::newRow("damaged version") << 5 << int(ErrorCode::SessionsUnreadable);
    }

    void refusesDamage()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        REQUIRE_OK(SessionFile::write(m_path, m_key, {fullSession(QStringLiteral("tok"), kNow + kMinute)}));
        QByteArray bytes = readAll(m_path);
        SecureBytes key = m_key;
        switch (kind) {
        case 0: key = randomBytes(32); break;
        case 1: bytes = QByteArray("{\"sessions\":[]}"); break;
        case 2: bytes.truncate(8); break;
        case 3: bytes.chop(1); break;
        case 4: bytes[7] = 2; break;
        case 5: bytes[7] = 0; break;
        }
        writeAll(m_path, bytes);
        REQUIRE_CODE(SessionFile::read(m_path, key), ErrorCode(code));
        QCOMPARE(readAll(m_path), bytes); // a read never touches the file
    }

    void everyFlippedByteIsRefused()
    {
        REQUIRE_OK(SessionFile::write(m_path, m_key, {fullSession(QStringLiteral("tok-flip"), kNow + kMinute)}));
        const QByteArray bytes = readAll(m_path);
        // Every byte of the header and nonce, then every 7th of the content and the whole tag.
        for (qsizetype i = 0; i < bytes.size(); i += (i < 20 || i >= bytes.size() - 16) ? 1 : 7) {
            QByteArray damaged = bytes;
            damaged[i] = char(damaged.at(i) ^ 0x01);
            auto read = SessionFile::open(damaged, m_key);
            QVERIFY2(!read, qPrintable(QString::number(i)));
            QVERIFY(read.error().code == ErrorCode::SessionsUnreadable || read.error().code == ErrorCode::UnsupportedVersion);
        }
    }

    void restoreRules_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<qint64>("expiresInMs");
        QTest::addColumn<QString>("restored");
        QTest::newRow("fresh, still valid") << "fresh" << 10 * kMinute << "fresh";
        QTest::newRow("fresh, expired meanwhile") << "fresh" << -kMinute << "expired";
        QTest::newRow("expiring, expired meanwhile") << "expiring" << -1LL << "expired";
        QTest::newRow("expires this very ms") << "fresh" << 0LL << "expired";
        QTest::newRow("renewing, still valid") << "renewing" << 10 * kMinute << "fresh";
        QTest::newRow("renewing, expired meanwhile") << "renewing" << -kMinute << "expired";
        QTest::newRow("renew-failed, expired meanwhile") << "renew-failed" << -kMinute << "expired";
        QTest::newRow("renew-failed, still valid") << "renew-failed" << kMinute << "renew-failed";
        QTest::newRow("terminated stays") << "terminated" << -kMinute << "terminated";
        QTest::newRow("no expiry stays fresh") << "fresh" << qint64(-kNow) << "fresh";
    }

    void restoreRules()
    {
        QFETCH(QString, stored);
        QFETCH(qint64, expiresInMs);
        QFETCH(QString, restored);
        Session session = fullSession(QStringLiteral("tok"), kNow + expiresInMs);
        session.state = *sessionStateFromName(stored);
        session.nextRetryAtMs = kNow + 5000;
        SessionPersistence::restore(session, kNow);
        QCOMPARE(sessionStateName(session.state), restored);
    }

    // The "restart restore": a session that expired while TokenDesk was closed comes back
    // Expired and auto-renew leaves it alone; one still valid comes back with its timers.
    void restartRestoresWithTimersAndNeverRenewsTheExpired()
    {
        {
            SessionStore before;
            before.setClock([this] { return m_now; });
            SessionPersistence persistence(before);
            REQUIRE_OK(persistence.attach(m_path, m_key));
            Session expiresWhileClosed = fullSession(QStringLiteral("tok-old"), kNow + 2 * kMinute);
            expiresWhileClosed.id = QUuid::fromString(QStringLiteral("{00000000-0000-0000-0000-00000000000a}"));
            Session stillValid = fullSession(QStringLiteral("tok-new"), kNow + 60 * kMinute);
            stillValid.id = QUuid::fromString(QStringLiteral("{00000000-0000-0000-0000-00000000000b}"));
            before.add(expiresWhileClosed);
            before.add(stillValid);
            REQUIRE_OK(persistence.save());
        }
        m_now = kNow + 30 * kMinute; // "restart" half an hour later
        SessionStore after;
        after.setClock([this] { return m_now; });
        ApiClient client;
        SessionRenewer renewer(client);
        ExpiryScheduler scheduler(after, renewer);
        scheduler.setClock([this] { return m_now; });
        scheduler.setDefaultAutoRenew(true); // and the sessions say so themselves
        SessionPersistence persistence(after);
        auto restored = persistence.attach(m_path, m_key);
        REQUIRE_OK(restored);
        QCOMPARE(restored.value(), 2);
        const Session *old = after.find(QUuid::fromString(QStringLiteral("{00000000-0000-0000-0000-00000000000a}")));
        const Session *valid = after.find(QUuid::fromString(QStringLiteral("{00000000-0000-0000-0000-00000000000b}")));
        QVERIFY(old && valid);
        QCOMPARE(old->state, SessionState::Expired);
        QCOMPARE(valid->state, SessionState::Fresh);
        QCOMPARE(valid->token, QStringLiteral("tok-new"));
        scheduler.tick();
        QCOMPARE(renewer.running(), 0);
        QCOMPARE(old->state, SessionState::Expired);
        // The valid one's threshold (max(20 % of 60 min, 5 min) = 12 min before expiry) is still due.
        QCOMPARE(scheduler.nextDueMs(), kNow + 48 * kMinute);
        m_now = kNow + 48 * kMinute;
        scheduler.tick();
        QCOMPARE(valid->state, SessionState::Renewing); // auto-renew resumes on the restored timer
    }

    void closedSessionsLeaveTheFile()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        SessionPersistence persistence(store);
        REQUIRE_OK(persistence.attach(m_path, m_key));
        const QUuid kept = store.add(fullSession(QStringLiteral("tok-kept"), kNow + kMinute));
        const QUuid closed = store.add(fullSession(QStringLiteral("tok-closed"), kNow + kMinute));
        REQUIRE_OK(persistence.save());
        QVERIFY(store.close(closed));
        QVERIFY(persistence.hasUnsavedChanges());
        REQUIRE_OK(persistence.save());
        QVERIFY(!persistence.hasUnsavedChanges());
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 1);
        QCOMPARE(read->first().id, kept);
        QCOMPARE(store.size(), 2); // the app keeps showing the closed row until it is removed
    }

    void sessionsIssuedBeforeAttachAreSaved()
    {
        SessionStore store;
        store.setClock([this] { return m_now; });
        const QUuid early = store.add(fullSession(QStringLiteral("tok-early"), kNow + kMinute));
        SessionPersistence persistence(store);
        REQUIRE_OK(persistence.attach(m_path, m_key));
        QVERIFY(persistence.hasUnsavedChanges());
        REQUIRE_OK(persistence.save());
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 1);
        QCOMPARE(read->first().id, early);
    }

    // Two processes on one file (the app and `tokendesk-cli call`, or `sessions watch`): neither
    // drops the other's sessions; a close on one side reaches the other.
    void twoProcessesShareOneFile()
    {
        SessionStore a, b;
        a.setClock([this] { return m_now; });
        b.setClock([this] { return m_now; });
        SessionPersistence pa(a), pb(b);
        REQUIRE_OK(pa.attach(m_path, m_key));
        REQUIRE_OK(pb.attach(m_path, m_key));
        const QUuid fromA = a.add(fullSession(QStringLiteral("tok-a"), kNow + kMinute));
        REQUIRE_OK(pa.save());
        const QUuid fromB = b.add(fullSession(QStringLiteral("tok-b"), kNow + kMinute));
        REQUIRE_OK(pb.save()); // merges A's session in before writing
        QVERIFY(b.find(fromA));
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 2);

        auto changed = pa.reload();
        REQUIRE_OK(changed);
        QCOMPARE(changed.value(), 1);
        QVERIFY(a.find(fromB));
        QCOMPARE(a.find(fromB)->token, QStringLiteral("tok-b"));
        auto again = pa.reload();
        REQUIRE_OK(again);
        QCOMPARE(again.value(), 0); // nothing new: the file was not written since

        // B renews its session while A closes its own: both changes land.
        Session renewed = *b.find(fromB);
        renewed.token = QStringLiteral("tok-b-2");
        b.update(renewed);
        REQUIRE_OK(pb.save());
        QVERIFY(a.close(fromA));
        REQUIRE_OK(pa.save());
        QCOMPARE(a.find(fromB)->token, QStringLiteral("tok-b-2"));
        REQUIRE_OK(pb.reload());
        QVERIFY(!b.find(fromA));
        read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 1);
        QCOMPARE(read->first().token, QStringLiteral("tok-b-2"));
    }

    // Two real processes, each adding 30 sessions with a save after each, at the same time: every
    // save that returned is in the file, 60 sessions.
    void twoWriterProcessesKeepEverySession()
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TOKENDESK_SESSIONS_KEY"), QString::fromLatin1(m_key.toByteArray().toHex()));
        QProcess a, b;
        for (QProcess *writer : {&a, &b}) {
            writer->setProcessEnvironment(environment);
            writer->start(QStringLiteral(TOKENDESK_SESSIONS_WRITER),
                          {m_path, writer == &a ? QStringLiteral("a") : QStringLiteral("b"), QStringLiteral("30")});
        }
        for (QProcess *writer : {&a, &b}) {
            QVERIFY(writer->waitForFinished(60000));
            QVERIFY2(writer->exitStatus() == QProcess::NormalExit && writer->exitCode() == 0,
                     writer->readAllStandardError().constData());
        }
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QSet<QString> tokens;
        for (const Session &session : read.value())
            tokens.insert(session.token);
        QCOMPARE(read->size(), 60);
        for (int i = 0; i < 30; ++i) {
            QVERIFY(tokens.contains(QStringLiteral("a-%1").arg(i)));
            QVERIFY(tokens.contains(QStringLiteral("b-%1").arg(i)));
        }
    }

    void unreadableFileIsKeptAsideNotOverwritten()
    {
        REQUIRE_OK(SessionFile::write(m_path, randomBytes(32), {fullSession(QStringLiteral("tok-other"), kNow + kMinute)}));
        const QByteArray original = readAll(m_path);
        SessionStore store;
        SessionPersistence persistence(store);
        auto attached = persistence.attach(m_path, m_key);
        REQUIRE_OK(attached);
        QCOMPARE(attached.value(), 0);
        QVERIFY(persistence.notice().contains(QStringLiteral("another vault")));
        const QStringList aside = QDir(m_dir.path()).entryList({QStringLiteral("vault.tdvault.sessions.unreadable-*")});
        QCOMPARE(aside.size(), 1);
        QVERIFY(persistence.notice().contains(aside.first()));
        QCOMPARE(readAll(m_dir.filePath(aside.first())), original);
        store.add(fullSession(QStringLiteral("tok-new"), kNow + kMinute));
        REQUIRE_OK(persistence.save());
        QCOMPARE(readAll(m_dir.filePath(aside.first())), original);
        QFile::remove(m_dir.filePath(aside.first()));
    }

    void newerFileIsNeitherReadNorOverwritten()
    {
        REQUIRE_OK(SessionFile::write(m_path, m_key, {}));
        QByteArray bytes = readAll(m_path);
        bytes[7] = 9;
        writeAll(m_path, bytes);
        SessionStore store;
        SessionPersistence persistence(store);
        REQUIRE_CODE(persistence.attach(m_path, m_key), ErrorCode::UnsupportedVersion);
        QVERIFY(!persistence.isAttached());
        store.add(fullSession(QStringLiteral("tok"), kNow + kMinute));
        REQUIRE_CODE(persistence.save(), ErrorCode::NotFound);
        QCOMPARE(readAll(m_path), bytes);
    }

    void autoSaveFollowsChanges()
    {
        SessionStore store;
        SessionPersistence persistence(store);
        persistence.setAutoSave(10);
        REQUIRE_OK(persistence.attach(m_path, m_key));
        store.add(fullSession(QStringLiteral("tok-auto"), kNow + kMinute));
        QTRY_VERIFY_WITH_TIMEOUT(!persistence.hasUnsavedChanges(), 5000);
        auto read = SessionFile::read(m_path, m_key);
        REQUIRE_OK(read);
        QCOMPARE(read->size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_SessionPersistence)
#include "tst_SessionPersistence.moc"
