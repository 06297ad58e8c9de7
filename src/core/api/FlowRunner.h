// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/CallContext.h"
#include "core/api/TokenResult.h"
#include "core/net/Environment.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>

#include <functional>

namespace td {

class ApiCall;
class ApiClient;
class EndpointCatalog;
class ValueSource;
struct EndpointSpec;

// Runs the steps of a family's flow in the order its family file gives (BankEzy: app token →
// user token → renew; EnOS: get → refresh; security management: create → refresh) with one
// CallContext, so what a step produces feeds the next; stops at the first failure.
class FlowRunner : public QObject
{
    Q_OBJECT
public:
    // `values` is the union of the steps' fields; a value set here yields, in later steps, to the
    // value an earlier step of this flow produced (the flow exists to carry them).
    FlowRunner(ApiClient &client, const EndpointCatalog &catalog, QString family, Environment environment,
               QMap<QString, QString> values, QObject *parent = nullptr);
    ~FlowRunner() override;

    void setClock(std::function<qint64()> nowMs) { m_nowMs = std::move(nowMs); }
    void setValueSource(const ValueSource *source) { m_valueSource = source; }
    // Called after every step with its call (for history); optional.
    void setObserver(std::function<void(const ApiCall &)> observer) { m_observer = std::move(observer); }

    void start();
    void cancel();
    bool isRunning() const { return m_running; }

    const QString &family() const { return m_family; }
    const QList<TokenResult> &steps() const { return m_steps; }
    bool ok() const; // every step ran and succeeded
    const CallContext &context() const { return m_context; }

    // {"family", "ok", "steps": [TokenResult::toStepJson()…]}: the `flow --json` contract.
    QJsonObject toJson() const;

Q_SIGNALS:
    void stepFinished(const td::TokenResult &result);
    void finished(bool ok);

private:
    void runStep();
    void onStepFinished(const TokenResult &result);

    ApiClient &m_client;
    const EndpointCatalog &m_catalog; // the steps' own, for their messages
    QList<const EndpointSpec *> m_specs;
    QString m_family;
    Environment m_environment;
    QMap<QString, QString> m_values;
    CallContext m_context;
    std::function<qint64()> m_nowMs;
    const ValueSource *m_valueSource = nullptr;
    std::function<void(const ApiCall &)> m_observer;
    QPointer<ApiCall> m_call;
    QList<TokenResult> m_steps;
    bool m_running = false;
};

} // namespace td
