// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallSecrets.h"
#include "core/api/TokenResult.h"
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

    explicit ResponseView(QWidget *parent = nullptr);
    ~ResponseView() override;

    void setClock(std::function<qint64()> nowMs);
    void setRevealConfirmation(RevealConfirmation confirm);

    void clear();
    void showSending(const QString &endpointTitle);
    // `sessions` adds the tokens issued earlier to what the panes mask.
    void showCall(const ApiCall &call, const SessionStore *sessions = nullptr);

    const TokenResult &result() const { return m_result; }
    // The curl command the buttons copy (also for tests): masked, or with secrets.
    QString curlCommand(bool revealSecrets) const;

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    void renderOutcome();
    void renderExpiry();
    void renderDetails();
    void renderBodies();
    void copyCurl(bool revealSecrets);
    QString masked(const QByteArray &text) const;

    std::unique_ptr<Ui::ResponseView> m_ui;
    QTimer *m_tick = nullptr;
    std::function<qint64()> m_nowMs;
    RevealConfirmation m_confirmReveal;

    bool m_hasResult = false;
    bool m_sending = false;
    bool m_sent = false;
    TokenResult m_result;
    HttpRequest m_request;          // as sent; secrets only leave through the revealed curl copy
    QByteArray m_plainBody;         // the JSON before encryption
    CallSecrets m_secrets;          // what the call and its sessions know, masked in every pane
};

} // namespace td
