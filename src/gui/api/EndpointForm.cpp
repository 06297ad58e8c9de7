// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointForm.h"

#include "FieldHints.h"
#include "gui/StatusColors.h"

#include "core/api/FieldValidator.h"
#include "core/api/RequestBuilder.h"
#include "core/vault/Vault.h"
#include "core/vault/VaultReference.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QToolButton>
#include <QVBoxLayout>

namespace td {

namespace {

using Tone = StatusColors::Tone;

QString toolTipFor(const FieldSpec &field)
{
    QStringList lines;
    if (!field.help.isEmpty())
        lines << field.help;
    const QString where = field.location == FieldSpec::Location::Header ? QStringLiteral("Sent as the header %1.")
        : field.location == FieldSpec::Location::Body                   ? QStringLiteral("Sent as the body member \"%1\".")
                                                                        : QStringLiteral("Used to compute the request (%1); never sent.");
    lines << where.arg(field.name);
    if (field.required)
        lines << QStringLiteral("Required.");
    return lines.join(QLatin1Char('\n'));
}

const QString kNoVaultTip = QStringLiteral("Open the vault on the Keys and secrets page");

// The fields that name who the secret belongs to: a reference there takes the entry's identity.
bool isIdentityField(const FieldSpec &field)
{
    return field.name == QLatin1String("appKey") || field.name == QLatin1String("username");
}

// appSecret goes with appKey, password with username: saved together as one entry.
QString identityPartner(const FieldSpec &field)
{
    if (field.name == QLatin1String("appSecret"))
        return QStringLiteral("appKey");
    if (field.name == QLatin1String("password"))
        return QStringLiteral("username");
    return QString();
}

QString errorFrameStyle(const QString &className, const QPalette &palette)
{
    return QStringLiteral("%1 { border: 1px solid %2; border-radius: 3px; padding: 2px; }")
        .arg(className, StatusColors::foreground(Tone::Error, palette).name());
}

} // namespace

EndpointForm::EndpointForm(const EndpointSpec &spec, const EndpointCatalog &catalog, QWidget *parent)
    : QWidget(parent), m_spec(spec), m_catalog(catalog)
{
    setObjectName(QStringLiteral("endpointForm_") + spec.id);
    auto *layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setRowWrapPolicy(QFormLayout::DontWrapRows);
    layout->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    layout->setFormAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->setVerticalSpacing(4);
    // Rows hold pointers to spec fields and are captured by index: reserve so nothing moves.
    m_rows.reserve(spec.fields.size());
    for (const FieldSpec &field : spec.fields)
        addRow(layout, field);
    m_chooseEntry = &VaultPicker::choose;
    m_askName = &VaultPicker::askName;
    setSources(Environment(), nullptr);
    updateVaultButtons();
}

EndpointForm::~EndpointForm() = default;

bool EndpointForm::takesVaultKey(const FieldSpec &field)
{
    return field.generator == QLatin1String("bankezy-client-key") || field.generator == QLatin1String("bankezy-sdk-key");
}

bool EndpointForm::takesVaultEntry(const FieldSpec &field)
{
    if (field.type == FieldSpec::Type::Object)
        return false;
    return field.secret || isIdentityField(field) || field.name == QLatin1String("X-API-KEY") || takesVaultKey(field);
}

void EndpointForm::addRow(QFormLayout *layout, const FieldSpec &field)
{
    const int index = m_rows.size();
    Row row;
    row.field = &field;
    const QString toolTip = toolTipFor(field);

    auto *cell = new QWidget(this);
    auto *cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(0, 0, 0, 0);
    cellLayout->setSpacing(2);
    auto *editorLine = new QHBoxLayout;
    editorLine->setSpacing(4);
    cellLayout->addLayout(editorLine);

    QWidget *editor = nullptr;
    if (field.type == FieldSpec::Type::Object) {
        row.text = new QPlainTextEdit(cell);
        row.text->setTabChangesFocus(true);
        row.text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        // Three lines are enough for a small object; it scrolls beyond that.
        const int lineHeight = row.text->fontMetrics().lineSpacing();
        row.text->setFixedHeight(lineHeight * 3 + 2 * row.text->frameWidth() + 8);
        row.text->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        connect(row.text, &QPlainTextEdit::textChanged, this, [this, index] { onEdited(m_rows[index]); });
        editor = row.text;
    } else {
        row.line = new QLineEdit(cell);
        row.line->setClearButtonEnabled(!field.secret);
        if (field.secret)
            row.line->setEchoMode(QLineEdit::Password);
        if (field.generator.contains(QLatin1String("key")) || field.secret)
            row.line->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        connect(row.line, &QLineEdit::textChanged, this, [this, index] { onEdited(m_rows[index]); });
        editor = row.line;
    }
    editor->setObjectName(QStringLiteral("field_") + field.name);
    editor->setToolTip(toolTip);
    editor->setAccessibleName(field.label);
    editor->setMinimumWidth(120);
    editorLine->addWidget(editor, 1);

    if (field.secret && row.line) {
        row.reveal = new QToolButton(cell);
        row.reveal->setObjectName(QStringLiteral("reveal_") + field.name);
        row.reveal->setText(tr("Show"));
        row.reveal->setCheckable(true);
        row.reveal->setToolTip(tr("Show or hide this secret (and the carried value it stands for)"));
        row.reveal->setFocusPolicy(Qt::TabFocus);
        connect(row.reveal, &QToolButton::toggled, this, [this, index](bool shown) {
            Row &r = m_rows[index];
            r.reveal->setText(shown ? tr("Hide") : tr("Show"));
            updateEcho(r);
            updateHint(r);
        });
        editorLine->addWidget(row.reveal);
    }

    if (takesVaultEntry(field)) {
        row.vault = new QToolButton(cell);
        row.vault->setObjectName(QStringLiteral("vaultButton_") + field.name);
        row.vault->setIcon(QIcon(QStringLiteral(":/icons/vault.svg")));
        row.vault->setText(tr("Vault"));
        row.vault->setToolButtonStyle(Qt::ToolButtonIconOnly);
        row.vault->setPopupMode(QToolButton::InstantPopup);
        row.vault->setFocusPolicy(Qt::TabFocus);
        row.vault->setAccessibleName(tr("Vault for %1").arg(field.label));
        auto *menu = new QMenu(row.vault);
        row.useVault = menu->addAction(tr("Use vault entry…"));
        row.useVault->setObjectName(QStringLiteral("useVaultEntry_") + field.name);
        connect(row.useVault, &QAction::triggered, this, [this, name = field.name] { useVaultEntry(name); });
        // A typed public key is not worth keeping: key fields take stored private keys only.
        if (!takesVaultKey(field)) {
            row.saveVault = menu->addAction(tr("Save this value to the vault…"));
            row.saveVault->setObjectName(QStringLiteral("saveToVault_") + field.name);
            connect(row.saveVault, &QAction::triggered, this, [this, name = field.name] { saveToVault(name); });
        }
        connect(menu, &QMenu::aboutToShow, this, [this, index] { updateVaultButton(m_rows[index]); });
        row.vault->setMenu(menu);
        editorLine->addWidget(row.vault);
    }

    row.hint = new QLabel(cell);
    row.hint->setObjectName(QStringLiteral("hint_") + field.name);
    QFont small = row.hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    row.hint->setFont(small);
    row.hint->setWordWrap(true);
    row.hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Under the editor rather than beside it: the pane stays narrow and no hint is clipped.
    cellLayout->addWidget(row.hint);

    row.message = new QLabel(cell);
    row.message->setObjectName(QStringLiteral("message_") + field.name);
    row.message->setWordWrap(true);
    row.message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    row.message->hide();
    cellLayout->addWidget(row.message);

    auto *label = new QLabel(field.required ? field.label + QStringLiteral(" *") : field.label, this);
    label->setBuddy(editor);
    label->setToolTip(toolTip);
    // As tall as a line editor and centred in it, so the label lines up with the editor's text and
    // not with the hint or message under it.
    label->setFixedHeight(row.line ? editor->sizeHint().height() : QLineEdit().sizeHint().height());
    label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addRow(label, cell);
    m_rows.append(row);
}

void EndpointForm::setSources(const Environment &environment, const CallContext *context)
{
    m_environment = environment;
    m_context = context;
    for (Row &row : m_rows)
        updateHint(row);
}

QString EndpointForm::textOf(const Row &row) const
{
    if (row.text)
        return row.text->toPlainText().trimmed();
    return row.line->text().trimmed();
}

QMap<QString, QString> EndpointForm::values() const
{
    QMap<QString, QString> result;
    for (const Row &row : m_rows) {
        const QString text = textOf(row);
        if (!text.isEmpty())
            result.insert(row.field->name, text);
    }
    return result;
}

void EndpointForm::setValues(const QMap<QString, QString> &values)
{
    for (Row &row : m_rows) {
        const QString value = values.value(row.field->name);
        if (row.text)
            row.text->setPlainText(value);
        else
            row.line->setText(value);
        row.requiredProblem = false;
        validate(row);
    }
}

bool EndpointForm::isValid() const
{
    return m_valid;
}

bool EndpointForm::checkRequired()
{
    static const CallContext kNothingCarried;
    const CallContext &context = m_context ? *m_context : kNothingCarried;
    Row *first = nullptr;
    for (Row &row : m_rows) {
        const FieldSpec &field = *row.field;
        if (!field.required || !textOf(row).isEmpty() || !field.generator.isEmpty() || field.computed)
            continue;
        const ResolvedField resolved = RequestBuilder::preview(field, m_environment, {}, context);
        if (!resolved.value.isEmpty())
            continue;
        row.requiredProblem = true;
        row.problem = field.from.isEmpty()
            ? tr("%1 is required.").arg(field.label)
            : tr("%1 is required: type it or run %2 first.")
                  .arg(field.label, FieldHints::producingStep(m_catalog, m_spec.family, field.from).isEmpty()
                                        ? field.from
                                        : FieldHints::producingStep(m_catalog, m_spec.family, field.from));
        showProblem(row);
        if (!first)
            first = &row;
    }
    if (first) {
        if (first->line)
            first->line->setFocus();
        else
            first->text->setFocus();
    }
    return first == nullptr;
}

QWidget *EndpointForm::editor(const QString &fieldName) const
{
    const Row *row = rowFor(fieldName);
    if (!row)
        return nullptr;
    return row->line ? static_cast<QWidget *>(row->line) : static_cast<QWidget *>(row->text);
}

QString EndpointForm::message(const QString &fieldName) const
{
    const Row *row = rowFor(fieldName);
    return row && !row->message->isHidden() ? row->message->text() : QString();
}

QString EndpointForm::hint(const QString &fieldName) const
{
    const Row *row = rowFor(fieldName);
    return row ? row->hint->text() : QString();
}

void EndpointForm::onEdited(Row &row)
{
    row.requiredProblem = false;
    updateEcho(row);
    updateVaultButton(row);
    validate(row);
    Q_EMIT edited();
}

void EndpointForm::validate(Row &row)
{
    const QString text = textOf(row);
    if (!row.requiredProblem) {
        row.problem.clear();
        // A reference is checked on send, against the value it names.
        if (!text.isEmpty() && !VaultReference::isReference(text)) {
            Result<void> valid = FieldValidator::validate(*row.field, text);
            if (!valid)
                row.problem = valid.error().message;
        }
    }
    showProblem(row);
    updateHint(row);

    bool valid = true;
    for (const Row &each : std::as_const(m_rows)) {
        if (!each.problem.isEmpty() && !each.requiredProblem)
            valid = false;
    }
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

void EndpointForm::showProblem(Row &row)
{
    QWidget *editorWidget = row.line ? static_cast<QWidget *>(row.line) : static_cast<QWidget *>(row.text);
    if (row.problem.isEmpty()) {
        row.message->hide();
        row.message->clear();
        editorWidget->setStyleSheet(QString());
        return;
    }
    row.message->setText(row.problem);
    row.message->setStyleSheet(StatusColors::labelStyleSheet(Tone::Error, palette()));
    row.message->show();
    editorWidget->setStyleSheet(errorFrameStyle(row.line ? QStringLiteral("QLineEdit") : QStringLiteral("QPlainTextEdit"), palette()));
}

void EndpointForm::updateHint(Row &row)
{
    static const CallContext kNothingCarried;
    const CallContext &context = m_context ? *m_context : kNothingCarried;
    const FieldSpec &field = *row.field;
    const QString text = textOf(row);
    QMap<QString, QString> typedValues;
    if (!text.isEmpty())
        typedValues.insert(field.name, text);
    const ResolvedField typed = RequestBuilder::preview(field, m_environment, typedValues, context);
    const ResolvedField fallback = RequestBuilder::preview(field, m_environment, {}, context);
    const bool reveal = row.reveal && row.reveal->isChecked();
    FieldHint hint = FieldHints::describe(field, typed, fallback, FieldHints::producingStep(m_catalog, m_spec.family, field.from), reveal);
    if (const std::optional<VaultReference> reference = VaultReference::parse(text)) {
        hint.text = tr("from vault: %1").arg(reference->name);
        hint.tone = StatusColors::Tone::Info;
    }
    row.hint->setText(hint.text);
    row.hint->setVisible(!hint.text.isEmpty());
    row.hint->setToolTip(hint.text.isEmpty() ? QString() : hint.placeholder);
    row.hint->setStyleSheet(StatusColors::labelStyleSheet(hint.tone, palette()));
    if (row.line)
        row.line->setPlaceholderText(hint.placeholder);
    else
        row.text->setPlaceholderText(hint.placeholder);
}

EndpointForm::Row *EndpointForm::rowFor(const QString &fieldName)
{
    for (Row &row : m_rows) {
        if (row.field->name == fieldName)
            return &row;
    }
    return nullptr;
}

const EndpointForm::Row *EndpointForm::rowFor(const QString &fieldName) const
{
    for (const Row &row : m_rows) {
        if (row.field->name == fieldName)
            return &row;
    }
    return nullptr;
}

void EndpointForm::updateEcho(Row &row)
{
    if (!row.reveal || !row.line)
        return;
    // A reference names a secret without being one: it stays readable.
    const bool shown = row.reveal->isChecked() || VaultReference::isReference(textOf(row));
    row.line->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
}

void EndpointForm::setVault(Vault *vault)
{
    if (m_vault)
        disconnect(m_vault, nullptr, this, nullptr);
    m_vault = vault;
    if (m_vault)
        connect(m_vault, &Vault::lockedChanged, this, &EndpointForm::updateVaultButtons);
    updateVaultButtons();
}

void EndpointForm::setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName)
{
    m_chooseEntry = std::move(choose);
    m_askName = std::move(askName);
}

void EndpointForm::updateVaultButtons()
{
    for (Row &row : m_rows)
        updateVaultButton(row);
}

void EndpointForm::updateVaultButton(Row &row)
{
    if (!row.vault)
        return;
    const bool open = m_vault && !m_vault->isLocked();
    row.vault->setEnabled(open);
    row.vault->setToolTip(open ? tr("Use a vault entry for %1, or keep the typed value in the vault").arg(row.field->label)
                               : kNoVaultTip);
    if (row.saveVault) {
        const QString text = textOf(row);
        row.saveVault->setEnabled(open && !text.isEmpty() && !VaultReference::isReference(text));
    }
}

bool EndpointForm::useVaultEntry(const QString &fieldName)
{
    Row *row = rowFor(fieldName);
    if (!row || !row->vault || !row->line || !m_vault || m_vault->isLocked() || !m_chooseEntry)
        return false;
    const FieldSpec &field = *row->field;
    const VaultPicker::Filter filter
        = takesVaultKey(field) ? VaultPicker::bankezyKeyFilter() : VaultPicker::credentialFilter(isIdentityField(field));
    const QString name = m_chooseEntry(this, tr("Vault entry for %1").arg(field.label), VaultPicker::candidates(m_vault, filter));
    if (name.isEmpty())
        return false;
    const std::optional<VaultEntry> entry = m_vault ? m_vault->find(name) : std::nullopt;
    if (!entry || !filter.accepts(*entry)) {
        Q_EMIT statusMessage(tr("The vault has no entry \"%1\" that fits %2.").arg(name, field.label));
        return false;
    }
    VaultReference reference;
    reference.name = entry->name;
    reference.part = isIdentityField(field) ? VaultReference::Part::Identity : VaultReference::Part::Secret;
    row->line->setText(reference.toString());
    row->line->setFocus();
    return true;
}

QString EndpointForm::resolvedText(const QString &value) const
{
    const std::optional<VaultReference> reference = VaultReference::parse(value);
    if (!reference)
        return value;
    const std::optional<VaultEntry> entry = m_vault ? m_vault->find(reference->name) : std::nullopt;
    if (!entry)
        return QString();
    return reference->part == VaultReference::Part::Identity ? entry->identity : QString::fromUtf8(entry->secret.toByteArray());
}

QString EndpointForm::identityFor(const FieldSpec &field) const
{
    const QString partner = identityPartner(field);
    if (partner.isEmpty())
        return QString();
    if (const Row *row = rowFor(partner); row && !textOf(*row).isEmpty())
        return resolvedText(textOf(*row));
    // Nothing typed: the environment's value is what the call would send.
    const FieldSpec *partnerField = m_spec.field(partner);
    if (!partnerField)
        return QString();
    static const CallContext kNothingCarried;
    return resolvedText(RequestBuilder::preview(*partnerField, m_environment, {}, m_context ? *m_context : kNothingCarried).value);
}

bool EndpointForm::saveToVault(const QString &fieldName)
{
    Row *row = rowFor(fieldName);
    if (!row || !row->saveVault || !row->line || !m_vault || m_vault->isLocked() || !m_askName)
        return false;
    const FieldSpec &field = *row->field;
    const QString value = textOf(*row);
    if (value.isEmpty() || VaultReference::isReference(value))
        return false;
    const QString identity = identityFor(field);
    const VaultEntry::Kind kind = identity.isEmpty()                        ? VaultEntry::Kind::ApiCredential
        : field.name == QLatin1String("appSecret") ? VaultEntry::Kind::AppKey
                                                   : VaultEntry::Kind::Login;
    const QString suggested = QStringLiteral("%1 %2").arg(m_environment.name, field.label).trimmed();
    const QString question = kind == VaultEntry::Kind::ApiCredential
        ? tr("Name of the vault entry for this %1:").arg(field.label)
        : tr("Name of the vault entry for %1 and its %2 (%3):")
              .arg(field.label, kind == VaultEntry::Kind::AppKey ? tr("app key") : tr("username"), identity);
    const QString name = m_askName(this, question, suggested).trimmed();
    if (name.isEmpty() || !m_vault)
        return false;
    VaultEntry entry = VaultEntry::credential(kind, name, kind == VaultEntry::Kind::ApiCredential ? QString() : identity,
                                              SecureBytes(value.toUtf8()));
    if (!m_environment.name.isEmpty())
        entry.environments = {m_environment.name};
    if (Result<void> added = m_vault->add(entry); !added) {
        Q_EMIT statusMessage(tr("Not saved to the vault: %1").arg(added.error().toString()));
        return false;
    }
    if (Result<void> saved = m_vault->save(); !saved) {
        // The entry stays in the open vault; leave the typed value so nothing is lost either way.
        Q_EMIT statusMessage(tr("The vault could not be saved: %1").arg(saved.error().toString()));
        return false;
    }
    row->line->setText(VaultReference{name, VaultReference::Part::Secret}.toString());
    Q_EMIT statusMessage(tr("%1 saved to the vault as \"%2\"").arg(field.label, name));
    return true;
}

void EndpointForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        for (Row &row : m_rows) {
            showProblem(row);
            updateHint(row);
        }
    }
}

} // namespace td
