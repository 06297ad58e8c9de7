// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/HistoryEntry.h"
#include "gui/StatusColors.h"

#include <QMap>
#include <QString>
#include <QWidget>

#include <functional>
#include <memory>

class QSortFilterProxyModel;

namespace Ui {
class HistoryPage;
}

namespace td {

class EndpointCatalog;
class HistoryModel;
class HistoryStore;

// The request history: every recorded call, newest first, with its masked request and response,
// and the ways back to it: replay on the API page, copy as curl, clear.
class HistoryPage : public QWidget
{
    Q_OBJECT
public:
    // Asks a yes/no question; a test pre-answers it so no modal box blocks the run.
    using Confirm = std::function<bool(QWidget *parent, const QString &question)>;

    explicit HistoryPage(HistoryStore &store, QWidget *parent = nullptr);
    ~HistoryPage() override;

    void setConfirm(Confirm confirm);
    // Re-reads the file (also done once at construction).
    void reload();

    HistoryModel *model() const { return m_model; }
    // The entry selected in the table, or nullptr.
    const HistoryEntry *currentEntry() const;
    // Selects the row-th visible row.
    void selectRow(int row);
    // Selects the entry with this id (the filter is cleared when it hides it); false when none has it.
    bool selectEntry(const QString &id);
    // The selected entry's request as a curl command on the clipboard (it is masked already).
    void copyAsCurl();
    // The specs entries are named and replayed by (the workspace's, user specs included); not owned.
    void setCatalog(const EndpointCatalog *catalog);

Q_SIGNALS:
    void replayRequested(const QString &endpointId, const QString &environment, const QMap<QString, QString> &values);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onAppended(const HistoryEntry &entry);
    void onCleared();
    void showCurrent();
    void selectNewestIfNone();
    void showEntry(const HistoryEntry *entry);
    void showCauses(const HistoryEntry *entry);
    void replay();
    void clearHistory();
    void updateCount();
    void showMessage(const QString &text, StatusColors::Tone tone = StatusColors::Tone::Neutral);

    std::unique_ptr<Ui::HistoryPage> m_ui;
    HistoryStore &m_store;
    HistoryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    Confirm m_confirm;
    const EndpointCatalog *m_catalog;
    int m_skipped = 0;
};

} // namespace td
