// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace td {

class EndpointCatalog;
class HistoryModel;
class SessionStore;
class Vault;
struct Environment;

// What the command palette (Ctrl+K) lists and how typing narrows it: endpoints, sessions, vault
// entries (names only), environments and history entries, each as the text a person reads and
// the id the page selects it by. No widgets: the palette shows these, Workbench jumps to them.
class PaletteItems
{
public:
    enum class Kind { Endpoint, Session, Key, Environment, History };

    struct Item {
        Kind kind = Kind::Endpoint;
        QString text;   // what the list shows and the filter matches
        QString target; // endpoint id, session UUID, entry name, environment name, history id
    };

    static QString kindText(Kind kind); // "Endpoint", "Session", "Key", …

    static QList<Item> endpoints(const EndpointCatalog &catalog);
    static QList<Item> sessions(const SessionStore &sessions);
    // Only names, and nothing while the vault is locked or absent: values never reach the list.
    static QList<Item> keys(const Vault *vault);
    static QList<Item> environments(const QList<Environment> &environments);
    // The history page's entries, newest first, at most `limit` of them.
    static QList<Item> history(const HistoryModel &model, int limit = 200);

    // How well `query` matches `text`: -1 for no match; a case-insensitive substring scores
    // above a subsequence ("gut" in "Get User Token"), an earlier and tighter match above a later
    // one. An empty query matches everything with 0.
    static int score(QStringView text, QStringView query);
    // The items that match, best first (ties keep their order), at most `limit`.
    static QList<Item> filter(const QList<Item> &items, const QString &query, int limit = 100);
};

} // namespace td
