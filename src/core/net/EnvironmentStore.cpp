// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/net/EnvironmentStore.h"

#include "core/io/SafeFile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace td {

namespace {

constexpr int kFormatVersion = 1;

Error fileError(const QString &path, const QString &what)
{
    return makeError(ErrorCode::ConfigInvalid,
                     QStringLiteral("%1 cannot be used: %2").arg(QDir::toNativeSeparators(path), what));
}

} // namespace

EnvironmentStore::EnvironmentStore(const QString &filePath, QObject *parent)
    : QObject(parent)
    , m_filePath(filePath)
{
}

Result<void> EnvironmentStore::load()
{
    QFile file(m_filePath);
    if (!file.exists()) {
        Q_EMIT aboutToChange();
        m_environments.clear();
        m_blocked = false;
        Q_EMIT changed();
        return {};
    }
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2")
                                            .arg(QDir::toNativeSeparators(m_filePath), file.errorString()));
    const QByteArray bytes = file.readAll();

    auto fail = [this](const Error &error) -> Result<void> {
        m_blocked = true; // keep what is on disk; save() refuses until reset()
        return error;
    };

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(fileError(m_filePath, QStringLiteral("not JSON (%1 at offset %2)")
                                              .arg(parseError.errorString()).arg(parseError.offset)));
    if (!document.isObject())
        return fail(fileError(m_filePath, QStringLiteral("the top level is not an object")));
    const QJsonObject root = document.object();
    const QJsonValue version = root.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toInt() != kFormatVersion)
        return fail(fileError(m_filePath, QStringLiteral("member \"version\" must be %1").arg(kFormatVersion)));
    const QJsonValue list = root.value(QStringLiteral("environments"));
    if (!list.isArray())
        return fail(fileError(m_filePath, QStringLiteral("member \"environments\" must be an array")));

    QList<Environment> loaded;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isObject())
            return fail(fileError(m_filePath, QStringLiteral("environments[%1] is not an object").arg(i)));
        auto env = Environment::fromJson(array.at(i).toObject());
        if (!env)
            return fail(fileError(m_filePath, QStringLiteral("environments[%1]: %2").arg(i).arg(env.error().message)));
        for (const Environment &previous : std::as_const(loaded)) {
            if (previous.name.compare(env->name, Qt::CaseInsensitive) == 0)
                return fail(fileError(m_filePath, QStringLiteral("environments[%1]: the name \"%2\" is used twice")
                                                      .arg(i).arg(env->name)));
        }
        if (Environment::isBuiltInName(env->name))
            return fail(fileError(m_filePath, QStringLiteral("environments[%1]: \"%2\" is the built-in environment's name")
                                                  .arg(i).arg(env->name)));
        loaded.append(std::move(env).value());
    }

    Q_EMIT aboutToChange();
    m_environments = std::move(loaded);
    m_blocked = false;
    Q_EMIT changed();
    return {};
}

Result<void> EnvironmentStore::save() const
{
    return write(m_environments);
}

Result<void> EnvironmentStore::write(const QList<Environment> &environments) const
{
    if (m_blocked)
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("%1 could not be read, so it is not overwritten; reset the environments first")
                             .arg(QDir::toNativeSeparators(m_filePath)));
    QJsonArray list;
    for (const Environment &env : environments)
        list.append(env.toJson(false)); // secrets never reach the file
    const QJsonObject root{{QStringLiteral("version"), kFormatVersion}, {QStringLiteral("environments"), list}};
    return writeFileAtomically(m_filePath, QJsonDocument(root).toJson(QJsonDocument::Indented));
}

Result<void> EnvironmentStore::reset()
{
    if (QFile::exists(m_filePath)) {
        const QString aside = m_filePath + QStringLiteral(".corrupt-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddTHHmmsszzz"));
        if (!QFile::rename(m_filePath, aside))
            return makeError(ErrorCode::Io, QStringLiteral("Cannot move %1 aside to %2")
                                                .arg(QDir::toNativeSeparators(m_filePath), QDir::toNativeSeparators(aside)));
    }
    Q_EMIT aboutToChange();
    m_environments.clear();
    m_blocked = false;
    Q_EMIT changed();
    return {};
}

