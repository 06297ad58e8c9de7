// SPDX-License-Identifier: GPL-3.0-or-later
// The response normalisers of every family: a prepared call of each built-in endpoint and a
// hostile answer. The first byte picks the endpoint, the HTTP status and whether the rest is sent
// as it is or sealed first with the BankEzy session key (so the decrypted JSON is fuzzed too,
// not only the JWE around it). After the built-in endpoints comes one plain spec that reads its
// expiry with every unit the built-in ones do not use (ms-from-now at "a", epoch-s at "b",
// iso-8601 at "c", jwt-exp at "d" and at "token"); with 7 built-in endpoints its selector is 0x07.
#include "FuzzSupport.h"

#include "core/api/BankEzyCrypto.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/RequestBuilder.h"
#include "core/api/ResponseInterpreter.h"
#include "core/net/Environment.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <vector>

namespace {

constexpr qint64 kNowMs = 1700000000000;

struct Prepared {
    td::PreparedCall call;
    td::CallContext context; // what the call was prepared with; each run interprets on a copy
};

td::Environment environment()
{
    td::Environment environment;
    environment.name = QStringLiteral("Fuzz");
    environment.baseUrl = QStringLiteral("http://127.0.0.1:1");
    environment.values = {
        {QStringLiteral("X-API-KEY"), QStringLiteral("MOB-APP-2001")},
        {QStringLiteral("apiKey"), QStringLiteral("MOB-APP")},
        {QStringLiteral("secret"), QStringLiteral("TEST123")},
        {QStringLiteral("sdkApiKey"), QStringLiteral("ABCDEFGH")},
        {QStringLiteral("appKey"), QStringLiteral("5acb82e7-a11e-4300-9164-c8b20b638e8b")},
        {QStringLiteral("appSecret"), QStringLiteral("sandbox-app-secret")},
        {QStringLiteral("username"), QStringLiteral("demo")},
        {QStringLiteral("password"), QStringLiteral("demo-password")},
    };
    return environment;
}

td::CallContext context()
{
    td::CallContext context;
    for (const char *name : {"appToken", "userToken", "accessToken", "refreshToken", "token"})
        context.values.insert(QString::fromLatin1(name), QStringLiteral("carried-") + QString::fromLatin1(name));
    context.values.insert(QStringLiteral("accountNumber"), QStringLiteral("1000"));
    context.appSessionKey = td::SecureBytes(QByteArray(32, '\x11'));
    context.userSessionKey = td::SecureBytes(QByteArray(32, '\x22'));
    return context;
}

// Built once and kept: a prepared call points at its spec.
const td::EndpointSpec &expirySpec()
{
    static const td::EndpointSpec spec = [] {
        const QByteArray json = R"({"id": "fuzz.expiry", "family": "fuzz", "title": "Expiry units", "path": "/expiry",
            "fields": [{"name": "user"}],
            "response": {"code": "code", "success": "0", "token": "token",
                         "expiry": [{"path": "a", "unit": "ms-from-now"}, {"path": "b", "unit": "epoch-s"},
                                    {"path": "c", "unit": "iso-8601"}, {"path": "d", "unit": "jwt-exp"},
                                    {"path": "token", "unit": "jwt-exp"}]}})";
        auto parsed = td::EndpointSpec::fromJson(QJsonDocument::fromJson(json).object());
        if (!parsed)
            fuzz::violated("the expiry spec does not load");
        return std::move(parsed).value();
    }();
    return spec;
}

std::vector<Prepared> prepareAll(const td::Environment &environment)
{
    const QMap<QString, QString> explicitValues{{QStringLiteral("referenceId"), QStringLiteral("123e4567-e89b-12d3-a456-426614174000")},
                                                {QStringLiteral("accountNumber"), QStringLiteral("1234567890123456789")}};
    std::vector<Prepared> prepared;
    QList<const td::EndpointSpec *> specs;
    for (const td::EndpointSpec &spec : td::EndpointCatalog::builtIn().endpoints())
        specs.append(&spec);
    specs.append(&expirySpec());
    for (const td::EndpointSpec *each : specs) {
        const td::EndpointSpec &spec = *each;
        td::CallContext callContext = context();
        auto call = td::RequestBuilder::prepare(spec, environment, explicitValues, callContext, kNowMs);
        if (!call) {
            std::fprintf(stderr, "fuzz_responses: %s not prepared: %s\n", qPrintable(spec.id), qPrintable(call.error().toString()));
            continue;
        }
        prepared.push_back({std::move(call).value(), callContext});
    }
    if (prepared.empty())
        fuzz::violated("no built-in endpoint could be prepared");
    return prepared;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const td::Environment env = environment();
    static const std::vector<Prepared> prepared = prepareAll(env);
    if (size < 1)
        return 0;
    const uint8_t selector = data[0];
    const Prepared &chosen = prepared[(selector & 0x0f) % prepared.size()];
    const bool seal = selector & 0x10;
    td::CallContext callContext = chosen.context;
    td::HttpResponse answer;
    answer.status = selector & 0x80 ? 500 : selector & 0x20 ? 401 : 200;
    answer.receivedAtMs = kNowMs + 250;
    answer.body = fuzz::bytes(data + 1, size - 1).toByteArray();
    if (seal) {
        const td::SecureBytes &key = selector & 0x40 ? callContext.userSessionKey : callContext.appSessionKey;
        auto sealed = td::BankEzyCrypto::encryptPayload(answer.body, key);
        if (!sealed)
            return 0;
        answer.body = sealed.value();
    }
    const td::TokenResult result = td::ResponseInterpreter::interpret(chosen.call, answer, callContext, env);
    (void)result.summary();
    return 0;
}
