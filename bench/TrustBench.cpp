// SPDX-License-Identifier: GPL-3.0-or-later
// The pin check (--pin): the chain OpenSSL builds from the presented certificates to the system's
// CAs and --ca-file, once per request. TokenDesk's path, with the system's CAs read once per
// process, beside what it did before: a store that reads the system bundle on every check.
// Google Benchmark cases registered statically; tokendesk_bench.cpp's main runs them.
#include "core/crypto/OpenSslPtr.h"
#include "core/net/CertificatePins.h"
#include "core/net/X509Conversion.h"

#include <benchmark/benchmark.h>

#include <QSslCertificate>

#include <openssl/x509_vfy.h>

namespace {

using namespace td;

const QString kDataDir = QStringLiteral(TOKENDESK_TEST_DATA_DIR "/net/");

// The test server's leaf (as a server presents it) and the private CA given with --ca-file.
struct Chain {
    QList<QSslCertificate> presented = QSslCertificate::fromPath(kDataDir + QStringLiteral("server.pem"));
    QList<QSslCertificate> extraTrusted = QSslCertificate::fromPath(kDataDir + QStringLiteral("ca.pem"));
    bool valid() const { return presented.size() == 1 && extraTrusted.size() == 1; }
};

void pinChainCheck(benchmark::State &state)
{
    const Chain chain;
    if (!chain.valid() || CertificatePins::verifiedChain(chain.presented, chain.extraTrusted).size() != 2) {
        state.SkipWithError("the test chain does not verify");
        return;
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(CertificatePins::verifiedChain(chain.presented, chain.extraTrusted));
}

// The same check with X509_STORE_set_default_paths per call, as before the CAs were kept.
void pinChainCheckReadingTheStore(benchmark::State &state)
{
    const Chain chain;
    const X509Ptr leaf = toX509(chain.presented.value(0));
    const X509Ptr ca = toX509(chain.extraTrusted.value(0));
    if (!chain.valid() || !leaf || !ca) {
        state.SkipWithError("the test chain does not load");
        return;
    }
    for (auto _ : state) {
        const X509StorePtr store(X509_STORE_new());
        const X509StoreCtxPtr context(X509_STORE_CTX_new());
        X509_STORE_set_default_paths(store.get());
        X509_STORE_add_cert(store.get(), ca.get());
        X509_STORE_CTX_init(context.get(), store.get(), leaf.get(), nullptr);
        benchmark::DoNotOptimize(X509_verify_cert(context.get()));
    }
}

BENCHMARK(pinChainCheck)->Name("pin_chain_check/TokenDesk")->Unit(benchmark::kMicrosecond);
BENCHMARK(pinChainCheckReadingTheStore)->Name("pin_chain_check/store_read_per_check")->Unit(benchmark::kMicrosecond);

} // namespace
