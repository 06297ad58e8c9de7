// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointForm.h"

#include "FieldHints.h"
#include "gui/StatusColors.h"

#include "core/api/FieldValidator.h"
#include "core/api/RequestBuilder.h"

#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
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
    setSources(Environment(), nullptr);
}

EndpointForm::~EndpointForm() = default;

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
    editor->setMinimumWidth(160);
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
            r.line->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
            r.reveal->setText(shown ? tr("Hide") : tr("Show"));
            updateHint(r);
        });
        editorLine->addWidget(row.reveal);
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
        if (!field.required || !textOf(row).isEmpty() || !field.generator.isEmpty())
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
    validate(row);
    Q_EMIT edited();
}

void EndpointForm::validate(Row &row)
{
    const QString text = textOf(row);
    if (!row.requiredProblem) {
        row.problem.clear();
        if (!text.isEmpty()) {
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
    const FieldHint hint = FieldHints::describe(field, typed, fallback, FieldHints::producingStep(m_catalog, m_spec.family, field.from), reveal);
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
