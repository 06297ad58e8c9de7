// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper for tst_Vault's concurrency test, the app's way of writing: opens the vault given as
// the first argument once (the passphrase in TOKENDESK_VAULT_PASSPHRASE), then adds COUNT entries
// called PREFIX-0 … PREFIX-<COUNT-1>, saving after each. Exits 1 on the first failed save.
#include "core/vault/Vault.h"

#include <QCoreApplication>

#include <cstdio>

using namespace td;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 4) {
        std::fprintf(stderr, "usage: vault_add_writer VAULT PREFIX COUNT\n");
        return 2;
    }
    const SecureBytes passphrase(qgetenv("TOKENDESK_VAULT_PASSPHRASE"));
    auto vault = Vault::open(QString::fromLocal8Bit(argv[1]), passphrase);
    if (!vault) {
        std::fprintf(stderr, "open: %s\n", qPrintable(vault.error().toString()));
        return 1;
    }
    vault.value()->setIdleLockMs(0);
    const QString prefix = QString::fromLocal8Bit(argv[2]);
    const int count = QByteArray(argv[3]).toInt();
    for (int i = 0; i < count; ++i) {
        const QString name = QStringLiteral("%1-%2").arg(prefix).arg(i);
        auto added = vault.value()->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, name, {}, SecureBytes(name.toUtf8())));
        if (!added) {
            std::fprintf(stderr, "add: %s\n", qPrintable(added.error().toString()));
            return 1;
        }
        if (auto saved = vault.value()->save(); !saved) {
            std::fprintf(stderr, "save %d: %s\n", i, qPrintable(saved.error().toString()));
            return 1;
        }
    }
    return 0;
}
