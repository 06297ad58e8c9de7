// SPDX-License-Identifier: GPL-3.0-or-later
// The vault (issue 4): open and save of a 5,000-entry vault at the default scrypt cost, beside
// scrypt alone at the same cost, so "time beyond scrypt" = open (or save) minus scrypt. The same
// three at the lowest cost (2^10) show the part beyond scrypt with almost no scrypt in it.
// Google Benchmark cases registered statically; tokendesk_bench.cpp's main runs them.
#include "core/crypto/Random.h"
#include "core/jose/Jwk.h"
#include "core/vault/Vault.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QTemporaryDir>

#include <memory>

namespace {

using namespace td;

constexpr int kEntries = 5000;

// A vault file of kEntries entries, mixed as an engineer's would be: mostly credentials, a
// quarter keys (EC of every curve, oct, a few RSA), with tags, environment links and notes.
class VaultFixture
{
public:
    static VaultFixture &instance()
    {
        static VaultFixture fixture;
        return fixture;
    }

    const SecureBytes &passphrase() const { return m_passphrase; }
    QString path(int log2N) const { return m_dir.filePath(QStringLiteral("vault-%1.tdv").arg(log2N)); }
    bool ready() const { return m_ready; }

private:
    VaultFixture() : m_passphrase(QByteArrayView("bench vault passphrase"))
    {
        // Vault arms a QTimer, which needs an application object; the bench's main has none.
        static int argc = 1;
        static char name[] = "tokendesk-bench";
        static char *argv[] = {name, nullptr};
        if (!QCoreApplication::instance())
            new QCoreApplication(argc, argv); // lives as long as the process

        QList<Jwk> keys;
        for (Curve curve : {Curve::P256, Curve::P256, Curve::P256, Curve::P384, Curve::P521})
            for (int i = 0; i < 8; ++i)
                keys.append(Jwk::generateEc(curve).value());
        for (int i = 0; i < 3; ++i)
            keys.append(Jwk::generateRsa(2048).value());
        for (int i = 0; i < 10; ++i)
            keys.append(Jwk::generateOct(i % 2 ? 256 : 128).value());

        for (int log2N : {10, ScryptParams().log2N}) {
            auto created = Vault::create(path(log2N), m_passphrase, ScryptParams{log2N, 8, 1});
            if (!created)
                return;
            Vault &vault = *created.value();
            vault.setIdleLockMs(0);
            for (int i = 0; i < kEntries; ++i) {
                VaultEntry entry;
                const QString name = QStringLiteral("partner-%1 %2").arg(i / 10, 3, 10, QLatin1Char('0')).arg(i);
                switch (i % 8) {
                case 0:
                case 1: {
                    Jwk key = keys.at(i % keys.size());
                    key.setKid(QStringLiteral("kid-%1").arg(i));
                    entry = VaultEntry::fromKey(name, key);
                    break;
                }
                case 2:
                case 3:
                case 4:
                    entry = VaultEntry::credential(VaultEntry::Kind::ApiCredential, name, {}, randomBytes(32));
                    break;
                case 5:
                case 6:
                    entry = VaultEntry::credential(VaultEntry::Kind::AppKey, name,
                                                   QStringLiteral("ak-%1-7f3e2c1d9b8a").arg(i), randomBytes(24));
                    break;
                default:
                    entry = VaultEntry::credential(VaultEntry::Kind::Login, name,
                                                   QStringLiteral("support.user%1@example.com").arg(i), randomBytes(16));
                    break;
                }
                entry.tags = QStringList{QStringLiteral("team-%1").arg(i % 7), QStringLiteral("uat")};
                entry.environments = QStringList{QStringLiteral("Env %1 UAT").arg(i % 40)};
                entry.notes = QStringLiteral("Issued for ticket SUP-%1; rotate with the partner's ops team, "
                                             "contact via the shared channel.")
                                  .arg(10000 + i);
                if (i % 3 == 0)
                    entry.lastUsed = QDateTime::currentDateTimeUtc();
                if (i % 5 == 0)
                    entry.rotateBy = QDate(2027, 1, 1 + i % 28);
                if (!vault.add(entry))
                    return;
            }
            if (!vault.save())
                return;
        }
        m_ready = true;
    }

    QTemporaryDir m_dir;
    SecureBytes m_passphrase;
    bool m_ready = false;
};

void scryptAlone(benchmark::State &state)
{
    const ScryptParams params{static_cast<int>(state.range(0)), 8, 1};
    const SecureBytes passphrase(QByteArrayView("bench vault passphrase"));
    const SecureBytes salt = randomBytes(16);
    for (auto _ : state) {
        auto keys = VaultFormat::deriveKeys(passphrase, salt.view(), params);
        if (!keys.ok()) {
            state.SkipWithError("scrypt failed");
            return;
        }
        benchmark::DoNotOptimize(keys.value().data());
    }
}

void openVault(benchmark::State &state)
{
    VaultFixture &fixture = VaultFixture::instance();
    if (!fixture.ready()) {
        state.SkipWithError("could not build the 5,000-entry vault");
        return;
    }
    for (auto _ : state) {
        auto vault = Vault::open(fixture.path(static_cast<int>(state.range(0))), fixture.passphrase());
        if (!vault.ok() || vault.value()->entries().size() != kEntries) {
            state.SkipWithError("open failed or lost entries");
            return;
        }
    }
}

void saveVault(benchmark::State &state)
{
    VaultFixture &fixture = VaultFixture::instance();
    if (!fixture.ready()) {
        state.SkipWithError("could not build the 5,000-entry vault");
        return;
    }
    auto vault = Vault::open(fixture.path(static_cast<int>(state.range(0))), fixture.passphrase());
    if (!vault.ok()) {
        state.SkipWithError("open failed");
        return;
    }
    vault.value()->setIdleLockMs(0);
    const QList<VaultEntry> entries = vault.value()->entries();
    qsizetype next = 0;
    for (auto _ : state) {
        // The usual save: one entry changed since the last one.
        vault.value()->markUsed(entries.at(next++ % entries.size()).name);
        if (!vault.value()->save().ok()) {
            state.SkipWithError("save failed");
            return;
        }
    }
}

// The first save after open, when every credential's JSON text is still to be made (keys keep
// the text they were read from).
void firstSaveAfterOpen(benchmark::State &state)
{
    VaultFixture &fixture = VaultFixture::instance();
    if (!fixture.ready()) {
        state.SkipWithError("could not build the 5,000-entry vault");
        return;
    }
    for (auto _ : state) {
        state.PauseTiming();
        auto vault = Vault::open(fixture.path(static_cast<int>(state.range(0))), fixture.passphrase());
        if (!vault.ok()) {
            state.SkipWithError("open failed");
            return;
        }
        vault.value()->setIdleLockMs(0);
        state.ResumeTiming();
        if (!vault.value()->save().ok()) {
            state.SkipWithError("save failed");
            return;
        }
        state.PauseTiming();
        vault.value().reset();
        state.ResumeTiming();
    }
}

} // namespace

BENCHMARK(scryptAlone)->ArgName("log2N")->Arg(10)->Arg(td::ScryptParams().log2N)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(openVault)->ArgName("log2N")->Arg(10)->Arg(td::ScryptParams().log2N)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(saveVault)->ArgName("log2N")->Arg(10)->Arg(td::ScryptParams().log2N)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(firstSaveAfterOpen)->ArgName("log2N")->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
