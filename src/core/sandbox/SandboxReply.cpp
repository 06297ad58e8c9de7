// SPDX-License-Identifier: GPL-3.0-or-later
#include "SandboxReply.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace td {

SandboxReply SandboxReply::problem(int status, const QString &message, const QString &code)
{
    QJsonObject object{{QStringLiteral("status"), status}, {QStringLiteral("error"), message}};
    if (!code.isEmpty())
        object.insert(QStringLiteral("code"), code);
    SandboxReply reply;
    reply.status = status;
    reply.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return reply;
}

} // namespace td
