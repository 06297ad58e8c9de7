// SPDX-License-Identifier: GPL-3.0-or-later
#include "PaletteItems.h"

#include "gui/history/HistoryModel.h"
#include "gui/keys/VaultEntryModel.h"
#include "gui/sessions/SessionFilterModel.h"

#include "core/api/EndpointCatalog.h"
#include "core/net/Environment.h"
#include "core/session/SessionStore.h"
#include "core/vault/Vault.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace td {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("td::PaletteItems", text);
}

QString shortTime(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm"));
}

// Scores of a subsequence match stay below every substring match.
constexpr int kSubstringBase = 10000;
constexpr int kSubsequenceBase = 5000;

bool startsWord(QStringView text, qsizetype at)
{
    return at == 0 || !text.at(at - 1).isLetterOrNumber();
}

} // namespace

QString PaletteItems::kindText(Kind kind)
{
    switch (kind) {
    case Kind::Endpoint:
        return tr("Endpoint");
    case Kind::Session:
        return tr("Session");
    case Kind::Key:
        return tr("Key");
    case Kind::Environment:
        return tr("Environment");
    case Kind::History:
        return tr("History");
    }
    return {};
}

QList<PaletteItems::Item> PaletteItems::endpoints(const EndpointCatalog &catalog)
{
    QList<Item> items;
    for (const QString &family : catalog.families()) {
        for (const EndpointSpec *spec : catalog.family(family))
            items.append({Kind::Endpoint,
                          spec->title.isEmpty() ? spec->id
                                                : QStringLiteral("%1 · %2").arg(catalog.familyRegistry().displayName(family), spec->title),
                          spec->id});
    }
    return items;
}

QList<PaletteItems::Item> PaletteItems::sessions(const SessionStore &sessions)
{
    QList<Item> items;
    for (int row = 0; row < sessions.size(); ++row) {
        const Session &session = sessions.at(row);
        // Never the token: what issued it, where, when, and how it stands.
        const QString text = QStringLiteral("%1 · %2 · %3 · %4")
                                 .arg(EndpointCatalog::displayName(session.endpointId), session.environment.name,
                                      shortTime(QDateTime::fromMSecsSinceEpoch(session.issuedAtMs, Qt::UTC)),
                                      SessionFilterModel::stateLabel(session.state));
        items.append({Kind::Session, text, session.id.toString(QUuid::WithoutBraces)});
    }
    return items;
}

QList<PaletteItems::Item> PaletteItems::keys(const Vault *vault)
{
    QList<Item> items;
    if (!vault || vault->isLocked())
        return items;
    for (const VaultEntry &entry : vault->entries())
        items.append({Kind::Key, QStringLiteral("%1 · %2").arg(entry.name, VaultEntryModel::kindText(entry)), entry.name});
    return items;
}

QList<PaletteItems::Item> PaletteItems::environments(const QList<Environment> &environments)
{
    QList<Item> items;
    for (const Environment &environment : environments)
        items.append({Kind::Environment, environment.name, environment.name});
    return items;
}

QList<PaletteItems::Item> PaletteItems::history(const HistoryModel &model, int limit)
{
    QList<Item> items;
    for (int row = 0; row < model.rowCount() && row < limit; ++row) {
        const HistoryEntry &entry = model.entry(row);
        const QString text = QStringLiteral("%1 · %2 · %3 · %4")
                                 .arg(shortTime(entry.time), EndpointCatalog::displayName(entry.endpoint), entry.environment,
                                      HistoryModel::outcomeText(entry));
        items.append({Kind::History, text, entry.id});
    }
    return items;
}

int PaletteItems::score(QStringView text, QStringView query)
{
    if (query.isEmpty())
        return 0;
    if (const qsizetype at = text.indexOf(query, 0, Qt::CaseInsensitive); at >= 0)
        return kSubstringBase - int(std::min<qsizetype>(at, 1000)) + (startsWord(text, at) ? 1000 : 0);
    // A subsequence: each query character in order; word starts and a short span score higher.
    qsizetype first = -1;
    qsizetype next = 0;
    int wordStarts = 0;
    for (const QChar wanted : query) {
        if (wanted.isSpace())
            continue;
        qsizetype found = -1;
        for (qsizetype i = next; i < text.size(); ++i) {
            if (text.at(i).toCaseFolded() == wanted.toCaseFolded()) {
                found = i;
                break;
            }
        }
        if (found < 0)
            return -1;
        if (first < 0)
            first = found;
        wordStarts += startsWord(text, found) ? 1 : 0;
        next = found + 1;
    }
    if (first < 0)
        return 0; // only spaces
    const qsizetype span = next - first;
    return int(std::max<qsizetype>(1, kSubsequenceBase + 100 * wordStarts - std::min<qsizetype>(span, 2000) - first));
}

QList<PaletteItems::Item> PaletteItems::filter(const QList<Item> &items, const QString &query, int limit)
{
    QList<std::pair<int, int>> ranked; // score, index
    const QString trimmed = query.trimmed();
    for (int i = 0; i < items.size(); ++i) {
        const int s = score(items.at(i).text, trimmed);
        if (s >= 0)
            ranked.append({s, i});
    }
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QList<Item> matches;
    for (int i = 0; i < ranked.size() && i < limit; ++i)
        matches.append(items.at(ranked.at(i).second));
    return matches;
}

} // namespace td
