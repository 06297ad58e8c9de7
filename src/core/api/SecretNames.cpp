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

} // namespace td
