// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's answers for a user family (GenericFamilyService::handle): what a client sends to
// a user family's route is outside input. The first byte picks one of four user specs (a plain
// and an HMAC-signed family, issue and refresh steps) and whether the refresh is single-use; the
// rest is the request: header lines ("Name: value"), a blank line, the body. The service keeps
// its tokens across inputs, as the running sandbox does. Every answer must be an HTTP status
// with a body, and a success must carry a body the response mapping can read.
#include "FuzzSupport.h"

#include "core/api/EndpointSpec.h"
#include "core/sandbox/GenericFamilyService.h"
#include "core/sandbox/SandboxCredentials.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <vector>

namespace {

// After tests/data/specs: the Globex (plain) and Initech (HMAC-signed) families; the Initech
// refresh sends a form here, so the form reader is reached too.
const char *const kSpecs[] = {
    R"j({"id": "globex.sign-in", "family": "globex", "title": "Sign In", "order": 1, "role": "issue", "method": "POST",
        "path": "/globex/v1/token", "contentType": "application/json",
        "fields": [{"name": "clientId", "in": "body", "label": "Client id", "required": true, "maxLength": 128},
                   {"name": "clientSecret", "in": "body", "label": "Client secret", "required": true, "secret": true}],
        "response": {"code": "status", "message": "detail", "success": ["ok"], "token": "access_token",
                     "refreshToken": "refresh_token", "expiry": [{"path": "expires_in", "unit": "seconds-from-now"}],
                     "outputs": {"accessToken": "access_token", "refreshToken": "refresh_token"}}})j",
    R"j({"id": "globex.refresh", "family": "globex", "title": "Refresh", "order": 2, "role": "refresh", "method": "POST",
        "path": "/globex/v1/refresh", "contentType": "application/json",
        "fields": [{"name": "clientId", "in": "body", "label": "Client id", "required": true},
                   {"name": "refreshToken", "in": "body", "label": "Refresh token", "required": true, "secret": true,
                    "from": "refreshToken"}],
        "response": {"code": "status", "message": "detail", "success": ["ok"], "token": "access_token",
                     "refreshToken": "refresh_token", "expiry": [{"path": "expires_in", "unit": "seconds-from-now"}],
                     "outputs": {"accessToken": "access_token", "refreshToken": "refresh_token"}}})j",
    R"j({"id": "initech.sign-in", "family": "initech", "title": "Sign In", "order": 1, "role": "issue", "method": "POST",
        "path": "/initech/v2/token", "contentType": "application/json",
        "fields": [{"name": "clientId", "in": "body", "label": "Client id", "required": true},
                   {"name": "clientSecret", "in": "credential", "label": "Client secret", "required": true, "secret": true},
                   {"name": "X-Date", "in": "header", "label": "Date", "compute": "now_s()"},
                   {"name": "X-Signature", "in": "header", "label": "Signature",
                    "compute": "base64(hmac_sha256(clientSecret, 'POST\\n/initech/v2/token\\n' + X-Date + '\\n' + clientId))"}],
        "response": {"code": "result", "message": "message", "success": ["0"], "token": "data.accessToken",
                     "refreshToken": "data.refreshToken", "expiry": [{"path": "data.expiresAt", "unit": "epoch-ms"}],
                     "outputs": {"accessToken": "data.accessToken", "refreshToken": "data.refreshToken"}}})j",
    R"j({"id": "initech.refresh", "family": "initech", "title": "Refresh", "order": 2, "role": "refresh", "method": "POST",
        "path": "/initech/v2/refresh", "contentType": "application/x-www-form-urlencoded",
        "fields": [{"name": "clientId", "in": "body", "label": "Client id", "required": true},
                   {"name": "refreshToken", "in": "body", "label": "Refresh token", "required": true, "secret": true,
                    "from": "refreshToken"},
                   {"name": "clientSecret", "in": "credential", "label": "Client secret", "required": true, "secret": true},
                   {"name": "X-Date", "in": "header", "label": "Date", "compute": "now_s()"},
                   {"name": "X-Signature", "in": "header", "label": "Signature",
                    "compute": "base64(hmac_sha256(clientSecret, 'POST\\n/initech/v2/refresh\\n' + X-Date + '\\n' + refreshToken))"}],
        "response": {"code": "result", "message": "message", "success": ["0"], "token": "data.accessToken",
                     "refreshToken": "data.refreshToken", "expiry": [{"path": "data.expiresIn", "unit": "seconds-from-now"}],
                     "outputs": {"accessToken": "data.accessToken", "refreshToken": "data.refreshToken"}}})j",
};

const std::vector<td::EndpointSpec> &specs()
{
    static const std::vector<td::EndpointSpec> loaded = [] {
        std::vector<td::EndpointSpec> list;
        for (const char *json : kSpecs) {
            td::Result<td::EndpointSpec> spec = td::EndpointSpec::fromJson(QJsonDocument::fromJson(json).object());
            if (!spec)
                fuzz::violated(qPrintable(spec.error().message));
            list.push_back(spec.value());
        }
        return list;
    }();
    return loaded;
}

td::GenericFamilyService &service()
{
    static td::GenericFamilyService generic = [] {
        td::Result<td::SandboxKeys> keys = td::SandboxKeys::generate();
        if (!keys)
            fuzz::violated("no sandbox keys");
        td::GenericFamilyService made(td::SandboxConfig(), keys.value());
        td::SandboxCredentials credentials; // the built-in demo set, plus the two user families
        credentials.families.insert(QStringLiteral("globex"), {{QStringLiteral("clientId"), QStringLiteral("globex-client")},
                                                               {QStringLiteral("clientSecret"), QStringLiteral("globex-secret")}});
        credentials.families.insert(QStringLiteral("initech"), {{QStringLiteral("clientId"), QStringLiteral("initech-client")},
                                                                {QStringLiteral("clientSecret"), QStringLiteral("initech-secret")}});
        made.setCredentials(credentials);
        return made;
    }();
    return generic;
}

// "Name: value" lines up to the first empty line; the rest is the body.
td::SandboxRequest requestOf(const td::EndpointSpec &spec, QByteArrayView input)
{
    td::SandboxRequest request;
    request.method = spec.method;
    request.path = spec.path;
    const QByteArray text = input.toByteArray();
    const qsizetype blank = text.indexOf("\n\n");
    const QByteArray head = blank < 0 ? QByteArray() : text.left(blank);
    request.body = blank < 0 ? text : text.mid(blank + 2);
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return request;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const td::EndpointSpec &spec = specs().at(data[0] % specs().size());
    const bool singleUse = (data[0] & 0x10) != 0;
    const td::SandboxReply reply = service().handle(spec, singleUse, requestOf(spec, fuzz::bytes(data + 1, size - 1)));
    if (reply.status < 200 || reply.status > 599 || reply.body.isEmpty())
        fuzz::violated("an answer without an HTTP status or a body");
    if (reply.status == 200 && !QJsonDocument::fromJson(reply.body).isObject())
        fuzz::violated("a success whose body is not a JSON object");
    return 0;
}
