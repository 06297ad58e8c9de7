// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QNetworkProxy>
#include <QProcessEnvironment>
#include <QUrl>

namespace td {

struct TransportSettings;

// Which proxy a request goes through, chosen as curl chooses: --proxy (or the environment's
// proxy) first, else https_proxy/HTTPS_PROXY for https and http_proxy for http (never HTTP_PROXY,
// which a CGI server fills from a request header), else all_proxy/ALL_PROXY; no_proxy/NO_PROXY
// (host names, domain suffixes, IP addresses, CIDR ranges, or *) and --no-proxy bypass it.
struct ProxyChoice {
    QUrl url;       // empty: no proxy, straight to the server
    QString source; // "--proxy", "https_proxy", ... or why none: "no_proxy", "--no-proxy"

    bool isDirect() const { return url.isEmpty(); }
    bool overTls() const { return url.scheme() == QLatin1String("https"); } // TLS to the proxy itself
    // The URL as it may be shown: scheme, user, host and port, never a password.
    QString shown() const;
    // "host:port", the port defaulted as the connection defaults it; empty when direct.
    QString hostAndPort() const;
    QNetworkProxy toNetworkProxy() const;

    static Result<ProxyChoice> choose(const QUrl &target, const TransportSettings &settings,
                                      const QProcessEnvironment &environment);
    // http://, https:// (TLS to the proxy itself), socks5:// or socks5h:// with a host; no scheme
    // means http://; no port means 443 for https:// and 1080 for the others, as curl.
    static Result<QUrl> parse(const QString &text, const QString &source);
    // Whether a no_proxy list (comma-separated) exempts `host`.
    static bool bypassed(const QString &host, const QString &noProxy);
};

} // namespace td
