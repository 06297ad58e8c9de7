// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace td {

class VaultEntryModel;

// Narrows the key manager's table to the entries whose name, tags, kind, thumbprint or
// environments contain every word of the filter text (case-insensitive). Matches against the
// source's precomputed search text, and never sorts unless a column was chosen, so a keystroke
// over 5,000 entries costs one pass of substring searches.
class VaultEntryFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit VaultEntryFilterModel(QObject *parent = nullptr);

    void setEntryModel(VaultEntryModel *model);
    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    VaultEntryModel *m_entries = nullptr;
    QString m_text;
    QStringList m_words; // lower case
};

} // namespace td
