// SPDX-License-Identifier: GPL-3.0-or-later
#include "VaultPicker.h"

#include "gui/keys/VaultEntryModel.h"

#include "core/vault/Vault.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace td {

namespace {

constexpr int kNameRole = Qt::UserRole;

} // namespace

bool VaultPicker::Filter::accepts(const VaultEntry &entry) const
{
    if (!kinds.contains(entry.kind))
        return false;
    if (privateP256Only)
        return entry.key && entry.key->type() == KeyType::EC && entry.key->curve() == Curve::P256 && entry.key->hasPrivate();
    return true;
}

VaultPicker::Filter VaultPicker::credentialFilter(bool identity)
{
    using Kind = VaultEntry::Kind;
    return identity ? Filter{{Kind::AppKey, Kind::Login}, false} : Filter{{Kind::ApiCredential, Kind::AppKey, Kind::Login}, false};
}

VaultPicker::Filter VaultPicker::bankezyKeyFilter()
{
    return Filter{{VaultEntry::Kind::EcKey}, true};
}

QList<VaultEntry> VaultPicker::candidates(const Vault *vault, const Filter &filter)
{
    QList<VaultEntry> result;
    if (!vault || vault->isLocked())
        return result;
    for (const VaultEntry &entry : vault->entries()) {
        if (filter.accepts(entry))
            result.append(entry);
    }
    return result;
}

VaultPicker::VaultPicker(const QString &title, const QList<VaultEntry> &candidates, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("vaultPicker"));
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("vaultPickerFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, kind or tag"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);

    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("vaultPickerList"));
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Name"), tr("Kind"), tr("Tags")});
    m_list->setAccessibleName(tr("Vault entries"));
    for (const VaultEntry &entry : candidates) {
        auto *item = new QTreeWidgetItem(m_list, {entry.name, VaultEntryModel::kindText(entry), entry.tags.join(QStringLiteral(", "))});
        item->setData(0, kNameRole, entry.name);
        item->setToolTip(0, entry.notes.isEmpty() ? entry.describe() : entry.notes);
    }
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);

    // No entry fits: say where entries come from rather than showing an empty list.
    m_empty = new QLabel(tr("No vault entry fits this field. Add one on the Keys and secrets page."), this);
    m_empty->setObjectName(QStringLiteral("vaultPickerEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setVisible(candidates.isEmpty());
    layout->addWidget(m_empty);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Use"));
    layout->addWidget(m_buttons);

    connect(m_filter, &QLineEdit::textChanged, this, &VaultPicker::applyFilter);
    connect(m_list, &QTreeWidget::currentItemChanged, this, &VaultPicker::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, [this] {
        if (!chosenName().isEmpty())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (m_list->topLevelItemCount() > 0)
        m_list->setCurrentItem(m_list->topLevelItem(0));
    updateButtons();
    resize(520, 340);
}

VaultPicker::~VaultPicker() = default;

QString VaultPicker::chosenName() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && !item->isHidden() ? item->data(0, kNameRole).toString() : QString();
}

void VaultPicker::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

int VaultPicker::visibleCount() const
{
    int count = 0;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        if (!m_list->topLevelItem(i)->isHidden())
            ++count;
    }
    return count;
}

void VaultPicker::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    QTreeWidgetItem *firstShown = nullptr;
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        bool shown = needle.isEmpty();
        for (int column = 0; column < 3 && !shown; ++column)
            shown = item->text(column).contains(needle, Qt::CaseInsensitive);
        item->setHidden(!shown);
        if (shown && !firstShown)
            firstShown = item;
    }
    // Keep a visible selection so Enter always picks what is shown.
    if (!m_list->currentItem() || m_list->currentItem()->isHidden())
        m_list->setCurrentItem(firstShown);
    updateButtons();
}

void VaultPicker::updateButtons()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!chosenName().isEmpty());
}

QString VaultPicker::choose(QWidget *parent, const QString &title, const QList<VaultEntry> &candidates)
{
    VaultPicker picker(title, candidates, parent);
    return picker.exec() == QDialog::Accepted ? picker.chosenName() : QString();
}

QString VaultPicker::askName(QWidget *parent, const QString &question, const QString &suggested)
{
    bool ok = false;
    const QString name = QInputDialog::getText(parent, tr("Save to the vault"), question, QLineEdit::Normal, suggested, &ok);
    return ok ? name.trimmed() : QString();
}

} // namespace td
