// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/net/Environment.h"
#include "core/net/HistoryEntry.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace td {

// What an engineer attaches to a ticket: the chosen exchanges as the history stores them
// (masked), the environments they used without secret values, key thumbprints (never key
// material), the session's outline without its tokens, and the versions of TokenDesk, Qt and
// OpenSSL, with a README.txt saying what is inside. As a last net, every value in
// `secretValues` is masked in every file wherever it still appears.
struct SupportBundle {
    struct KeyPrint {
        QString name;       // "vault:partner-x", "session app key"
        QString kind;       // "ec-key", "oct-key", ...
        QString thumbprint; // RFC 7638 SHA-256, base64url
    };

    QList<HistoryEntry> exchanges;
    QList<Environment> environments;
    QList<KeyPrint> keys;
    QJsonObject session;            // empty when none was chosen
    QStringList secretValues;
    QString versions;               // BuildInfo::versionText()
    QDateTime createdAt;            // UTC

    // The files by name, in the order they are written: README.txt, exchanges.jsonl, clock.json,
    // environments.json, keys.json, session.json (when chosen), versions.txt.
    QList<QPair<QString, QByteArray>> files() const;
    // files() as a ZIP archive.
    QByteArray zip() const;

    // clock.json: {"noticeMs", "exchanges": {ID: {"time", "environment", "clockOffsetMs"}},
    // "largestByEnvironment": {ENV: {"clockOffsetMs", "exchange", "time"}}}; the largest by size.
    QJsonObject clockOffsets() const;

private:
    QByteArray readme() const;
};

} // namespace td
