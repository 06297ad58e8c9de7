// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurlImportApplier.h"

#include "gui/api/ApiPage.h"

#include "core/api/EndpointSpec.h"
#include "core/net/EnvironmentStore.h"
#include "core/net/SecretMasker.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultEntry.h"
#include "core/vault/VaultReference.h"

#include <QCoreApplication>

#include <algorithm>

namespace td {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("td::CurlImportApplier", text, disambiguation, n);
}

QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    return url;
}

} // namespace

CurlImportApplier::CurlImportApplier(ApiPage &page, EnvironmentStore &environments, Vault *vault)
    : m_page(page), m_environments(environments), m_vault(vault)
{
}

QStringList CurlImportApplier::environmentsWithBase(const QList<Environment> &environments, const QString &family,
                                                    const QString &baseUrl)
{
    QStringList names;
    const QString wanted = withoutTrailingSlash(baseUrl);
    for (const Environment &environment : environments) {
        if (!wanted.isEmpty() && withoutTrailingSlash(environment.baseUrlFor(family)).compare(wanted, Qt::CaseInsensitive) == 0)
            names.append(environment.name);
    }
    return names;
}

QMap<QString, QString> CurlImportApplier::formValues(const CurlImport &import, QStringList *computed)
{
    QMap<QString, QString> values;
    for (auto it = import.values.cbegin(); it != import.values.cend(); ++it) {
        const FieldSpec *field = import.endpoint ? import.endpoint->field(it.key()) : nullptr;
        if (field && field->computed) {
            if (computed)
                computed->append(it.key());
            continue;
        }
        values.insert(it.key(), it.value());
    }
    return values;
}

QStringList CurlImportApplier::secretValues(const CurlImport &import)
{
    QStringList secrets;
    for (auto it = import.values.cbegin(); it != import.values.cend(); ++it) {
        if (import.isSecret(it.key()) && !it.value().isEmpty())
            secrets.append(it.value());
    }
    // The longest first: a secret that contains another is masked whole.
    std::sort(secrets.begin(), secrets.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
    return secrets;
}

QString CurlImportApplier::maskedCommand(const QString &text, const CurlImport &import)
{
    QString masked = text;
    for (const QString &secret : secretValues(import)) {
        if (!masked.contains(secret))
            return tr("(The command is hidden: it holds secrets written in a way they could not be masked. "
                      "Edit the command to see it.)");
        masked.replace(secret, QString::fromLatin1(SecretMasker::mask()));
    }
    return masked;
}

QString CurlImportApplier::vaultEntryName(const CurlImport &import, const QString &field)
{
    return QStringLiteral("%1 %2").arg(import.endpoint ? import.endpoint->id : QStringLiteral("curl"), field);
}

Result<void> CurlImportApplier::chooseEnvironment(const CurlImport &import, const Choice &choice)
{
    Q_UNUSED(import);
    if (choice.target == Choice::Target::NewEnvironment) {
        Environment environment;
        environment.name = choice.environmentName.trimmed();
        environment.baseUrl = choice.baseUrl.trimmed();
        if (Result<void> added = m_environments.add(environment); !added)
            return added.error();
    }
    if (choice.target != Choice::Target::CurrentEnvironment && !m_page.selectEnvironment(choice.environmentName.trimmed()))
        return makeError(ErrorCode::NotFound, tr("There is no environment \"%1\".").arg(choice.environmentName));
    return {};
}

Result<QStringList> CurlImportApplier::moveSecretsToVault(const CurlImport &import, QMap<QString, QString> &values)
{
    QStringList stored;
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (!import.isSecret(it.key()) || it.value().isEmpty() || VaultReference::isReference(it.value()))
            continue;
        const QByteArray secret = it.value().toUtf8();
        QString name = vaultEntryName(import, it.key());
        // The same secret already kept under that name is used again; another value gets a new name.
        for (int n = 2; m_vault->find(name) && m_vault->find(name)->secret.toByteArray() != secret; ++n)
            name = QStringLiteral("%1 %2").arg(vaultEntryName(import, it.key())).arg(n);
        if (!m_vault->find(name)) {
            VaultEntry entry = VaultEntry::credential(VaultEntry::Kind::ApiCredential, name, QString(), SecureBytes(secret));
            if (Result<void> added = m_vault->add(entry); !added)
                return added.error();
        }
        it.value() = VaultReference{name, VaultReference::Part::Secret}.toString();
        stored.append(name);
    }
    if (!stored.isEmpty()) {
        if (Result<void> saved = m_vault->save(); !saved)
            return saved.error();
    }
    return stored;
}

Result<QString> CurlImportApplier::apply(const CurlImport &import, const Choice &choice)
{
    if (!import.endpoint)
        return makeError(ErrorCode::NotFound, tr("No endpoint has %1 %2: nothing to fill.")
                                                   .arg(QString::fromLatin1(import.method), import.path));
    if (Result<void> chosen = chooseEnvironment(import, choice); !chosen)
        return chosen.error();
    QStringList computed;
    QMap<QString, QString> values = formValues(import, &computed);
    QStringList sentences;
    if (!secretValues(import).isEmpty()) {
        if (!m_vault || m_vault->isLocked()) {
            sentences.append(tr("The vault is locked: the secrets are in the form (masked), not in the vault."));
        } else if (choice.saveSecrets) {
            Result<QStringList> stored = moveSecretsToVault(import, values);
            if (!stored)
                return stored.error();
            sentences.append(tr("Secrets kept in the vault as: %1.").arg(stored->join(QStringLiteral(", "))));
        }
    }
    if (!m_page.openEndpoint(import.endpoint->id, values))
        return makeError(ErrorCode::NotFound, tr("The APIs page has no endpoint %1.").arg(import.endpoint->id));
    sentences.prepend(tr("%1: %n field(s) filled in %2.", nullptr, int(values.size()))
                          .arg(import.endpoint->title, m_page.currentEnvironment().name));
    if (!computed.isEmpty())
        sentences.append(tr("Made again on send, not taken from the command: %1.").arg(computed.join(QStringLiteral(", "))));
    if (!import.unmatched.isEmpty())
        sentences.append(tr("Not filled (no field takes them): %1.").arg(import.unmatched.join(QStringLiteral(", "))));
    return sentences.join(QLatin1Char(' '));
}

} // namespace td