void EnvironmentStore::setSandbox(const Environment &sandbox, const std::optional<Environment> &sandboxTls)
{
    Q_EMIT aboutToChange();
    m_sandbox = sandbox;
    m_sandbox->name = QLatin1String(Environment::kSandboxName);
    m_sandbox->builtIn = true;
    m_sandboxTls = sandboxTls;
    if (m_sandboxTls) {
        m_sandboxTls->name = QLatin1String(Environment::kSandboxTlsName);
        m_sandboxTls->builtIn = true;
    }
    Q_EMIT changed();
}

QList<Environment> EnvironmentStore::environments() const
{
    QList<Environment> all;
    if (m_sandbox)
        all.append(*m_sandbox);
    if (m_sandboxTls)
        all.append(*m_sandboxTls);
    all.append(m_environments);
    return all;
}

const Environment *EnvironmentStore::find(const QString &name) const
{
    if (m_sandbox && m_sandbox->name.compare(name, Qt::CaseInsensitive) == 0)
        return &*m_sandbox;
    if (m_sandboxTls && m_sandboxTls->name.compare(name, Qt::CaseInsensitive) == 0)
        return &*m_sandboxTls;
    const qsizetype index = indexOf(name);
    return index < 0 ? nullptr : &m_environments.at(index);
}

qsizetype EnvironmentStore::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_environments.size(); ++i) {
        if (m_environments.at(i).name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

Result<void> EnvironmentStore::checkName(const QString &name, qsizetype ignoreIndex) const
{
    if (name.trimmed().isEmpty() || name.trimmed() != name)
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("An environment name must be non-empty, without spaces around it"));
    // The Sandbox name is reserved even before the app adds it.
    if (Environment::isBuiltInName(name))
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("\"%1\" is the name of a built-in environment").arg(name));
    const qsizetype existing = indexOf(name);
    if (existing >= 0 && existing != ignoreIndex)
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("An environment named \"%1\" already exists").arg(m_environments.at(existing).name));
    return {};
}

Result<void> EnvironmentStore::checkEditable(const QString &name, qsizetype *index) const
{
    if (Environment::isBuiltInName(name))
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("The built-in %1 environment cannot be changed").arg(name));
    *index = indexOf(name);
    if (*index < 0)
        return makeError(ErrorCode::NotFound, QStringLiteral("No environment named \"%1\"").arg(name));
    return {};
}

// Saves `next`; only when that works does it become the current list.
Result<void> EnvironmentStore::commit(QList<Environment> next)
{
    if (auto saved = write(next); !saved)
        return saved;
    Q_EMIT aboutToChange();
    m_environments = std::move(next);
    Q_EMIT changed();
    return {};
}

Result<void> EnvironmentStore::add(const Environment &environment)
{
    if (auto ok = checkName(environment.name, -1); !ok)
        return ok;
    QList<Environment> next = m_environments;
    Environment added = environment;
    added.builtIn = false;
    next.append(added);
    return commit(std::move(next));
}

Result<void> EnvironmentStore::update(const QString &name, const Environment &environment)
{
    qsizetype index = -1;
    if (auto ok = checkEditable(name, &index); !ok)
        return ok;
    if (auto ok = checkName(environment.name, index); !ok)
        return ok;
    QList<Environment> next = m_environments;
    next[index] = environment;
    next[index].builtIn = false;
    return commit(std::move(next));
}

Result<void> EnvironmentStore::remove(const QString &name)
{
    qsizetype index = -1;
    if (auto ok = checkEditable(name, &index); !ok)
        return ok;
    QList<Environment> next = m_environments;
    next.removeAt(index);
    return commit(std::move(next));
}

Result<void> EnvironmentStore::rename(const QString &oldName, const QString &newName)
{
    qsizetype index = -1;
    if (auto ok = checkEditable(oldName, &index); !ok)
        return ok;
    if (auto ok = checkName(newName, index); !ok)
        return ok;
    QList<Environment> next = m_environments;
    next[index].name = newName;
    return commit(std::move(next));
}

} // namespace td
