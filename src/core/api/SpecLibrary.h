// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/EndpointCatalog.h"

#include <QHash>
#include <QStringList>

#include <utility>

namespace td {

// The endpoint specs a command works with: the built-in ones, then each user folder in turn
// (<config>/apis, the folders of TOKENDESK_SPECS_PATH, every --specs DIR). A spec with the id of
// one loaded before replaces it, and the library remembers which file it came from and what it
// replaced. A broken file is refused with its path and problem; the others still load.
// Family files of a user folder live in its `families` subfolder (FOLDER/families/*.json); they
// are read before any spec, so the specs of a user family sort and renew as its file says.
class SpecLibrary
{
public:
    struct Origin {
        QString file;          // the spec's file; ":/apis/…" for a built-in one
        bool builtIn = false;
        QString replacedFile;  // the file of the spec it replaced; empty when it replaced none
        bool overrides() const { return !replacedFile.isEmpty(); }
    };

    // The user folders in load order: <config>/apis, TOKENDESK_SPECS_PATH (colon-separated), then
    // `specsOptions` (each --specs DIR).
    static QStringList userFolders(const QStringList &specsOptions);

    // The built-in specs, then every *.json of each folder (a missing folder adds nothing).
    explicit SpecLibrary(const QStringList &folders = {});
    SpecLibrary(const SpecLibrary &) = delete; // the catalog's spec pointers must stay put
    SpecLibrary &operator=(const SpecLibrary &) = delete;

    const EndpointCatalog &catalog() const { return m_catalog; }
    const FamilyRegistry &families() const { return m_families; }
    QStringList folders() const { return m_folders; }
    // The file of a user family; empty for a built-in family or one no file describes.
    QString familyFile(QStringView family) const { return m_familyFiles.value(family.toString()); }
    Origin origin(QStringView id) const { return m_origins.value(id.toString()); }
    QStringList problems() const { return m_problems; } // "<file>: <problem>", one per refused file

    // Why a spec file would be refused ("<file>: <problem>"); empty when it loads.
    static QString validate(const QString &file);
    // The same for files loaded together with the built-in specs (`specs validate FILE...`):
    // besides each file's own problems, a `compute` identifier nothing provides, where a step of
    // another given file counts; family files among them are read first. One entry per file, in
    // order; empty for a file that loads (and for a family file: FamilyRegistry::loadFile says).
    static QStringList validateTogether(const QStringList &files);
    // Whether `file` holds a family (FamilySpec::hasFamilyShape) rather than an endpoint spec;
    // false for what is not a JSON object of at most 64 KiB (a family file's limit).
    static bool isFamilyFile(const QString &file);

private:
    void loadFolder(const QString &folder);
    void loadUserSpecs(const QStringList &folders);
    void loadFamilies(const QString &folder);
    void addFile(const QString &path);
    void add(const QString &path, EndpointSpec spec);
    // Takes out of `read` each spec whose `compute` names an identifier that is neither its own
    // field nor provided by a step of its family (in `catalog` or in `read`); "<file>: <problem>"
    // for each. A family with a built-in adapter is not checked: the adapter provides values too.
    static QStringList refuseUnprovided(QList<std::pair<QString, EndpointSpec>> &read, const EndpointCatalog &catalog);

    QStringList m_folders;
    FamilyRegistry m_families; // before m_catalog: the catalog keeps a reference to it
    EndpointCatalog m_catalog;
    QHash<QString, QString> m_familyFiles;
    QHash<QString, Origin> m_origins;
    QStringList m_problems;
};

} // namespace td
