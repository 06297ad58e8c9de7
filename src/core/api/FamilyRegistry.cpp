// SPDX-License-Identifier: GPL-3.0-or-later
#include "FamilyRegistry.h"

#include "core/api/EndpointCatalog.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>

namespace td {

const FamilyRegistry &FamilyRegistry::builtIn()
{
    static const FamilyRegistry registry = [] {
        FamilyRegistry loaded;
        loaded.loadDirectory(QStringLiteral(":/families"));
        return loaded;
    }();
    return registry;
}

Result<FamilySpec> FamilyRegistry::loadFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(path, file.errorString()));
    if (file.size() > 64 * 1024)
        return makeError(ErrorCode::InputTooLarge, QStringLiteral("%1 is larger than 64 KiB; it is not a family file.").arg(path));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorCode::SpecInvalid,
                         QStringLiteral("%1: $: not JSON (%2 at offset %3).").arg(path, parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return makeError(ErrorCode::SpecInvalid, QStringLiteral("%1: $: must be a JSON object.").arg(path));
    return FamilySpec::fromJson(doc.object(), path);
}

void FamilyRegistry::loadDirectory(const QString &directory)
{
    const QDir dir(directory);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &name : names) {
        Result<FamilySpec> family = loadFile(dir.filePath(name));
        if (family)
            add(std::move(family).value());
        else
            m_problems.append(family.error().message);
    }
}

void FamilyRegistry::add(FamilySpec family)
{
    m_families.erase(std::remove_if(m_families.begin(), m_families.end(),
                                    [&family](const FamilySpec &existing) { return existing.id == family.id; }),
                     m_families.end());
    m_families.append(std::move(family));
    std::stable_sort(m_families.begin(), m_families.end(), [](const FamilySpec &a, const FamilySpec &b) {
        return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
}

QStringList FamilyRegistry::ids() const
{
    QStringList result;
    for (const FamilySpec &family : m_families)
        result.append(family.id);
    return result;
}

const FamilySpec *FamilyRegistry::find(QStringView id) const
{
    for (const FamilySpec &family : m_families) {
        if (family.id == id)
            return &family;
    }
    return nullptr;
}

QString FamilyRegistry::displayName(QStringView family) const
{
    const FamilySpec *found = find(family);
    return found ? found->displayName : family.toString();
}

QString FamilyRegistry::adapter(QStringView family) const
{
    const FamilySpec *found = find(family);
    return found ? found->adapter : QString();
}

bool FamilyRegistry::singleUseRefresh(QStringView family) const
{
    const FamilySpec *found = find(family);
    return found && found->singleUseRefresh;
}

bool FamilyRegistry::sandboxTerminates(QStringView family) const
{
    const FamilySpec *found = find(family);
    return found && found->sandboxTerminates;
}

int FamilyRegistry::rank(QStringView family) const
{
    for (int i = 0; i < m_families.size(); ++i) {
        if (m_families.at(i).id == family)
            return i;
    }
    return static_cast<int>(m_families.size());
}

int FamilyRegistry::flowIndex(const EndpointSpec &spec) const
{
    const FamilySpec *family = find(spec.family);
    return family ? family->flowIndex(spec) : 0; // a plain family without a file: spec order alone
}

bool FamilyRegistry::lessThan(const EndpointSpec &a, const EndpointSpec &b) const
{
    const int rankA = rank(a.family), rankB = rank(b.family);
    if (rankA != rankB)
        return rankA < rankB;
    if (a.family != b.family)
        return a.family < b.family;
    const int stepA = flowIndex(a), stepB = flowIndex(b);
    if (stepA != stepB)
        return stepA < stepB;
    return a.order != b.order ? a.order < b.order : a.id < b.id;
}

QList<const EndpointSpec *> FamilyRegistry::endpoints(QStringView family, const EndpointCatalog &catalog) const
{
    QList<const EndpointSpec *> result;
    for (const EndpointSpec &spec : catalog.endpoints()) {
        if (spec.family == family)
            result.append(&spec);
    }
    std::stable_sort(result.begin(), result.end(),
                     [this](const EndpointSpec *a, const EndpointSpec *b) { return lessThan(*a, *b); });
    return result;
}

QList<const EndpointSpec *> FamilyRegistry::flow(QStringView family, const EndpointCatalog &catalog) const
{
    const FamilySpec *described = find(family);
    QList<const EndpointSpec *> steps = endpoints(family, catalog);
    if (described) {
        steps.erase(std::remove_if(steps.begin(), steps.end(),
                                   [described](const EndpointSpec *spec) {
                                       return described->flowIndex(*spec) >= described->flow.size();
                                   }),
                    steps.end());
    }
    return steps;
}

const EndpointSpec *FamilyRegistry::renewStep(QStringView family, const EndpointCatalog &catalog) const
{
    const QList<const EndpointSpec *> specs = endpoints(family, catalog);
    const auto renew = std::find_if(specs.begin(), specs.end(), [](const EndpointSpec *spec) { return spec->renews(); });
    return renew == specs.end() ? nullptr : *renew;
}

} // namespace td
