// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace td {

class EnvironmentStore;
class HistoryStore;
class SessionStore;
class Vault;

// File → Export support bundle…: which history exchanges (the one selected on the History page,
// else the newest few) and optionally which session go into the ZIP that BundleContents and
// SupportBundle make, the same bundle as `tokendesk-cli bundle`: masked exchanges, environments
// without secrets, key thumbprints, versions.
class SupportBundleDialog : public QDialog
{
    Q_OBJECT
public:
    using PathChooser = std::function<QString(QWidget *parent, const QString &suggested)>;
    static constexpr int kListed = 200;      // the newest exchanges offered
    static constexpr int kDefaultNewest = 5; // checked when none is selected on the History page

    // All must outlive the dialog; `vault` may be null or locked (then no vault thumbprints).
    SupportBundleDialog(const HistoryStore &history, const EnvironmentStore &environments, const SessionStore &sessions,
                        const Vault *vault, const QString &selectedEntryId, QWidget *parent = nullptr);
    ~SupportBundleDialog() override;

    void setPathChooser(PathChooser chooser) { m_choosePath = std::move(chooser); }
    QStringList chosenIds() const;
    QString sessionId() const;
    // Writes the bundle to the path shown; the sentence for the status bar, or why not.
    Result<QString> exportBundle();

Q_SIGNALS:
    void exported(const QString &message);

private:
    void buildLayout();
    void fillHistory(const QString &selectedEntryId);
    void fillSessions();
    void checkNewest(int count);
    void choosePath();
    void onExport();
    void updateExportButton();

    const HistoryStore &m_history;
    const EnvironmentStore &m_environments;
    const SessionStore &m_sessions;
    const Vault *m_vault = nullptr;
    PathChooser m_choosePath;

    QListWidget *m_entries = nullptr;
    QSpinBox *m_newest = nullptr;
    QComboBox *m_session = nullptr;
    QLineEdit *m_path = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_export = nullptr;
};

} // namespace td
