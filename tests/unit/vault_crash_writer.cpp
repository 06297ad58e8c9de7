// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper for tst_Vault's crash-safety test: opens the vault given as the only argument (the
// passphrase in TOKENDESK_VAULT_PASSPHRASE) and saves it in a loop, each time with the "counter"
// entry one higher, printing "saving N" just before each save and "N" once it has returned. The
// test kills it with SIGKILL at random moments and reads from the last line where the kill landed.
#include "core/vault/Vault.h"

#include <QCoreApplication>

#include <cstdio>

using namespace td;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: vault_crash_writer VAULT\n");
        return 2;
    }
    const SecureBytes passphrase(qgetenv("TOKENDESK_VAULT_PASSPHRASE"));
    auto vault = Vault::open(QString::fromLocal8Bit(argv[1]), passphrase);
    if (!vault) {
        std::fprintf(stderr, "open: %s\n", qPrintable(vault.error().toString()));
        return 1;
    }
    vault.value()->setIdleLockMs(0);
    std::printf("ready\n");
    std::fflush(stdout);
    for (int round = 0; round < 100000; ++round) {
        auto entry = vault.value()->find(QStringLiteral("counter"));
        if (!entry) {
            std::fprintf(stderr, "no counter entry\n");
            return 1;
        }
        const long long next = entry->identity.toLongLong() + 1;
        entry->identity = QString::number(next);
        if (auto updated = vault.value()->update(QStringLiteral("counter"), entry.value()); !updated) {
            std::fprintf(stderr, "update: %s\n", qPrintable(updated.error().toString()));
            return 1;
        }
        std::printf("saving %lld\n", next);
        std::fflush(stdout);
        if (auto saved = vault.value()->save(); !saved) {
            std::fprintf(stderr, "save: %s\n", qPrintable(saved.error().toString()));
            return 1;
        }
        std::printf("%lld\n", next);
        std::fflush(stdout);
    }
    return 0;
}
