// SPDX-License-Identifier: GPL-3.0-or-later
#include "EndpointCatalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <algorithm>

namespace td {

EndpointCatalog::EndpointCatalog(const FamilyRegistry &families) : m_families(&families)
{
}

const EndpointCatalog &EndpointCatalog::builtIn()
{
    static const EndpointCatalog catalog = [] {
        EndpointCatalog loaded;
        loaded.loadDirectory(QStringLiteral(":/apis"));
        return loaded;
    }();
    return catalog;
}

Result<EndpointSpec> EndpointCatalog::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > 1024 * 1024)
        return makeError(ErrorCode::InputTooLarge, QStringLiteral("%1 is larger than 1 MiB; it is not an endpoint spec.").arg(path));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!doc.isObject())
        return makeError(ErrorCode::SpecInvalid, QStringLiteral("%1 is not a JSON object.").arg(path), parseError.errorString());
    Result<EndpointSpec> spec = EndpointSpec::fromJson(doc.object());
    if (!spec)
        return makeError(ErrorCode::SpecInvalid, QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), spec.error().message));
    return spec;
}

void EndpointCatalog::loadDirectory(const QString &directory)
{
    const QDir dir(directory);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        Result<EndpointSpec> spec = loadFile(dir.filePath(name));
        if (spec)
            add(std::move(spec).value());
        else
            m_problems.append(spec.error().message);
    }
}

void EndpointCatalog::add(EndpointSpec spec)
{
    m_specs.erase(std::remove_if(m_specs.begin(), m_specs.end(),
                                 [&spec](const EndpointSpec &existing) { return existing.id == spec.id; }),
                  m_specs.end());
    m_specs.append(std::move(spec));
    std::stable_sort(m_specs.begin(), m_specs.end(),
                     [this](const EndpointSpec &a, const EndpointSpec &b) { return m_families->lessThan(a, b); });
}

const EndpointSpec *EndpointCatalog::find(QStringView id) const
{
    for (const EndpointSpec &spec : m_specs) {
        if (spec.id == id)
            return &spec;
    }
    return nullptr;
}

QStringList EndpointCatalog::families() const
{
    QStringList result;
    for (const EndpointSpec &spec : m_specs) {
        if (!result.contains(spec.family))
            result.append(spec.family);
    }
    return result;
}

QList<const EndpointSpec *> EndpointCatalog::family(QStringView family) const
{
    return m_families->endpoints(family, *this);
}

QList<const EndpointSpec *> EndpointCatalog::flow(QStringView family) const
{
    return m_families->flow(family, *this);
}

const EndpointSpec *EndpointCatalog::renewStep(QStringView family) const
{
    return m_families->renewStep(family, *this);
}

QString EndpointCatalog::endpointTitle(QStringView id)
{
    const EndpointSpec *spec = builtIn().find(id);
    return spec && !spec->title.isEmpty() ? spec->title : id.toString();
}

QString EndpointCatalog::displayName(QStringView id)
{
    return builtIn().nameOf(id);
}

QString EndpointCatalog::nameOf(QStringView id) const
{
    const EndpointSpec *spec = find(id);
    if (!spec || spec->title.isEmpty())
        return id.toString();
    return QStringLiteral("%1 · %2").arg(m_families->displayName(spec->family), spec->title);
}

QString EndpointCatalog::familyTitle(QStringView family)
{
    return FamilyRegistry::builtIn().displayName(family);
}

} // namespace td
