// SPDX-License-Identifier: GPL-3.0-or-later
// The vault file reader (Vault::open: header, scrypt parameters, AES-GCM, the entries document).
// An even first byte: the rest is the file, opened with the passphrase of tests/data/vault's
// fixture. An odd one: the rest is the document, sealed here under that passphrase with the
// cheapest scrypt, so the entries reader sees hostile JSON it would otherwise only see intact.
#include "FuzzSupport.h"

#include "core/vault/Vault.h"
#include "core/vault/VaultFormat.h"

namespace {

// The header may ask for up to 1 GiB of scrypt, by design (tst_VaultFormat checks the bounds);
// the fuzzer opens only files whose cost is a few MiB.
constexpr int kMaxFuzzedLog2N = 12;
constexpr quint32 kMaxFuzzedRp = 16;

const td::SecureBytes &passphrase()
{
    static const td::SecureBytes phrase(QByteArrayView("tokendesk format 1 fixture"));
    return phrase;
}

const td::VaultFormat::SealKey &sealKey()
{
    static const td::VaultFormat::SealKey key = td::VaultFormat::prepareSeal(passphrase(), {10, 8, 1}).value();
    return key;
}

bool cheap(QByteArrayView file)
{
    const auto params = td::VaultFormat::params(file);
    return params && params->log2N <= kMaxFuzzedLog2N && quint64(params->r) * params->p <= kMaxFuzzedRp;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz::ensureApplication();
    if (size < 1)
        return 0;
    const QByteArrayView rest = fuzz::bytes(data + 1, size - 1);
    QByteArray file;
    if (data[0] & 1) {
        auto sealed = td::VaultFormat::seal(td::SecureBytes(rest), sealKey());
        if (!sealed)
            return 0;
        file = sealed.value();
    } else {
        file = rest.toByteArray();
        if (!cheap(file))
            return 0;
    }
    auto vault = td::Vault::open(fuzz::writeScratch(QStringLiteral("fuzz.tdv"), file), passphrase());
    if (!vault) {
        (void)vault.error().toString();
        return 0;
    }
    for (const td::VaultEntry &entry : vault.value()->entries())
        (void)entry.toJson();
    return 0;
}
