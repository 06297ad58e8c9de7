// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/FamilySpec.h"

#include <QList>
#include <QStringList>

namespace td {

class EndpointCatalog;
struct EndpointSpec;

// The one answer to "which families, which endpoints, which step renews": the family files
// (resources/families, compiled in under :/families) read together with the endpoint specs.
// A family that specs name but no file describes is a plain family: shown by its id, after the
// described ones, its steps in the specs' own order.
class FamilyRegistry
{
public:
    // The built-in families. A broken built-in file is a build defect: it is reported in
    // problems() rather than silently dropped.
    static const FamilyRegistry &builtIn();

    // Loads every *.json in `directory`; a file with the id of a known family replaces it.
    // Broken files are skipped and named in problems().
    void loadDirectory(const QString &directory);
    static Result<FamilySpec> loadFile(const QString &path);
    void add(FamilySpec family);
    QStringList problems() const { return m_problems; }

    const QList<FamilySpec> &families() const { return m_families; } // in display order
    QStringList ids() const;
    const FamilySpec *find(QStringView id) const;
    QString displayName(QStringView family) const; // "EnOS APIM"; the id for a plain family
    QString adapter(QStringView family) const;     // the built-in adapter's name; empty: plain
    bool singleUseRefresh(QStringView family) const;
    bool sandboxTerminates(QStringView family) const;

    // Whether `a` comes before `b` in a catalog: family order, then flow order, then spec order.
    bool lessThan(const EndpointSpec &a, const EndpointSpec &b) const;
    // Every endpoint of the family: the flow's steps in flow order, then the others.
    QList<const EndpointSpec *> endpoints(QStringView family, const EndpointCatalog &catalog) const;
    // The steps `flow FAMILY` runs, in order.
    QList<const EndpointSpec *> flow(QStringView family, const EndpointCatalog &catalog) const;
    // The step that renews or refreshes the family's sessions (its role says so; the first in
    // flow order when there are several); null when none.
    const EndpointSpec *renewStep(QStringView family, const EndpointCatalog &catalog) const;

private:
    int rank(QStringView family) const;
    int flowIndex(const EndpointSpec &spec) const;

    QList<FamilySpec> m_families;
    QStringList m_problems;
};

} // namespace td
