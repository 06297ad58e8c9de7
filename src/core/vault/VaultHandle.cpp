// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultHandle.h"

#include "core/vault/Vault.h"

namespace td {

VaultHandle::VaultHandle(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path))
{
}

VaultHandle::~VaultHandle() = default;

bool VaultHandle::isOpen() const
{
    return m_vault && !m_vault->isLocked();
}

void VaultHandle::set(std::shared_ptr<Vault> vault)
{
    if (vault == m_vault)
        return;
    m_vault = std::move(vault);
    Q_EMIT changed(m_vault.get());
}

} // namespace td
