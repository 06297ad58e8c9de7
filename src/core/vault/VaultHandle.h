// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace td {

class Vault;

// The one vault a workspace works with: its file, and the Vault once someone opened it (the Keys
// page, a CLI command). Whoever opens it hands it over here; everyone else reads it from here, so
// no view owns the vault and the renewer, the recorder and the pages see the same object.
class VaultHandle : public QObject
{
    Q_OBJECT
public:
    explicit VaultHandle(QString path, QObject *parent = nullptr);
    ~VaultHandle() override;

    QString path() const { return m_path; }
    Vault *get() const { return m_vault.get(); }
    std::shared_ptr<Vault> shared() const { return m_vault; }
    // True when a vault is held and unlocked.
    bool isOpen() const;

    // Holds `vault` (replacing any other); emits changed().
    void set(std::shared_ptr<Vault> vault);

Q_SIGNALS:
    void changed(td::Vault *vault);

private:
    QString m_path;
    std::shared_ptr<Vault> m_vault;
};

} // namespace td
