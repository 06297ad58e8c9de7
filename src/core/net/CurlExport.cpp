// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/CurlExport.h"

#include "core/net/SecretMasker.h"

namespace td {

QString CurlExport::shellQuote(const QString &word)
{
    bool safe = !word.isEmpty();
    for (const QChar c : word) {
        const bool plain = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
            || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || QStringView(u"-_./:@%+,=").contains(c);
        if (!plain) {
            safe = false;
            break;
        }
    }
    if (safe)
        return word;
    QString quoted = word;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

QString CurlExport::toCurl(const HttpRequest &request, bool revealSecrets, const QStringList &secretFieldNames,
                           const QStringList &secretValues)
{
    const HttpRequest shown = revealSecrets ? request : SecretMasker::maskRequest(request, secretFieldNames, secretValues);

    QStringList lines;
    lines.append(QStringLiteral("curl --request ") + shellQuote(QString::fromLatin1(shown.method)));
    lines.append(QStringLiteral("  --url ") + shellQuote(QString::fromUtf8(shown.url.toEncoded())));
    for (const auto &[name, value] : shown.headers)
        lines.append(QStringLiteral("  --header ") + shellQuote(QString::fromUtf8(name + ": " + value)));
    if (!shown.body.isEmpty())
        lines.append(QStringLiteral("  --data-raw ") + shellQuote(QString::fromUtf8(shown.body)));
    return lines.join(QStringLiteral(" \\\n"));
}

} // namespace td
