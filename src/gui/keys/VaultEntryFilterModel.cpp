// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultEntryFilterModel.h"

#include "VaultEntryModel.h"

namespace td {

VaultEntryFilterModel::VaultEntryFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(VaultEntryModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void VaultEntryFilterModel::setEntryModel(VaultEntryModel *model)
{
    m_entries = model;
    setSourceModel(model);
}

void VaultEntryFilterModel::setFilterText(const QString &text)
{
    const QStringList words = text.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    m_text = text;
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool VaultEntryFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid() || !m_entries)
        return false;
    if (m_words.isEmpty())
        return true;
    const QString &search = m_entries->searchText(sourceRow);
    for (const QString &word : m_words) {
        if (!search.contains(word))
            return false;
    }
    return true;
}

} // namespace td
