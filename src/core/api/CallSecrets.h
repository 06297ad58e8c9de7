// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HttpRequest.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

namespace td {

class ApiCall;
struct CallContext;
struct PreparedCall;

// The secret names and values one call knows, gathered in one place for everything that stores
// or shows the call (history, the response panes, the CLI's exchange, curl): the spec's secret
// fields, the credentials and tokens it sent (X-API-KEY included), the tokens it got back, the
// tokens its family carried, and the secrets of earlier sessions the caller passes in
// (SessionStore::secretValues(): api/ knows nothing of sessions).
class CallSecrets
{
public:
    CallSecrets() = default;
    CallSecrets(QStringList names, QStringList values);

    static CallSecrets of(const ApiCall &call, const QStringList &earlierSecrets = {});
    // What a prepared call knows before its answer is read: secret fields and headers sent, the
    // family's carried tokens.
    static CallSecrets of(const PreparedCall &prepared, const CallContext &context);

    // Whether a carried value of that name is a secret: secret names and headers, and anything
    // named like a token (appToken, userToken, accessToken ...).
    static bool carriesSecret(const QString &name);

    const QStringList &names() const { return m_names; }
    const QStringList &values() const { return m_values; }
    void addValue(const QString &value);
    // The values of `values` whose names are secret (by the spec's names and SecretNames).
    void addValuesNamedSecret(const QMap<QString, QString> &values);

    // SecretMasker::maskBody / maskText / maskRequest with these names and values.
    QByteArray maskBody(const QByteArray &body) const;
    QString maskText(const QString &text) const;
    HttpRequest maskRequest(const HttpRequest &request) const;

private:
    QStringList m_names;
    QStringList m_values;
};

} // namespace td
