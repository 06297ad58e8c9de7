// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/api/CallSecrets.h"

#include "core/api/ApiCall.h"
#include "core/net/SecretMasker.h"

namespace td {

CallSecrets::CallSecrets(QStringList names, QStringList values)
    : m_names(std::move(names))
{
    for (const QString &value : std::as_const(values))
        addValue(value);
}

bool CallSecrets::carriesSecret(const QString &name)
{
    return SecretMasker::isSecretHeader(name) || name.endsWith(QLatin1String("Token"));
}

void CallSecrets::addValue(const QString &value)
{
    if (!value.isEmpty() && !m_values.contains(value))
        m_values.append(value);
}

void CallSecrets::addValuesNamedSecret(const QMap<QString, QString> &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        if (carriesSecret(it.key()) || SecretMasker::isSecret(it.key(), m_names))
            addValue(it.value());
    }
}

CallSecrets CallSecrets::of(const PreparedCall &prepared, const CallContext &context)
{
    CallSecrets secrets(prepared.spec ? prepared.spec->secretFieldNames() : QStringList(), prepared.secretValues);
    // Pre-shared header values (X-API-KEY) are secret like the body's apiKey.
    for (const ResolvedField &field : prepared.fields) {
        if (field.spec && SecretMasker::isSecretHeader(field.spec->name, secrets.m_names))
            secrets.addValue(field.value);
    }
    const QStringList sent = SecretMasker::secretValuesIn(prepared.request, secrets.m_names)
        + SecretMasker::secretValuesInBody(prepared.plainBody, secrets.m_names);
    for (const QString &value : sent)
        secrets.addValue(value);
    secrets.addValuesNamedSecret(context.values);
    return secrets;
}

CallSecrets CallSecrets::of(const ApiCall &call, const QStringList &earlierSecrets)
{
    CallSecrets secrets = of(call.prepared(), call.context());
    if (secrets.m_names.isEmpty())
        secrets.m_names = call.spec().secretFieldNames();
    secrets.addValuesNamedSecret(call.values()); // also when the call was never prepared
    const TokenResult &result = call.result();
    secrets.addValue(result.token);
    secrets.addValue(result.refreshToken);
    secrets.addValuesNamedSecret(result.outputs);
    for (const QString &value : earlierSecrets)
        secrets.addValue(value);
    return secrets;
}

QByteArray CallSecrets::maskBody(const QByteArray &body) const
{
    return SecretMasker::maskBody(body, m_names, m_values);
}

QString CallSecrets::maskText(const QString &text) const
{
    return QString::fromUtf8(SecretMasker::maskText(text.toUtf8(), m_names, m_values));
}

HttpRequest CallSecrets::maskRequest(const HttpRequest &request) const
{
    return SecretMasker::maskRequest(request, m_names, m_values);
}

} // namespace td
