// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace td {

// Replaces secrets with the literal "***" before anything is written to history, logs or exports.
// A name is secret when td::isSecretName() says so or it is in `extraSecretNames` (the endpoint
// spec's secret fields). No character of a secret survives: not a prefix, not the length.
// Headers use a wider list (isSecretHeader: X-API-KEY, Cookie ...). Stored and shown bodies go
// through maskBody(), which holds for every shape an answer can take.
class SecretMasker
{
public:
    static QByteArray mask() { return QByteArrayLiteral("***"); }

    // Bodies larger than this are not scanned: maskBody() withholds them.
    static constexpr qsizetype kMaxMaskedBodyBytes = 1024 * 1024;

    static bool isSecret(QStringView name, const QStringList &extraSecretNames = {});
    // isSecret() plus the headers that carry a pre-shared key or a session (td::isSecretHeaderName).
    static bool isSecretHeader(QStringView name, const QStringList &extraSecretNames = {});

    // Secret header names (isSecretHeader) get "***" as their value; order and names are kept.
    static HttpHeaders maskHeaders(const HttpHeaders &headers, const QStringList &extraSecretNames = {});

    // JSON bodies: every member with a secret name, at any depth, gets "***" as its value, whatever
    // that value was (string, number, object). The rest of the text is kept byte for byte, so
    // numbers keep their precision and the layout stays as sent. A JWE/JWS compact body is kept
    // (it is ciphertext or signed data, what the inspector needs); form-encoded bodies
    // (a=1&password=x) have their secret fields masked; any other body is returned unchanged.
    static QByteArray maskJsonBody(const QByteArray &body, const QStringList &extraSecretNames = {});

    // The one masking for every body that is stored or shown, whatever its shape. Valid JSON and
    // form bodies: maskJsonBody(). Anything else (truncated or malformed JSON, HTML error pages,
    // plain text) gets maskText(). Then every known value, and every value the body itself carries
    // under a secret name, is masked wherever it appears. When that cannot be guaranteed (a known
    // value is still there, or the body is over kMaxMaskedBodyBytes) the body is replaced by
    // withheld(). Empty stays empty.
    static QByteArray maskBody(const QByteArray &body, const QStringList &extraSecretNames,
                               const QStringList &knownSecretValues);
    // The textual pass for bodies that do not parse, also used for messages: `"name": "value`
    // (an unterminated string at the end of a truncated body included, also with escaped quotes),
    // name=value pairs, `name: value` lines, <name>value</name> and JOSE compact tokens (eyJ….…),
    // then the known values. Names match loosely here (access_token, client-secret ...).
    static QByteArray maskText(const QByteArray &text, const QStringList &extraSecretNames,
                               const QStringList &knownSecretValues);
    // "body withheld (N bytes, sha256 abcdef123456)": what is kept of a body that cannot be masked.
    static QByteArray withheld(const QByteArray &body);
    // Whether any known value (at least 4 characters, raw, JSON-escaped or percent-encoded) is in `text`.
    static bool containsKnownValue(const QByteArray &text, const QStringList &secretValues);

    static QMap<QString, QString> maskFields(const QMap<QString, QString> &fields,
                                             const QStringList &extraSecretNames = {});

    // Replaces every occurrence of each value (also JSON-escaped and percent-encoded) with "***",
    // so a token echoed under a non-secret name is masked too. Values shorter than 4 characters
    // are not searched: they would mask unrelated text.
    static QByteArray maskKnownValues(const QByteArray &text, const QStringList &secretValues);
    static QString maskKnownValues(const QString &text, const QStringList &secretValues);

    // The secret values a request or body carries: values of secret headers (also the credential
    // after "Bearer "), of secret query items and of secret JSON/form members (strings and numbers).
    static QStringList secretValuesIn(const HttpRequest &request, const QStringList &extraSecretNames = {});
    static QStringList secretValuesInBody(const QByteArray &body, const QStringList &extraSecretNames = {});

    // The URL with secret query items and a password masked, fully encoded.
    static QByteArray maskUrl(const QUrl &url, const QStringList &extraSecretNames,
                              const QStringList &secretValues);

    // Everything above applied to one request: headers, URL, body, then the known values (those
    // given plus those the request carries) wherever they appear.
    static HttpRequest maskRequest(const HttpRequest &request, const QStringList &extraSecretNames,
                                   const QStringList &secretValues);

    // A JWE (5 segments) or JWS (3 segments) compact serialization, whitespace around allowed.
    static bool isCompactJose(QByteArrayView body);
};

} // namespace td
