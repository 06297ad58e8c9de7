// SPDX-License-Identifier: GPL-3.0-or-later
#include "FieldHints.h"

namespace td {

QString FieldHints::producingStep(const EndpointCatalog &catalog, QStringView family, const QString &valueName)
{
    if (valueName.isEmpty())
        return {};
    for (const EndpointSpec *spec : catalog.family(family)) {
        if (spec->response.outputs.contains(valueName) || spec->carryFields.contains(valueName))
            return spec->title;
    }
    return {};
}

QString FieldHints::generatorDescription(const QString &generator)
{
    if (generator == QLatin1String("uuid"))
        return QStringLiteral("UUID");
    if (generator == QLatin1String("now-ms"))
        return QStringLiteral("current time (ms)");
    if (generator == QLatin1String("bankezy-client-key") || generator == QLatin1String("bankezy-sdk-key"))
        return QStringLiteral("P-256 key pair");
    return generator;
}

QString FieldHints::hiddenValue(const QString &value)
{
    return QStringLiteral("hidden, %1 characters").arg(value.size());
}

FieldHint FieldHints::describe(const FieldSpec &field, const ResolvedField &typed, const ResolvedField &fallback,
                               const QString &producingStep, bool reveal)
{
    using Source = ResolvedField::Source;
    using Tone = StatusColors::Tone;
    const QString stepName = producingStep.isEmpty() ? field.from : producingStep;
    const auto shown = [&](const QString &value) { return field.secret && !reveal ? hiddenValue(value) : value; };

    FieldHint hint;
    hint.placeholder = field.example;
    QString replaced; // what typed text overrides, for the hint shown while the editor holds text
    // What an empty editor stands for; the placeholder keeps saying it while the editor holds text.
    if (field.computed) {
        hint.text = QStringLiteral("computed on send");
        hint.placeholder = QStringLiteral("computed on send: %1")
                               .arg(field.compute.isEmpty() ? generatorDescription(field.generator) : field.compute);
        replaced = QStringLiteral("typed, not computed");
    } else if (fallback.source == Source::Carried) {
        hint.text = QStringLiteral("from %1").arg(stepName);
        hint.placeholder = shown(fallback.value);
        replaced = QStringLiteral("typed, overrides %1").arg(stepName);
    } else if (fallback.source == Source::Environment) {
        hint.text = QStringLiteral("from environment");
        hint.placeholder = shown(fallback.value);
        replaced = QStringLiteral("typed, overrides environment");
    } else if (!field.generator.isEmpty()) {
        hint.text = QStringLiteral("generated: %1").arg(generatorDescription(field.generator));
        hint.placeholder = QStringLiteral("a fresh %1 unless you type one").arg(generatorDescription(field.generator));
        replaced = QStringLiteral("typed, not generated");
    } else if (!field.from.isEmpty()) {
        hint.text = QStringLiteral("from %1 (not run yet)").arg(stepName);
        hint.tone = Tone::Warning;
        return typed.source == Source::Explicit ? FieldHint{QString(), hint.placeholder, Tone::Neutral} : hint;
    }
    if (!hint.text.isEmpty())
        hint.tone = Tone::Info;
    if (typed.source == Source::Explicit && !replaced.isEmpty()) {
        // Explicit beats carried, environment and generated: say so, so nobody wonders which won.
        hint.text = replaced;
        hint.tone = Tone::Warning;
    }
    return hint;
}

} // namespace td
