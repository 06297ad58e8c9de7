// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/evidence/CurlImport.h"
#include "core/net/Environment.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace td {

class ApiPage;
class EnvironmentStore;
class Vault;

// Puts a request read from evidence (a pasted curl command, a HAR entry) into the APIs page: the
// environment chosen (a new one for its base URL, or one that has it), the endpoint opened, the
// form filled with the values the endpoint knows; secrets optionally moved into the vault so the
// form holds `vault:NAME` references. What it did not fill is said, never dropped.
class CurlImportApplier
{
public:
    struct Choice {
        enum class Target { NewEnvironment, ExistingEnvironment, CurrentEnvironment };
        Target target = Target::CurrentEnvironment;
        QString environmentName; // the new or existing one
        QString baseUrl;         // for a new one
        bool saveSecrets = false;
    };

    // `vault` may be null or locked: then secrets stay in the form (masked) and the result says so.
    CurlImportApplier(ApiPage &page, EnvironmentStore &environments, Vault *vault);

    // The sentence for the status bar: what was filled and what was not. An error when the
    // environment could not be made or a secret not stored (nothing half-done is hidden).
    Result<QString> apply(const CurlImport &import, const Choice &choice);

    // The environments whose base URL for `family` is `baseUrl` (a trailing '/' ignored).
    static QStringList environmentsWithBase(const QList<Environment> &environments, const QString &family, const QString &baseUrl);
    // The values that go into the form; the computed fields the command carried (a timestamp, a
    // signature: made again on send) are left out and named in `computed`.
    static QMap<QString, QString> formValues(const CurlImport &import, QStringList *computed = nullptr);
    // The values of the endpoint's secret fields, for masking what is shown.
    static QStringList secretValues(const CurlImport &import);
    // `text` (the command as pasted) with every secret value replaced by "***"; when one cannot be
    // found as written (quoted or escaped differently), a note instead of the command.
    static QString maskedCommand(const QString &text, const CurlImport &import);
    // The vault entry a secret field's value is kept in: "<endpoint id> <field>".
    static QString vaultEntryName(const CurlImport &import, const QString &field);

private:
    Result<void> chooseEnvironment(const CurlImport &import, const Choice &choice);
    Result<QStringList> moveSecretsToVault(const CurlImport &import, QMap<QString, QString> &values);

    ApiPage &m_page;
    EnvironmentStore &m_environments;
    Vault *m_vault = nullptr;
};

} // namespace td
