// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/EndpointCatalog.h"
#include "core/api/PreparedCall.h"
#include "gui/StatusColors.h"

#include <QString>

namespace td {

// What a form shows beside and inside one editor: where the value will come from when the
// editor is left empty, and the placeholder that stands for that value.
struct FieldHint {
    QString text;        // "from Get App Token", "from environment", "generated: UUID", "computed on send"
    QString placeholder; // the example, the carried / environment value, or what will be generated
    StatusColors::Tone tone = StatusColors::Tone::Neutral;
};

// Turns RequestBuilder::preview's answer into words. Headless, so the wording is tested without
// widgets.
class FieldHints
{
public:
    // The title of the step of `family` that produces the carried value `valueName` ("appToken" →
    // "Get App Token"), or an empty string when no endpoint in the catalog does.
    static QString producingStep(const EndpointCatalog &catalog, QStringView family, const QString &valueName);
    // "UUID", "current time (ms)", "P-256 key pair", "signature"; the generator name otherwise.
    static QString generatorDescription(const QString &generator);

    // `typed` is the preview with the editor's text as the explicit value, `fallback` the preview
    // without it (what would be used if the editor were empty). Secret values are never put into
    // the placeholder unless `reveal`.
    static FieldHint describe(const FieldSpec &field, const ResolvedField &typed, const ResolvedField &fallback,
                              const QString &producingStep, bool reveal);

    // "hidden, 612 characters": what stands for a secret that is not revealed.
    static QString hiddenValue(const QString &value);
};

} // namespace td
