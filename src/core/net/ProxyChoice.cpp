// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/ProxyChoice.h"

#include "core/net/TransportSettings.h"

#include <QHostAddress>

namespace td {

namespace {

// curl's defaults: 443 for an https:// proxy, 1080 for every other scheme.
int defaultPort(const QUrl &url)
{
    return url.scheme() == QLatin1String("https") ? 443 : 1080;
}

bool isSocks(const QUrl &url)
{
    return url.scheme() == QLatin1String("socks5") || url.scheme() == QLatin1String("socks5h");
}

// The first variable of `names` that is set and not empty, with its name.
std::pair<QString, QString> firstSet(const QProcessEnvironment &environment, std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        const QString value = environment.value(QLatin1String(name)).trimmed();
        if (!value.isEmpty())
            return {QLatin1String(name), value};
    }
    return {};
}

bool entryMatches(const QString &host, const QHostAddress &address, QString entry)
{
    if (entry == QLatin1String("*"))
        return true;
    if (entry.contains(QLatin1Char('/')) && !address.isNull()) {
        const std::pair<QHostAddress, int> subnet = QHostAddress::parseSubnet(entry);
        return subnet.second >= 0 && address.isInSubnet(subnet);
    }
    if (entry.startsWith(QLatin1Char('[')) && entry.endsWith(QLatin1Char(']')))
        entry = entry.mid(1, entry.size() - 2);
    const QHostAddress entryAddress(entry);
    if (!entryAddress.isNull() || !address.isNull())
        return !entryAddress.isNull() && entryAddress.isEqual(address);
    while (entry.startsWith(QLatin1Char('.')))
        entry.remove(0, 1);
    if (entry.isEmpty())
        return false;
    return host.compare(entry, Qt::CaseInsensitive) == 0
        || host.endsWith(QLatin1Char('.') + entry, Qt::CaseInsensitive);
}

} // namespace

QString ProxyChoice::shown() const
{
    if (isDirect())
        return {};
    return url.adjusted(QUrl::RemovePassword | QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
        .toString();
}

QString ProxyChoice::hostAndPort() const
{
    return isDirect() ? QString() : QStringLiteral("%1:%2").arg(url.host()).arg(url.port(defaultPort(url)));
}

QNetworkProxy ProxyChoice::toNetworkProxy() const
{
    if (isDirect())
        return QNetworkProxy(QNetworkProxy::NoProxy);
    QNetworkProxy proxy(isSocks(url) ? QNetworkProxy::Socks5Proxy : QNetworkProxy::HttpProxy, url.host(),
                        quint16(url.port(defaultPort(url))), url.userName(QUrl::FullyDecoded),
                        url.password(QUrl::FullyDecoded));
    // socks5:// resolves the name here and socks5h:// at the proxy, as curl; an HTTP proxy is
    // given the name in its CONNECT line.
    if (url.scheme() == QLatin1String("socks5"))
        proxy.setCapabilities(proxy.capabilities() & ~QNetworkProxy::HostNameLookupCapability);
    return proxy;
}

Result<QUrl> ProxyChoice::parse(const QString &text, const QString &source)
{
    QString trimmed = text.trimmed();
    if (!trimmed.contains(QLatin1String("://")))
        trimmed.prepend(QLatin1String("http://"));
    QUrl url(trimmed, QUrl::StrictMode);
    url.setScheme(url.scheme().toLower());
    const auto invalid = [&source, &url](const QString &why) {
        return makeError(ErrorCode::ConfigInvalid, QStringLiteral("The proxy %1 (from %2) %3")
                                                       .arg(url.adjusted(QUrl::RemovePassword).toString(), source, why));
    };
    if (!url.isValid() || url.host().isEmpty())
        return invalid(QStringLiteral("is not a proxy URL with a host"));
    if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https") && !isSocks(url))
        return invalid(QStringLiteral("must be http://, https://, socks5:// or socks5h://"));
    return url;
}

bool ProxyChoice::bypassed(const QString &host, const QString &noProxy)
{
    const QHostAddress address(host);
    const QStringList entries = noProxy.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString entry : entries) {
        entry = entry.trimmed();
        // "host:port" entries exempt the host whatever the port, as curl does.
        if (const qsizetype colon = entry.lastIndexOf(QLatin1Char(':'));
            colon > 0 && !entry.contains(QLatin1Char('/')) && entry.count(QLatin1Char(':')) == 1)
            entry.truncate(colon);
        if (!entry.isEmpty() && entryMatches(host, address, entry))
            return true;
    }
    return false;
}

Result<ProxyChoice> ProxyChoice::choose(const QUrl &target, const TransportSettings &settings,
                                        const QProcessEnvironment &environment)
{
    if (settings.noProxy)
        return ProxyChoice{{}, QStringLiteral("--no-proxy")};
    std::pair<QString, QString> chosen;
    if (!settings.proxy.isEmpty())
        chosen = {QStringLiteral("--proxy"), settings.proxy};
    else if (target.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0)
        chosen = firstSet(environment, {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"});
    else
        chosen = firstSet(environment, {"http_proxy", "all_proxy", "ALL_PROXY"});
    if (chosen.second.isEmpty())
        return ProxyChoice{};
    const auto [noProxyName, noProxy] = firstSet(environment, {"no_proxy", "NO_PROXY"});
    if (bypassed(target.host(), noProxy))
        return ProxyChoice{{}, noProxyName};
    Result<QUrl> url = parse(chosen.second, chosen.first);
    if (!url)
        return url.error();
    return ProxyChoice{url.value(), chosen.first};
}

} // namespace td
