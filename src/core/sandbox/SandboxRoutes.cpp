// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxRoutes.h"

namespace td {

namespace {

struct Route {
    const char *path;
    const char *method;
    const char *id;
};

// The default paths and the seeds' curl spellings without the version segment.
constexpr Route kRoutes[] = {
    {"/token-service/new/v2/token", "POST", "bankezy.get-app-token"},
    {"/token-service/new/token", "POST", "bankezy.get-app-token"},
    {"/token-service/client/server/new/v2/token", "POST", "bankezy.get-user-token"},
    {"/token-service/client/server/new/token", "POST", "bankezy.get-user-token"},
    {"/token-service/client/app/renew/v2/token", "POST", "bankezy.renew-token"},
    {"/token-service/client/app/renew/token", "POST", "bankezy.renew-token"},
    {"/apim-token-service/v2.0/token/get", "POST", "enos.get-token"},
    {"/apim-token-service/token/get", "POST", "enos.get-token"},
    {"/apim-token-service/v2.0/token/refresh", "POST", "enos.refresh-token"},
    {"/apim-token-service/token/refresh", "POST", "enos.refresh-token"},
    {"/api/v2/auth/token", "POST", "secmgmt.create-token"},
    {"/api/v2/auth/token", "PUT", "secmgmt.refresh-token"},
    {"/api/auth/token", "POST", "secmgmt.create-token"},
    {"/api/auth/token", "PUT", "secmgmt.refresh-token"},
};

} // namespace

SandboxRoutes::Result SandboxRoutes::match(const QString &path, const QByteArray &method)
{
    Result result;
    QByteArray allowed;
    // A trailing slash is the same resource for the clients we emulate.
    QStringView p(path);
    if (p.size() > 1 && p.endsWith(QLatin1Char('/')))
        p.chop(1);
    for (const Route &route : kRoutes) {
        if (p != QLatin1String(route.path))
            continue;
        if (method == route.method) {
            result.match = Match::Endpoint;
            result.endpointId = QString::fromLatin1(route.id);
            return result;
        }
        if (!allowed.isEmpty())
            allowed += ", ";
        allowed += route.method;
    }
    if (!allowed.isEmpty()) {
        result.match = Match::WrongMethod;
        result.allowed = allowed;
    }
    return result;
}

QStringList SandboxRoutes::endpointIds()
{
    return {QStringLiteral("bankezy.get-app-token"), QStringLiteral("bankezy.get-user-token"),
            QStringLiteral("bankezy.renew-token"),   QStringLiteral("enos.get-token"),
            QStringLiteral("enos.refresh-token"),    QStringLiteral("secmgmt.create-token"),
            QStringLiteral("secmgmt.refresh-token")};
}

QString SandboxRoutes::family(const QString &endpointId)
{
    return endpointId.section(QLatin1Char('.'), 0, 0);
}

} // namespace td
