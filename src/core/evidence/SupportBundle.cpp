// SPDX-License-Identifier: GPL-3.0-or-later
#include "SupportBundle.h"

#include "core/evidence/FailureExplainer.h"
#include "core/evidence/ZipWriter.h"
#include "core/net/SecretMasker.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace td {

namespace {

QByteArray pretty(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

} // namespace

QJsonObject SupportBundle::clockOffsets() const
{
    QJsonObject byId;
    QJsonObject largest;
    for (const HistoryEntry &entry : exchanges) {
        const QString time = entry.time.toUTC().toString(Qt::ISODateWithMs);
        const QJsonValue offset = entry.clockOffsetMs ? QJsonValue(*entry.clockOffsetMs) : QJsonValue(QJsonValue::Null);
        byId.insert(entry.id, QJsonObject{{QStringLiteral("time"), time},
                                          {QStringLiteral("environment"), entry.environment},
                                          {QStringLiteral("clockOffsetMs"), offset}});
        if (!entry.clockOffsetMs)
            continue;
        const QJsonObject known = largest.value(entry.environment).toObject();
        // The largest either way: a clock behind misleads as much as one ahead.
        if (!known.isEmpty() && qAbs(known.value(QStringLiteral("clockOffsetMs")).toInteger()) >= qAbs(*entry.clockOffsetMs))
            continue;
        largest.insert(entry.environment, QJsonObject{{QStringLiteral("clockOffsetMs"), *entry.clockOffsetMs},
                                                      {QStringLiteral("exchange"), entry.id},
                                                      {QStringLiteral("time"), time}});
    }
    return {{QStringLiteral("noticeMs"), FailureExplainer::kClockNoticeMs},
            {QStringLiteral("exchanges"), byId},
            {QStringLiteral("largestByEnvironment"), largest}};
}

QByteArray SupportBundle::readme() const
{
    return QStringLiteral(
               "TokenDesk support bundle, made %1 UTC.\n\n"
               "Every secret is masked as *** (credentials, passwords, API keys, tokens); a body that\n"
               "could not be masked for sure is replaced by \"body withheld (N bytes, sha256 ...)\".\n\n"
               "exchanges.jsonl    %2 exchange(s), one JSON object a line, exactly as TokenDesk's\n"
               "                   history stores them: request, response, decrypted body, outcome,\n"
               "                   and TokenDesk's explanation as it was made then: \"causes\" (ranked,\n"
               "                   each with its evidence; \"confirmed\" and \"fix\" for one tested\n"
               "                   locally) and \"clockOffsetMs\".\n"
               "clock.json         the clock offsets seen: per exchange id its time, environment and\n"
               "                   clockOffsetMs (the server's Date header minus this machine's clock;\n"
               "                   null without one), and the largest offset per environment. Offsets\n"
               "                   beyond noticeMs (30 s) are worth a look.\n"
               "environments.json  %3 environment(s) the exchanges used: base URLs, paths, KDF, headers,\n"
               "                   transport; values with secret names are left out.\n"
               "keys.json          %4 key thumbprint(s) (RFC 7638, SHA-256): which keys were in play,\n"
               "                   never the keys themselves.\n"
               "%5"
               "versions.txt       TokenDesk, Qt and OpenSSL versions.\n")
        .arg(createdAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")))
        .arg(exchanges.size())
        .arg(environments.size())
        .arg(keys.size())
        .arg(session.isEmpty() ? QString()
                               : QStringLiteral("session.json       the session the exchanges belong to: family, endpoint,\n"
                                                "                   environment, state, expiry and renewals, without its tokens.\n"))
        .toUtf8();
}

QList<QPair<QString, QByteArray>> SupportBundle::files() const
{
    QByteArray lines;
    for (const HistoryEntry &entry : exchanges)
        lines += QJsonDocument(entry.toJson()).toJson(QJsonDocument::Compact) + '\n';
    QJsonArray environmentList;
    for (const Environment &environment : environments)
        environmentList.append(environment.toJson(false));
    QJsonArray keyList;
    for (const KeyPrint &key : keys)
        keyList.append(QJsonObject{{QStringLiteral("name"), key.name}, {QStringLiteral("kind"), key.kind},
                                   {QStringLiteral("thumbprint"), key.thumbprint}});
    QList<QPair<QString, QByteArray>> list{
        {QStringLiteral("README.txt"), readme()},
        {QStringLiteral("exchanges.jsonl"), lines},
        {QStringLiteral("clock.json"), pretty(clockOffsets())},
        {QStringLiteral("environments.json"), pretty({{QStringLiteral("environments"), environmentList}})},
        {QStringLiteral("keys.json"), pretty({{QStringLiteral("keys"), keyList}})}};
    if (!session.isEmpty())
        list.append({QStringLiteral("session.json"), pretty(session)});
    list.append({QStringLiteral("versions.txt"), versions.toUtf8()});
    for (auto &[name, content] : list)
        content = SecretMasker::maskKnownValues(content, secretValues);
    return list;
}

QByteArray SupportBundle::zip() const
{
    ZipWriter writer(createdAt);
    for (const auto &[name, content] : files())
        writer.add(name, content);
    return writer.finish();
}

} // namespace td
