// SPDX-License-Identifier: GPL-3.0-or-later
#include "CurlImport.h"

#include "core/api/EndpointCatalog.h"
#include "core/api/EndpointSpec.h"
#include "core/evidence/CurlCommand.h"
#include "core/evidence/EndpointMatcher.h"
#include "core/net/SecretMasker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace td {

namespace {

QString text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isDouble()) {
        const double number = value.toDouble();
        return number == double(qint64(number)) ? QString::number(qint64(number)) : QString::number(number, 'g', 17);
    }
    return value.isBool() ? (value.toBool() ? QStringLiteral("true") : QStringLiteral("false")) : QString();
}

// The body's members: JSON when it is, else the "name": value pairs a damaged sample still has
// (documents paste bodies with notes between the members).
QList<QPair<QString, QString>> bodyMembers(const QByteArray &body, bool &readable)
{
    QList<QPair<QString, QString>> members;
    const QJsonDocument document = QJsonDocument::fromJson(body);
    readable = document.isObject();
    if (readable) {
        const QJsonObject object = document.object();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            members.append({it.key(), text(it.value())});
        return members;
    }
    static const QRegularExpression pair(QStringLiteral(R"re("([^"\\]+)"\s*:\s*("((?:[^"\\]|\\.)*)"|-?[0-9][0-9.eE+-]*|true|false|null))re"));
    for (auto it = pair.globalMatch(QString::fromUtf8(body)); it.hasNext();) {
        const QRegularExpressionMatch found = it.next();
        members.append({found.captured(1), found.captured(3).isNull() ? found.captured(2) : found.captured(3)});
    }
    return members;
}

void takeHeaders(CurlImport &import, const CurlCommand &command)
{
    for (const auto &[name, value] : command.headers) {
        const FieldSpec *field = nullptr;
        for (const FieldSpec &candidate : import.endpoint ? import.endpoint->fields : QList<FieldSpec>()) {
            if (candidate.location == FieldSpec::Location::Header && candidate.name.compare(name, Qt::CaseInsensitive) == 0)
                field = &candidate;
        }
        if (field)
            import.values.insert(field->name, value);
        else
            import.unmatched.append(QStringLiteral("header ") + name);
    }
}

void takeBody(CurlImport &import, const CurlCommand &command)
{
    if (command.body.isEmpty())
        return;
    bool readable = false;
    const QList<QPair<QString, QString>> members = bodyMembers(command.body, readable);
    if (members.isEmpty()) {
        import.unmatched.append(QStringLiteral("body (%1 bytes, not JSON%2)")
                                    .arg(command.body.size())
                                    .arg(import.endpoint && import.endpoint->encryptedRequest ? QStringLiteral(": an encrypted payload")
                                                                                             : QString()));
        return;
    }
    for (const auto &[name, value] : members) {
        const FieldSpec *field = import.endpoint ? import.endpoint->field(name) : nullptr;
        if (field && field->location != FieldSpec::Location::Header)
            import.values.insert(field->name, value);
        else
            import.unmatched.append(QStringLiteral("body ") + name);
    }
    if (!readable)
        import.unmatched.append(QStringLiteral("body (not valid JSON: only its \"name\": value pairs were read)"));
}

} // namespace

CurlImport CurlImport::match(const CurlCommand &command, const EndpointCatalog &catalog)
{
    CurlImport import;
    import.method = command.method;
    import.path = command.path();
    QString matchedPath;
    import.endpoint = EndpointMatcher::find(command.method, import.path, catalog, &matchedPath);
    import.baseUrl = command.origin() + import.path.left(import.path.size() - matchedPath.size());
    takeHeaders(import, command);
    takeBody(import, command);
    if (!command.user.isEmpty())
        import.unmatched.append(QStringLiteral("user (-u)"));
    for (const QString &option : command.ignored)
        import.unmatched.append(QStringLiteral("option ") + option);
    return import;
}

bool CurlImport::isSecret(const QString &name) const
{
    const FieldSpec *field = endpoint ? endpoint->field(name) : nullptr;
    return field && field->secret;
}

QJsonObject CurlImport::toJson(bool showSecrets) const
{
    QJsonObject shown;
    for (auto it = values.cbegin(); it != values.cend(); ++it)
        shown.insert(it.key(), isSecret(it.key()) && !showSecrets ? QString::fromLatin1(SecretMasker::mask()) : it.value());
    return {{QStringLiteral("endpoint"), endpoint ? QJsonValue(endpoint->id) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("baseUrl"), baseUrl},
            {QStringLiteral("method"), QString::fromLatin1(method)},
            {QStringLiteral("path"), path},
            {QStringLiteral("values"), shown},
            {QStringLiteral("unmatched"), QJsonArray::fromStringList(unmatched)}};
}

} // namespace td
