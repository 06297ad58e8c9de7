// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionStore.h"

#include "core/api/ApiCall.h"
#include "core/api/CallSecrets.h"
#include "core/api/EndpointCatalog.h"

#include <QDateTime>

namespace td {

namespace {

QString durationText(qint64 ms)
{
    const qint64 seconds = ms / 1000;
    if (seconds >= 3600)
        return QStringLiteral("%1h %2m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
    if (seconds >= 60)
        return QStringLiteral("%1m %2s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1s").arg(seconds);
}

QString instantText(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("none");
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

} // namespace

SessionStore::SessionStore(QObject *parent)
    : QAbstractTableModel(parent)
    , m_nowMs([] { return QDateTime::currentMSecsSinceEpoch(); })
    , m_catalog(&EndpointCatalog::builtIn())
{
}

SessionStore::~SessionStore() = default;

int SessionStore::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sessions.size());
}

int SessionStore::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SessionStore::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Session &session = m_sessions.at(index.row());
    switch (role) {
    case IdRole:
        return session.id;
    case StateRole:
        return int(session.state);
    case ExpiresAtRole:
        return session.expiresAtMs;
    case IssuedAtRole:
        return session.issuedAtMs;
    case FamilyRole:
        return session.family;
    case EnvironmentRole:
        return session.environment.name;
    case RemainingMsRole:
        return session.expiresAtMs > 0 ? QVariant(session.expiresAtMs - now()) : QVariant();
    case Qt::DisplayRole:
        break;
    case Qt::ToolTipRole:
        return index.column() == EndpointColumn ? QVariant(session.endpointId) : QVariant();
    default:
        return {};
    }
    switch (index.column()) {
    case FamilyColumn:
        return m_catalog->familyRegistry().displayName(session.family);
    case EnvironmentColumn:
        return session.environment.name;
    case EndpointColumn:
    {
        // The family has its column; a spec without a title (or gone since) shows its id.
        const EndpointSpec *spec = m_catalog->find(session.endpointId);
        return spec && !spec->title.isEmpty() ? spec->title : session.endpointId;
    }
    case StateColumn:
        return sessionStateName(session.state);
    case ExpiresAtColumn:
        return instantText(session.expiresAtMs);
    case RemainingColumn:
        return remainingText(session.expiresAtMs, now());
    case RenewalsColumn:
        return session.successfulRenewals();
    case AutoRenewColumn:
        if (!session.autoRenew)
            return QStringLiteral("default");
        return *session.autoRenew ? QStringLiteral("on") : QStringLiteral("off");
    default:
        return {};
    }
}

QVariant SessionStore::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FamilyColumn:
        return QStringLiteral("Family");
    case EnvironmentColumn:
        return QStringLiteral("Environment");
    case EndpointColumn:
        return QStringLiteral("Endpoint");
    case StateColumn:
        return QStringLiteral("State");
    case ExpiresAtColumn:
        return QStringLiteral("Expires at");
    case RemainingColumn:
        return QStringLiteral("Remaining");
    case RenewalsColumn:
        return QStringLiteral("Renewals");
    case AutoRenewColumn:
        return QStringLiteral("Auto-renew");
    default:
        return {};
    }
}

QUuid SessionStore::add(Session session)
{
    if (session.id.isNull() || m_rows.contains(session.id))
        session.id = QUuid::createUuid();
    const int row = int(m_sessions.size());
    const QUuid id = session.id;
    beginInsertRows({}, row, row);
    m_sessions.append(std::move(session));
    m_rows.insert(id, row);
    endInsertRows();
    Q_EMIT sessionAdded(id);
    return id;
}

const Session *SessionStore::find(const QUuid &id) const
{
    const int row = m_rows.value(id, -1);
    return row < 0 ? nullptr : &m_sessions.at(row);
}

QList<QUuid> SessionStore::ids() const
{
    QList<QUuid> list;
    list.reserve(m_sessions.size());
    for (const Session &session : m_sessions)
        list.append(session.id);
    return list;
}

bool SessionStore::update(const Session &session)
{
    const int row = m_rows.value(session.id, -1);
    if (row < 0)
        return false;
    m_sessions[row] = session;
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT sessionChanged(session.id);
    return true;
}

bool SessionStore::setState(const QUuid &id, SessionState state)
{
    const auto it = m_rows.constFind(id);
    if (it == m_rows.cend())
        return false;
    const int row = it.value();
    if (m_sessions.at(row).state == state)
        return true;
    m_sessions[row].state = state;
    if (m_batchDepth > 0) {
        m_batchFirst = m_batchFirst < 0 ? row : qMin(m_batchFirst, row);
        m_batchLast = qMax(m_batchLast, row);
    } else {
        // The row is known to exist: createIndex skips index()'s checks.
        const QModelIndex cell = createIndex(row, StateColumn);
        Q_EMIT dataChanged(cell, cell);
    }
    Q_EMIT sessionChanged(id);
    return true;
}

void SessionStore::endStateBatch()
{
    if (m_batchDepth == 0 || --m_batchDepth > 0 || m_batchFirst < 0)
        return;
    const int first = m_batchFirst, last = qMin(m_batchLast, int(m_sessions.size()) - 1);
    m_batchFirst = m_batchLast = -1;
    if (first <= last)
        Q_EMIT dataChanged(createIndex(first, StateColumn), createIndex(last, StateColumn));
}

