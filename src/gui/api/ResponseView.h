// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallSecrets.h"
#include "core/api/TokenResult.h"
#include "core/evidence/FailureExplainer.h"
#include "core/net/HttpRequest.h"

#include <QStringList>
#include <QWidget>

#include <functional>
#include <memory>

class QTimer;

namespace Ui {
class ResponseView;
}

namespace td {

class ApiCall;
class SessionStore;

// The answer of one call: outcome line, token (masked until revealed), expiry, duration, the
// adapter's details, warnings, and the decrypted body, raw body and request as sent (secrets
// masked). Copies what it shows, so the call may be deleted afterwards.
class ResponseView : public QWidget
{
    Q_OBJECT
public:
    // Asked before secrets go into a curl command; true = go ahead.
    using RevealConfirmation = std::function<bool(QWidget *parent)>;

    // One call's answer as the pane shows it with every secret masked: tokens as the mask, bodies,
    // messages and the request through CallSecrets, details as their masked values, no outputs.
    // The APIs page keeps one per endpoint, so keeping them keeps no secret.
    struct Answer {
        QString endpointTitle;
        bool sent = false;
        TokenResult result;
        HttpRequest request;
        QByteArray plainBody;
        QList<FailureExplainer::Cause> causes; // masked like the rest
    };
    // `causes`: the call's explanation (the recorder's, made once with history and vault keys).
    static Answer answerOf(const ApiCall &call, const SessionStore *sessions, const QList<FailureExplainer::Cause> &causes);

    explicit ResponseView(QWidget *parent = nullptr);
    ~ResponseView() override;

    void setClock(std::function<qint64()> nowMs);
    void setRevealConfirmation(RevealConfirmation confirm);

    void clear();
    void showSending(const QString &endpointTitle);
    // `sessions` adds the tokens issued earlier to what the panes mask; `causes` as for answerOf.
    void showCall(const ApiCall &call, const SessionStore *sessions, const QList<FailureExplainer::Cause> &causes);
    // An answer kept from earlier: masked, so Show, the token copies and curl with secrets are off.
    void showAnswer(const Answer &answer);
    // The empty state of an endpoint that has no call yet: "No call yet for <title>".
    void showNoCall(const QString &endpointTitle);
    // True while the pane shows a kept answer whose secrets were not kept.
    bool secretsWithheld() const { return m_withheld; }

    const TokenResult &result() const { return m_result; }
    // The curl command the buttons copy (also for tests): masked, or with secrets.
    QString curlCommand(bool revealSecrets) const;
    // What the curl buttons do: masked straight away; with secrets after the confirmation.
    void copyCurl(bool revealSecrets);

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void renderOutcome();
    void renderTokens(bool reveal);
    void renderCauses(bool reveal);
    void renderExpiry();
    void renderDetails();
    void renderBodies();
    void renderConnection();
    QString masked(const QByteArray &text) const;

    std::unique_ptr<Ui::ResponseView> m_ui;
    QTimer *m_tick = nullptr;
    std::function<qint64()> m_nowMs;
    RevealConfirmation m_confirmReveal;

    bool m_hasResult = false;
    bool m_sending = false;
    bool m_sent = false;
    bool m_withheld = false;        // a kept Answer: its secrets are masked and cannot be revealed
    QString m_noCallFor;            // the endpoint title of the empty state, if any
    TokenResult m_result;
    QList<FailureExplainer::Cause> m_causes; // why it likely failed (or the server's clock is off)
    HttpRequest m_request;          // as sent; secrets only leave through the revealed curl copy
    QByteArray m_plainBody;         // the JSON before encryption
    CallSecrets m_secrets;          // what the call and its sessions know, masked in every pane
};

} // namespace td
