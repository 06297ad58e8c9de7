// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/api/EndpointSpec.h"

#include <QList>
#include <QStringList>

namespace td {

// All endpoint specs: the built-in ones (resources/apis, compiled in) and any extra directory of
// JSON files, ordered by family and life-cycle step.
class EndpointCatalog
{
public:
    // The seven built-in endpoints. A broken built-in spec is a build defect: it is reported in
    // problems() rather than silently dropped.
    static const EndpointCatalog &builtIn();

    // Loads every *.json in `directory` on top of what is there; a file with the id of an existing
    // spec replaces it. Broken files are skipped and named in problems().
    void loadDirectory(const QString &directory);
    Result<EndpointSpec> loadFile(const QString &path);
    void add(EndpointSpec spec);

    const QList<EndpointSpec> &endpoints() const { return m_specs; }
    const EndpointSpec *find(QStringView id) const;
    QStringList families() const;                        // in display order: bankezy, enos, secmgmt, others
    QList<const EndpointSpec *> family(QStringView family) const; // in life-cycle order
    // The step that renews or refreshes the family's sessions (its role says so); null when none.
    const EndpointSpec *renewStep(QStringView family) const;
    QStringList problems() const { return m_problems; }

    static QString familyTitle(QStringView family);      // "BankEzy", "EnOS APIM", "Security management"
    // What a person reads for a built-in endpoint id; ids stay for tooltips, --json and files.
    // An unknown id (a spec from another directory, a damaged file) is shown as it is.
    static QString endpointTitle(QStringView id);        // "Get User Token"
    static QString displayName(QStringView id);          // "BankEzy · Get User Token"

private:
    QList<EndpointSpec> m_specs;
    QStringList m_problems;
};

} // namespace td
