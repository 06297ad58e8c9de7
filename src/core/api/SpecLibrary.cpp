// SPDX-License-Identifier: GPL-3.0-or-later
#include "SpecLibrary.h"

#include "core/AppPaths.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace td {

namespace {

// A problem that begins with its own JSON path ("response.expiry[1]: …", "fields[3].compute: …").
const QRegularExpression &leadingPath()
{
    static const QRegularExpression path(QStringLiteral("^([A-Za-z]+(?:\\[\\d+\\])?(?:\\.[A-Za-z]+(?:\\[\\d+\\])?)*): "));
    return path;
}

// The message without the loader's "<file name>: Endpoint spec <id>: " prefixes.
QString withoutPrefixes(const QString &message)
{
    static const QRegularExpression prefix(QStringLiteral("^(?:[^ :]+\\.json: )?Endpoint spec [^:]*: "));
    return QString(message).remove(prefix);
}

// The problem alone: without the prefixes and without a leading JSON path (jsonPathOf reports it).
QString problemOf(const QString &message)
{
    return withoutPrefixes(message).remove(leadingPath());
}

// The spec's messages name a field ("field \"appKey\"" or "field 3") or "response": the JSON
// path of what they name, so a person finds it in the file.
QString jsonPathOf(const QString &message, const QJsonObject &spec)
{
    if (const QRegularExpressionMatch match = leadingPath().match(withoutPrefixes(message)); match.hasMatch())
        return QStringLiteral("$.") + match.captured(1);
    static const QRegularExpression named(QStringLiteral("field \"([^\"]+)\""));
    static const QRegularExpression numbered(QStringLiteral("field (\\d+)"));
    const QJsonArray fields = spec.value(QLatin1String("fields")).toArray();
    if (const QRegularExpressionMatch match = named.match(message); match.hasMatch()) {
        for (int i = 0; i < fields.size(); ++i) {
            if (fields.at(i).toObject().value(QLatin1String("name")).toString() == match.captured(1))
                return QStringLiteral("$.fields[%1]").arg(i);
        }
    }
    if (const QRegularExpressionMatch match = numbered.match(message); match.hasMatch())
        return QStringLiteral("$.fields[%1]").arg(match.captured(1).toInt() - 1);
    if (message.contains(QLatin1String("\"expiry\"")))
        return QStringLiteral("$.response");
    // "\"role\" is one of …", "\"response\" needs …": the member the problem begins with.
    static const QRegularExpression member(QStringLiteral("^\"([A-Za-z]+)\""));
    if (const QRegularExpressionMatch match = member.match(problemOf(message)); match.hasMatch())
        return QStringLiteral("$.") + match.captured(1);
    return QStringLiteral("$");
}

// What the steps of a family hand to later steps: their response outputs and carried fields.
QStringList providedBy(const QList<const EndpointSpec *> &steps)
{
    QStringList names;
    for (const EndpointSpec *step : steps)
        names << step->response.outputs.keys() << step->carryFields;
    return names;
}

// A `compute` identifier that is neither a field of this request nor in `provided` fails every
// call at run time ("no value for accessTok"): said when the spec loads instead, with the field
// it is in. Empty when every identifier has a source.
QString unprovidedInput(const EndpointSpec &spec, const QStringList &provided)
{
    for (int i = 0; i < spec.fields.size(); ++i) {
        for (const QString &name : spec.fields.at(i).expression.identifiers()) {
            const bool ownField = std::any_of(spec.fields.cbegin(), spec.fields.cend(),
                                              [&name](const FieldSpec &field) { return field.name == name; });
            if (ownField || provided.contains(name))
                continue;
            QStringList known = provided;
            known.removeDuplicates();
            return QStringLiteral("$.fields[%1].compute: \"%2\" is neither a field of this request nor a value an earlier "
                                  "step of the %3 family provides (%4)")
                .arg(i)
                .arg(name, spec.family,
                     known.isEmpty() ? QStringLiteral("they provide none") : QStringLiteral("they provide ") + known.join(QStringLiteral(", ")));
        }
    }
    return {};
}

} // namespace

QStringList SpecLibrary::userFolders(const QStringList &specsOptions)
{
    QStringList folders{AppPaths::userEndpointSpecsDir()};
    const QString path = qEnvironmentVariable("TOKENDESK_SPECS_PATH");
    for (const QString &folder : path.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        folders.append(folder);
    folders.append(specsOptions);
    return folders;
}

SpecLibrary::SpecLibrary(const QStringList &folders)
    : m_folders(folders), m_families(FamilyRegistry::builtIn()), m_catalog(m_families)
{
    for (const QString &folder : folders)
        loadFamilies(QDir(folder).filePath(QStringLiteral("families")));
    loadFolder(QStringLiteral(":/apis"));
    loadUserSpecs(folders);
}

// The user folders' specs are all read before any is added: a `compute` of a plain family's step
// may name what another file's step of that family provides, so the check needs the whole family.
// A built-in adapter provides values of its own, so its families' specs are not checked here.
void SpecLibrary::loadUserSpecs(const QStringList &folders)
{
    QList<std::pair<QString, EndpointSpec>> read;
    for (const QString &folder : folders) {
        const QDir dir(folder);
        for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name)) {
            const QString path = dir.filePath(name);
            Result<EndpointSpec> spec = m_catalog.loadFile(path);
            if (spec)
                read.append({path, std::move(spec).value()});
            else
                m_problems.append(validate(path));
        }
    }
    m_problems.append(refuseUnprovided(read, m_catalog));
    for (auto &[path, spec] : read)
        add(path, std::move(spec));
}

