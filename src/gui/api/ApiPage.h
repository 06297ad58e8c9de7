// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/net/HistoryEntry.h"
#include "core/api/EndpointCatalog.h"
#include "core/net/Environment.h"
#include "gui/StatusColors.h"
#include "gui/VaultPicker.h"
#include "gui/api/ResponseView.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <functional>
#include <map>
#include <memory>

class QLabel;
class QTreeWidgetItem;

namespace Ui {
class ApiPage;
}

namespace td {

class ApiCall;
class ApiClient;
class ExpiryScheduler;
class SessionRetry;
class SessionStore;
class SpecLibrary;
class ValueSource;
class Vault;
class EndpointForm;

// The APIs page: pick an environment and an endpoint, fill the form generated from its spec, send,
// read the answer. Each environment + family keeps one CallContext, so a step's tokens and keys
// flow into the next step's form (shown as hints) unless the person types a value.
class ApiPage : public QWidget
{
    Q_OBJECT
public:
    // Sends through `client` (the workspace's), which must outlive the page. The built-in catalog.
    explicit ApiPage(ApiClient &client, QWidget *parent = nullptr);
    // `catalog` must outlive the page: running calls refer to its specs.
    ApiPage(ApiClient &client, const EndpointCatalog &catalog, QWidget *parent = nullptr);
    ~ApiPage() override;

    // Lists the library's specs (built-in and user ones, a user spec marked "(user)" with its file
    // in the tooltip), shows a warning line when files were refused, and keeps the current
    // endpoint selected when it still exists. The library must outlive the page's calls.
    void setSpecs(const SpecLibrary &library);

    // The built-in Sandbox is listed first, the others in the order given. The selection stays on
    // the environment of the same name when there is one.
    void setEnvironments(const QList<Environment> &environments);
    QList<Environment> environments() const { return m_environments; }
    bool selectEnvironment(const QString &name);
    Environment currentEnvironment() const; // a default-constructed one when there is none

    // Selects the endpoint and replaces its editors' text with `values` (History replay). Masked
    // values ("***") are left empty for the person to type. False for an unknown id.
    bool openEndpoint(const QString &id, const QMap<QString, QString> &values = {});
    QString currentEndpointId() const;
    // The one form that exists: the current endpoint's. Editors are unique by objectName.
    EndpointForm *currentForm() const { return m_form; }
    ResponseView *responseView() const { return m_response; }

    // What the next call of `family` carries in the current environment.
    CallContext &callContext(const QString &family);
    // Where "vault:NAME" values (from environments or typed) are looked up; null: refused.
    void setValueSource(const ValueSource *source) { m_valueSource = source; }
    // The open vault, for the forms' vault buttons; null when none is open or it is locked.
    void setVault(Vault *vault);
    // Seams for tests: how a vault entry is picked and a new entry named.
    void setVaultPrompts(VaultPicker::Chooser choose, VaultPicker::NameAsker askName);
    // With both set, a call answered HTTP 401 that sent an open session's token renews that
    // session through the scheduler and runs once more (SessionRetry); the response area says so.
    // Both must outlive the page; null turns it off.
    void setSessionRetry(SessionStore *store, ExpiryScheduler *scheduler);
    // Where a finished call's explanation comes from once callFinished has been handled (the
    // app: the recorder's, with history and vault keys); unset, the page explains it alone.
    using Explainer = std::function<QList<FailureExplainer::Cause>(const ApiCall &call)>;
    void setExplainer(Explainer explain) { m_explain = std::move(explain); }
    // Forgets what the current endpoint's family carries in the current environment.
    void clearSession();

    void send();
    void cancel();
    bool isBusy() const { return m_send != nullptr; }
    // The renew-and-retry note of the last send ("HTTP 401 with the app token of session …"), or empty.
    QString retryNote() const;

Q_SIGNALS:
    // After every call, sent or not (both calls when one was retried); the call is deleted later,
    // so copy what is kept.
    // Every call that ran, for the recorder: a first call about to be retried (Manual), then
    // the final one (Retry after a renew-and-retry, else Manual).
    void callFinished(const td::ApiCall &call, td::HistoryOrigin origin);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void init();
    void buildTree();
    void markUserSpec(QTreeWidgetItem &item, const EndpointSpec &spec) const;
    QString familyTitle(QStringView family) const;
    void showSpecProblemLine();
    void showSpecProblems();
    void onEnvironmentIndexChanged(int index);
    void onEndpointSelected(QTreeWidgetItem *item);
    void onSendFinished();
    void refreshSources();
    void showForm(const EndpointSpec &spec);
    void placeFormInTabOrder();
    void updateHeader();
    void updateSession();
    void updateTransportBadge();
    void updateProxyBadge(const QString &baseUrl);
    void updateActions();
    void showLastAnswer(const EndpointSpec &spec);
    void showRetryNote(const QString &note, StatusColors::Tone tone);
    void stashTypedValues();
    void restoreTypedValues();
    QString contextKey(const QString &environment, const QString &family) const;

    std::unique_ptr<Ui::ApiPage> m_ui;
    const EndpointCatalog *m_catalog;
    const SpecLibrary *m_library = nullptr;
    QLabel *m_specProblems = nullptr;
    ApiClient &m_client;
    const ValueSource *m_valueSource = nullptr;
    QPointer<Vault> m_vault;
    VaultPicker::Chooser m_chooseEntry = &VaultPicker::choose;
    VaultPicker::NameAsker m_askName = &VaultPicker::askName;
    ResponseView *m_response = nullptr;
    QList<Environment> m_environments;
    EndpointForm *m_form = nullptr;
    std::map<QString, CallContext> m_contexts;      // environment + family → context; nodes never move
    // environment → endpoint → what was typed, so switching endpoints or environments loses nothing
    // and one environment's credentials never fill another's form.
    QMap<QString, QMap<QString, QMap<QString, QString>>> m_typed;
    QString m_shownEnvironment;                     // whose typed values the form holds
    SessionStore *m_sessions = nullptr;
    Explainer m_explain;
    ExpiryScheduler *m_scheduler = nullptr;
    QLabel *m_retryNote = nullptr;
    SessionRetry *m_send = nullptr;
    QString m_sendingEndpoint;                      // the endpoint id of the call in flight
    // The pane shows the selected endpoint's answer: endpoint id → its last answer as shown,
    // masked, with its renew-and-retry note. One per endpoint.
    struct LastAnswer {
        ResponseView::Answer answer;
        QString note;
        StatusColors::Tone noteTone = StatusColors::Tone::Neutral;
    };
    QHash<QString, LastAnswer> m_answers;
};

} // namespace td
