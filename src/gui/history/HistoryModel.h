// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HistoryEntry.h"

#include <QAbstractTableModel>
#include <QList>
#include <QPalette>

namespace td {

// The request history as a table, newest first: time (local), environment, endpoint, outcome,
// HTTP status, duration. Outcome text is coloured with StatusColors for the palette it is given.
class HistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, EnvironmentColumn, EndpointColumn, OutcomeColumn, StatusColumn, DurationColumn, OriginColumn, ColumnCount };
    // Everything the filter box searches: environment, endpoint, outcome, message, URL.
    static constexpr int SearchTextRole = Qt::UserRole + 1;

    explicit HistoryModel(QObject *parent = nullptr);

    // `entries` oldest first, as HistoryStore::load() returns them.
    void setEntries(const QList<HistoryEntry> &entries);
    void prepend(const HistoryEntry &entry); // a newly appended entry goes on top
    void clear();
    void setPalette(const QPalette &palette);

    const HistoryEntry &entry(int row) const { return m_entries.at(row); }

    static QString outcomeText(const HistoryEntry &entry);
    // Stopped by the person: shown in words and without the failure colour.
    static bool isCancelled(const HistoryEntry &entry);
    // Who made the exchange, in words: "Sent", "Flow step", "Renewal", "Retry after renewal".
    static QString originText(HistoryOrigin origin);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryEntry> m_entries; // newest first
    QPalette m_palette;
};

} // namespace td
