// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/vault/VaultEntry.h"

#include <QDialog>
#include <QList>
#include <QString>

#include <functional>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace td {

class Vault;

// Picks one vault entry for a field: a small dialog listing the entries a field can use (name,
// kind, tags) with a filter box. Pages call it through the Chooser seam so tests answer it, and
// ask for the name of a new entry through the NameAsker seam.
class VaultPicker : public QDialog
{
    Q_OBJECT
public:
    // Which entries a field can use.
    struct Filter {
        QList<VaultEntry::Kind> kinds;
        bool privateP256Only = false; // BankEzy key-pair fields take only private EC P-256 keys
        bool accepts(const VaultEntry &entry) const;
    };

    // The chosen entry's name; empty when cancelled. `candidates` are the entries that fit.
    using Chooser = std::function<QString(QWidget *parent, const QString &title, const QList<VaultEntry> &candidates)>;
    // The name for a new entry, starting from `suggested`; empty when cancelled.
    using NameAsker = std::function<QString(QWidget *parent, const QString &question, const QString &suggested)>;

    VaultPicker(const QString &title, const QList<VaultEntry> &candidates, QWidget *parent = nullptr);
    ~VaultPicker() override;

    QString chosenName() const;
    void setFilterText(const QString &text);
    int visibleCount() const;

    // Credential entries for a text field: an identity field (app key, username) takes the
    // entries that have one. Private EC P-256 keys for the BankEzy key-pair fields.
    static Filter credentialFilter(bool identity);
    static Filter bankezyKeyFilter();
    // The entries of `vault` that pass `filter`; empty when the vault is null or locked.
    static QList<VaultEntry> candidates(const Vault *vault, const Filter &filter);

    // The interactive seams: this dialog, and a line-edit question.
    static QString choose(QWidget *parent, const QString &title, const QList<VaultEntry> &candidates);
    static QString askName(QWidget *parent, const QString &question, const QString &suggested);

private:
    void applyFilter();
    void updateButtons();

    QLineEdit *m_filter = nullptr;
    QTreeWidget *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace td
