// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/EndpointSpec.h"
#include "core/api/FamilyRegistry.h"

#include <QList>
#include <QStringList>

namespace td {

// All endpoint specs: the built-in ones (resources/apis, compiled in) and any extra directory of
// JSON files, ordered by family and flow step as the family registry says.
class EndpointCatalog
{
public:
    // `families` orders the specs and answers the family questions; it must outlive the catalog.
    explicit EndpointCatalog(const FamilyRegistry &families = FamilyRegistry::builtIn());

    // The built-in endpoints: every file under :/apis (resources/apis, found at build time). A broken built-in spec is a build defect: it is reported in
    // problems() rather than silently dropped.
    static const EndpointCatalog &builtIn();

    // Loads every *.json in `directory` on top of what is there; a file with the id of an existing
    // spec replaces it. Broken files are skipped and named in problems().
    void loadDirectory(const QString &directory);
    Result<EndpointSpec> loadFile(const QString &path);
    void add(EndpointSpec spec);

    const QList<EndpointSpec> &endpoints() const { return m_specs; }
    const EndpointSpec *find(QStringView id) const;
    QStringList families() const;                        // the families with endpoints, in registry order
    QList<const EndpointSpec *> family(QStringView family) const; // in flow order, then the others
    QList<const EndpointSpec *> flow(QStringView family) const;   // the steps of `flow FAMILY`
    // The step that renews or refreshes the family's sessions (its role says so); null when none.
    const EndpointSpec *renewStep(QStringView family) const;
    const FamilyRegistry &familyRegistry() const { return *m_families; }
    QStringList problems() const { return m_problems; }

    // The built-in registry's display name: "BankEzy", "EnOS APIM"; the id for a plain family.
    static QString familyTitle(QStringView family);
    // What a person reads for a built-in endpoint id; ids stay for tooltips, --json and files.
    // An unknown id (a spec from another directory, a damaged file) is shown as it is.
    static QString endpointTitle(QStringView id);        // "Get User Token"
    static QString displayName(QStringView id);          // "BankEzy · Get User Token"
    // The same for an endpoint of this catalog (user specs included), by its own families.
    QString nameOf(QStringView id) const;

private:
    const FamilyRegistry *m_families;
    QList<EndpointSpec> m_specs;
    QStringList m_problems;
};

} // namespace td
