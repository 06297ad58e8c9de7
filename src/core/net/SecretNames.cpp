// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretNames.h"

#include <QLatin1String>

namespace td {

bool isSecretName(QStringView name)
{
    static const QLatin1String kSecret[] = {
        QLatin1String("secret"),       QLatin1String("appSecret"),    QLatin1String("password"),
        QLatin1String("apiKey"),       QLatin1String("sdkApiKey"),    QLatin1String("token"),
        QLatin1String("accessToken"),  QLatin1String("refreshToken"), QLatin1String("X-API-TOKEN"),
        QLatin1String("Authorization"), QLatin1String("d"),           QLatin1String("privateKey"),
        QLatin1String("k"),
    };
    for (QLatin1String secret : kSecret) {
        if (name.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isSecretHeaderName(QStringView name)
{
    static const QLatin1String kSecretHeaders[] = {
        QLatin1String("X-API-KEY"),     QLatin1String("X-Api-Secret"),  QLatin1String("X-Auth-Token"),
        QLatin1String("X-Access-Token"), QLatin1String("Cookie"),       QLatin1String("Set-Cookie"),
        QLatin1String("Proxy-Authorization"),
    };
    if (isSecretName(name))
        return true;
    for (QLatin1String secret : kSecretHeaders) {
        if (name.compare(secret, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace td