QStringList SpecLibrary::refuseUnprovided(QList<std::pair<QString, EndpointSpec>> &read, const EndpointCatalog &catalog)
{
    QHash<QString, QStringList> provided; // family → what its steps provide, the catalog's and read ones
    for (const auto &[path, spec] : read)
        provided[spec.family] << providedBy({&spec});
    for (auto it = provided.begin(); it != provided.end(); ++it)
        it.value() << providedBy(catalog.family(it.key()));
    QStringList problems;
    QList<std::pair<QString, EndpointSpec>> kept;
    for (auto &[path, spec] : read) {
        const FamilySpec *family = catalog.familyRegistry().find(spec.family);
        const bool adapted = family && !family->adapter.isEmpty();
        if (const QString problem = adapted ? QString() : unprovidedInput(spec, provided.value(spec.family)); !problem.isEmpty())
            problems.append(QStringLiteral("%1: %2").arg(path, problem));
        else
            kept.append({path, std::move(spec)});
    }
    read = std::move(kept);
    return problems;
}

QStringList SpecLibrary::validateTogether(const QStringList &files)
{
    FamilyRegistry families = FamilyRegistry::builtIn();
    for (const QString &file : files) {
        if (!isFamilyFile(file))
            continue;
        if (Result<FamilySpec> family = FamilyRegistry::loadFile(file))
            families.add(std::move(family).value());
    }
    EndpointCatalog catalog(families);
    catalog.loadDirectory(QStringLiteral(":/apis"));
    QStringList problems;
    QList<std::pair<QString, EndpointSpec>> read;
    for (const QString &file : files) {
        problems.append(isFamilyFile(file) ? QString() : validate(file));
        if (problems.constLast().isEmpty() && !isFamilyFile(file))
            read.append({file, catalog.loadFile(file).value()});
    }
    // Each refused file's problem in its place; a file given twice gets it twice.
    for (const QString &problem : refuseUnprovided(read, catalog)) {
        for (int i = 0; i < files.size(); ++i) {
            if (problem.startsWith(files.at(i) + QStringLiteral(": $.")) && problems.at(i).isEmpty())
                problems[i] = problem;
        }
    }
    return problems;
}

void SpecLibrary::loadFamilies(const QString &folder)
{
    const QDir dir(folder);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : names) {
        Result<FamilySpec> family = FamilyRegistry::loadFile(dir.filePath(name));
        if (!family) {
            m_problems.append(family.error().message);
            continue;
        }
        m_familyFiles.insert(family.value().id, dir.filePath(name));
        m_families.add(std::move(family).value());
    }
}

void SpecLibrary::loadFolder(const QString &folder)
{
    const QDir dir(folder);
    const QStringList names = dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QString &name : names)
        addFile(dir.filePath(name));
}

void SpecLibrary::addFile(const QString &path)
{
    Result<EndpointSpec> spec = m_catalog.loadFile(path);
    if (!spec) {
        m_problems.append(validate(path));
        return;
    }
    add(path, std::move(spec).value());
}

// Adds a loaded spec, remembering its file and the one it replaces.
void SpecLibrary::add(const QString &path, EndpointSpec spec)
{
    const QString id = spec.id;
    Origin origin;
    origin.file = path;
    origin.builtIn = path.startsWith(QLatin1String(":/"));
    if (m_origins.contains(id))
        origin.replacedFile = m_origins.value(id).file;
    m_origins.insert(id, origin);
    m_catalog.add(std::move(spec));
}

QString SpecLibrary::validate(const QString &file)
{
    const Result<EndpointSpec> spec = EndpointCatalog().loadFile(file);
    if (spec)
        return {};
    QFile input(file);
    QJsonParseError parseError{};
    const QJsonDocument doc = input.open(QIODevice::ReadOnly) && input.size() <= 1024 * 1024
        ? QJsonDocument::fromJson(input.readAll(), &parseError)
        : QJsonDocument();
    if (parseError.error != QJsonParseError::NoError)
        return QStringLiteral("%1: $: not JSON (%2 at offset %3)").arg(file, parseError.errorString()).arg(parseError.offset);
    if (!doc.isObject())
        return QStringLiteral("%1: $: %2").arg(file, spec.error().message);
    return QStringLiteral("%1: %2: %3").arg(file, jsonPathOf(spec.error().message, doc.object()), problemOf(spec.error().message));
}

bool SpecLibrary::isFamilyFile(const QString &file)
{
    QFile input(file);
    if (!input.open(QIODevice::ReadOnly) || input.size() > 64 * 1024)
        return false;
    return FamilySpec::hasFamilyShape(QJsonDocument::fromJson(input.readAll()).object());
}

} // namespace td