bool SessionStore::close(const QUuid &id)
{
    return setState(id, SessionState::Closed);
}

bool SessionStore::remove(const QUuid &id)
{
    const int row = m_rows.value(id, -1);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_sessions.removeAt(row);
    m_rows.remove(id);
    reindexFrom(row);
    endRemoveRows();
    Q_EMIT sessionRemoved(id);
    return true;
}

void SessionStore::reindexFrom(int row)
{
    for (int i = row; i < m_sessions.size(); ++i)
        m_rows.insert(m_sessions.at(i).id, i);
}

bool SessionStore::isRenewStep(const QString &family, const QString &endpointId) const
{
    const EndpointSpec *renew = m_catalog->renewStep(family);
    return renew && renew->id == endpointId;
}

QStringList SessionStore::sentTokens(const ApiCall &call)
{
    // The carried fields (userToken, accessToken, token…) are what a renew step sent.
    QStringList sent;
    for (const ResolvedField &field : call.prepared().fields) {
        if (field.spec && !field.spec->from.isEmpty() && !field.value.isEmpty())
            sent.append(field.value);
    }
    return sent;
}

Environment SessionStore::renewableEnvironment(const ApiCall &call, const EndpointCatalog &catalog)
{
    // Values typed for this call (a form, --set) that renewing will need again: the EnOS app key
    // and secret, BankEzy's pre-shared keys for a re-issue. Generated, computed and carried fields
    // are left out: a stale timestamp or signature would make the renewal a replay.
    Environment environment = call.environment();
    QList<const EndpointSpec *> specs{&call.spec()};
    if (const EndpointSpec *renew = catalog.renewStep(call.spec().family))
        specs.append(renew);
    for (const EndpointSpec *spec : std::as_const(specs)) {
        for (const FieldSpec &field : spec->fields) {
            const QString typed = call.values().value(field.name);
            if (!typed.isEmpty() && field.from.isEmpty() && field.generator.isEmpty() && !field.computed)
                environment.values.insert(field.name, typed);
        }
    }
    return environment;
}

QUuid SessionStore::addFromCall(const ApiCall &call, const CallContext &context)
{
    return addFromResult(call.result(), renewableEnvironment(call, *m_catalog), context, sentTokens(call));
}

QUuid SessionStore::addFromResult(const TokenResult &result, const Environment &environment, const CallContext &context,
                                  const QStringList &sentTokens)
{
    if (!result.ok || result.token.isEmpty())
        return {};
    const qint64 nowMs = now();
    Session fresh = Session::fromResult(result, environment, context, nowMs);
    if (const QUuid same = reissued(fresh); !same.isNull())
        return same;
    if (isRenewStep(fresh.family, result.endpointId)) {
        for (const Session &existing : std::as_const(m_sessions)) {
            if (existing.isOpen() && existing.family == fresh.family && existing.environment.name == environment.name
                && (sentTokens.contains(existing.token)
                    || (!existing.refreshToken.isEmpty() && sentTokens.contains(existing.refreshToken)))) {
                Session renewed = existing;
                renewed.applyRenewal(result, context, nowMs);
                renewed.state = SessionState::Fresh;
                renewed.failedAttempts = 0;
                renewed.nextRetryAtMs = 0;
                update(renewed);
                return renewed.id;
            }
        }
    }
    return add(std::move(fresh));
}

// The same token issued again (EnOS answers the token it already gave while that one is valid):
// the open session that holds it is brought up to date instead of a second row.
QUuid SessionStore::reissued(const Session &fresh)
{
    for (const Session &existing : std::as_const(m_sessions)) {
        if (!existing.isOpen() || existing.token != fresh.token || existing.family != fresh.family
            || existing.endpointId != fresh.endpointId || existing.environment.name != fresh.environment.name)
            continue;
        Session same = existing;
        same.context = fresh.context;
        if (!fresh.refreshToken.isEmpty())
            same.refreshToken = fresh.refreshToken;
        same.warnings = fresh.warnings;
        if (fresh.expiresAtMs > same.expiresAtMs) {
            same.expiresAtMs = fresh.expiresAtMs;
            same.expiryField = fresh.expiryField;
            same.expiryRaw = fresh.expiryRaw;
            if (same.state == SessionState::Expiring || same.state == SessionState::Expired)
                same.state = SessionState::Fresh; // the scheduler places it again from its new expiry
        }
        update(same);
        return same.id;
    }
    return {};
}

QString SessionStore::remainingText(qint64 expiresAtMs, qint64 nowMs)
{
    if (expiresAtMs <= 0)
        return QStringLiteral("no expiry");
    const qint64 left = expiresAtMs - nowMs;
    if (left <= 0)
        return QStringLiteral("expired %1 ago").arg(durationText(-left));
    // Round up so "0s" is never shown for a token that is still valid.
    return durationText(left + 999);
}

QStringList SessionStore::secretValues() const
{
    CallSecrets secrets;
    for (const Session &session : m_sessions) {
        secrets.addValue(session.token);
        secrets.addValue(session.refreshToken);
        secrets.addValuesNamedSecret(session.context.values);
        secrets.addValuesNamedSecret(session.environment.values);
    }
    return secrets.values();
}

} // namespace td
