// SPDX-License-Identifier: GPL-3.0-or-later
#include "FlowRunner.h"

#include "core/api/CallClock.h"
#include "core/api/ApiCall.h"
#include "core/api/EndpointCatalog.h"

#include <QJsonArray>
#include <QTimer>

namespace td {

FlowRunner::FlowRunner(ApiClient &client, const EndpointCatalog &catalog, QString family, Environment environment,
                       QMap<QString, QString> values, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_catalog(catalog)
    , m_specs(catalog.flow(family))
    , m_family(std::move(family))
    , m_environment(std::move(environment))
    , m_values(std::move(values))
    , m_nowMs(&CallClock::nowMs)
{
}

FlowRunner::~FlowRunner() = default;

void FlowRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    m_steps.clear();
    m_context.clear();
    if (m_specs.isEmpty()) {
        // Unknown family: nothing to run, and that is a failure, not a vacuous success.
        m_running = false;
        QTimer::singleShot(0, this, [this] { Q_EMIT finished(false); });
        return;
    }
    runStep();
}

void FlowRunner::cancel()
{
    if (m_call)
        m_call->cancel();
}

bool FlowRunner::ok() const
{
    if (m_steps.size() != m_specs.size() || m_specs.isEmpty())
        return false;
    for (const TokenResult &step : m_steps) {
        if (!step.ok)
            return false;
    }
    return true;
}

void FlowRunner::runStep()
{
    const EndpointSpec &spec = *m_specs.at(m_steps.size());
    QMap<QString, QString> values = m_values;
    for (const FieldSpec &field : spec.fields) {
        if (!field.from.isEmpty() && m_context.values.contains(field.from))
            values.remove(field.name);
    }
    m_call = new ApiCall(m_client, spec, m_environment, values, m_context, this);
    m_call->setClock(m_nowMs);
    m_call->setValueSource(m_valueSource);
    m_call->setCatalog(&m_catalog);
    connect(m_call, &ApiCall::finished, this, &FlowRunner::onStepFinished);
    m_call->start();
}

void FlowRunner::onStepFinished(const TokenResult &result)
{
    m_steps.append(result);
    if (m_observer)
        m_observer(*m_call);
    m_call->deleteLater();
    m_call.clear();
    Q_EMIT stepFinished(result);
    if (result.ok && m_steps.size() < m_specs.size()) {
        runStep();
        return;
    }
    m_running = false;
    Q_EMIT finished(ok());
}

QJsonObject FlowRunner::toJson() const
{
    QJsonArray steps;
    for (const TokenResult &step : m_steps)
        steps.append(step.toStepJson());
    return {{QStringLiteral("family"), m_family}, {QStringLiteral("ok"), ok()}, {QStringLiteral("steps"), steps}};
}

} // namespace td
