// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/net/Environment.h"

#include <QList>
#include <QMap>
#include <QString>
#include <QWidget>

class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace td {

// The form of one endpoint, generated from its spec: one row per field with its editor (named
// "field_" + field name), a source hint beside it (carried, environment, generated, computed) and
// an inline validation message under it. Empty editors are not explicit values: the page's
// CallContext and the environment fill them, as the hints say.
class EndpointForm : public QWidget
{
    Q_OBJECT
public:
    EndpointForm(const EndpointSpec &spec, const EndpointCatalog &catalog, QWidget *parent = nullptr);
    ~EndpointForm() override;

    const EndpointSpec &spec() const { return m_spec; }

    // Where empty fields get their values from; both are only read, and `context` must outlive
    // the form or the next setSources() call. Null context = nothing carried.
    void setSources(const Environment &environment, const CallContext *context);

    // The non-empty editors, by field name: the explicit values of a call.
    QMap<QString, QString> values() const;
    // Replaces every editor's text: names not in `values` are cleared, unknown names ignored.
    void setValues(const QMap<QString, QString> &values);

    // True while no editor holds a value its field rejects.
    bool isValid() const;
    // Marks required fields that nothing will fill (no text, nothing carried, no environment
    // value, no generator). False when there is at least one; the first gets the focus.
    bool checkRequired();

    QWidget *editor(const QString &fieldName) const;
    // The message under a field ("Account number: at most 19 digits, got 20"); empty when fine.
    QString message(const QString &fieldName) const;
    QString hint(const QString &fieldName) const;

Q_SIGNALS:
    void validityChanged(bool valid);
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row {
        const FieldSpec *field = nullptr;
        QLineEdit *line = nullptr;
        QPlainTextEdit *text = nullptr;
        QToolButton *reveal = nullptr;
        QLabel *hint = nullptr;
        QLabel *message = nullptr;
        QString problem;       // validation sentence, or the required sentence after checkRequired()
        bool requiredProblem = false;
    };

    void addRow(QFormLayout *layout, const FieldSpec &field);
    QString textOf(const Row &row) const;
    void onEdited(Row &row);
    void validate(Row &row);
    void updateHint(Row &row);
    void showProblem(Row &row);
    Row *rowFor(const QString &fieldName);
    const Row *rowFor(const QString &fieldName) const;

    const EndpointSpec &m_spec;
    const EndpointCatalog &m_catalog;
    Environment m_environment;
    const CallContext *m_context = nullptr;
    QList<Row> m_rows;
    bool m_valid = true;
};

} // namespace td
