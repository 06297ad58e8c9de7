// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper for tst_SessionPersistence's two-writer test, the way the app and `tokendesk-cli`
// share a sessions file: attaches to the file given as the first argument (the key as hex in
// TOKENDESK_SESSIONS_KEY), then adds COUNT sessions with tokens PREFIX-0 … PREFIX-<COUNT-1>,
// saving after each. Exits 1 on the first failed save.
#include "core/session/SessionPersistence.h"
#include "core/session/SessionStore.h"

#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

using namespace td;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 4) {
        std::fprintf(stderr, "usage: sessions_writer FILE PREFIX COUNT\n");
        return 2;
    }
    const SecureBytes key(QByteArray::fromHex(qgetenv("TOKENDESK_SESSIONS_KEY")));
    SessionStore store;
    SessionPersistence persistence(store);
    if (auto attached = persistence.attach(QString::fromLocal8Bit(argv[1]), key); !attached) {
        std::fprintf(stderr, "attach: %s\n", qPrintable(attached.error().toString()));
        return 1;
    }
    const QString prefix = QString::fromLocal8Bit(argv[2]);
    const int count = QByteArray(argv[3]).toInt();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < count; ++i) {
        Session session;
        session.id = QUuid::createUuid();
        session.family = QStringLiteral("enos");
        session.endpointId = QStringLiteral("enos.get-token");
        session.environment.name = QStringLiteral("Sandbox");
        session.environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
        session.token = QStringLiteral("%1-%2").arg(prefix).arg(i);
        session.issuedAtMs = now;
        session.expiresAtMs = now + 3600 * 1000;
        store.add(std::move(session));
        if (auto saved = persistence.save(); !saved) {
            std::fprintf(stderr, "save %d: %s\n", i, qPrintable(saved.error().toString()));
            return 1;
        }
    }
    return 0;
}
