// SPDX-License-Identifier: GPL-3.0-or-later
#include "RequestBuilder.h"

#include "core/api/CallSecrets.h"
#include "core/api/EndpointCatalog.h"
#include "core/api/FamilyAdapter.h"
#include "core/api/FieldValidator.h"
#include "core/vault/ValueSource.h"
#include "core/net/Environment.h"
#include "core/net/SecretMasker.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace td {

namespace {

// JSON string literal of `text`, escaped by Qt's own writer.
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

bool needsGenerator(const ResolvedField &resolved)
{
    const FieldSpec &field = *resolved.spec;
    if (field.generator.isEmpty() || resolved.source == ResolvedField::Source::Explicit
        || resolved.source == ResolvedField::Source::Vault)
        return false;
    return field.computed || resolved.value.isEmpty();
}

// The title of the step whose answer produces `value` ("appToken" → "Get App Token").
QString producerOf(const EndpointCatalog &catalog, const EndpointSpec &spec, const QString &value)
{
    for (const EndpointSpec *step : catalog.family(spec.family)) {
        if (step->response.outputs.contains(value) || step->carryFields.contains(value))
            return step->title;
    }
    return QStringLiteral("an earlier step");
}

QString missingSentence(const EndpointCatalog &catalog, const EndpointSpec &spec, const FieldSpec &field)
{
    if (!field.from.isEmpty())
        return QStringLiteral("%1 is required; it is carried from %2 (%3), which has not succeeded in this session.")
            .arg(field.label, producerOf(catalog, spec, field.from), field.from);
    return QStringLiteral("%1 is required.").arg(field.label);
}

Result<void> generateAll(PreparedCall &call, CallContext &context, const Environment &environment, qint64 nowMs)
{
    const FamilyAdapter &adapter = FamilyAdapter::forCall(call);
    for (ResolvedField &resolved : call.fields) {
        if (!needsGenerator(resolved))
            continue;
        Result<QString> value = adapter.generate(*resolved.spec, call, context, environment, nowMs);
        if (!value)
            return value.error();
        resolved.value = value.value();
        resolved.source = ResolvedField::Source::Generated;
    }
    return {};
}

// What an identifier of a `compute` expression names: a field of this request (its value, empty
// or not: validation reports a missing required one) or a value carried from an earlier step.
std::optional<SpecExpression::Input> identifierValue(const PreparedCall &call, const CallContext &context,
                                                     const QStringList &secretComputed, const QString &name)
{
    for (const ResolvedField &resolved : call.fields) {
        const FieldSpec &field = *resolved.spec;
        if (field.name == name)
            return SpecExpression::Input{resolved.value, field.secret || SecretMasker::isSecretHeader(name)
                                                             || secretComputed.contains(name)};
    }
    const QString carried = context.value(name);
    if (carried.isEmpty())
        return std::nullopt;
    return SpecExpression::Input{carried, CallSecrets::carriesSecret(name)};
}

// What was hashed, for the result's details ("Signed string"), secret inputs masked.
void noteHashed(PreparedCall &call, const FieldSpec &field, const QList<SpecExpression::HashedText> &hashed)
{
    for (const SpecExpression::HashedText &text : hashed) {
        QString label = QStringLiteral("Signed string");
        for (const TokenResult::Detail &detail : std::as_const(call.details)) {
            if (detail.label == label)
                label = QStringLiteral("Signed string (%1)").arg(field.label);
        }
        call.details.append({label, text.text, text.masked});
    }
}

// Fills the fields with `compute` in dependency order, after user values and generators. A value
// a secret reaches reversibly ('Bearer ' + token) is masked like the secret wherever it is recorded.
Result<void> computeAll(const EndpointSpec &spec, PreparedCall &call, const CallContext &context, qint64 nowMs)
{
    QStringList secretComputed;
    SpecExpression::Scope scope;
    scope.lookup = [&](const QString &name) { return identifierValue(call, context, secretComputed, name); };
    scope.clock = [nowMs] { return nowMs; };
    for (int index : spec.computeOrder) {
        ResolvedField &resolved = call.fields[index];
        if (resolved.source == ResolvedField::Source::Explicit || resolved.source == ResolvedField::Source::Vault)
            continue;
        Result<SpecExpression::Value> value = resolved.spec->expression.evaluate(scope);
        if (!value) {
            const QString why = value.error().code == ErrorCode::FieldMissing
                ? QStringLiteral("; no field has that name and no earlier step of this session produced it")
                : QString();
            return makeError(value.error().code, QStringLiteral("%1 cannot be computed: %2%3.")
                                                     .arg(resolved.spec->label, value.error().message, why));
        }
        resolved.value = value->text;
        resolved.source = ResolvedField::Source::Generated;
        noteHashed(call, *resolved.spec, value->hashed);
        if (value->secret) {
            secretComputed.append(resolved.spec->name);
            call.secretValues.append(value->text);
        }
    }
    return {};
}

// A key-pair field takes the referenced key (and keeps its private half in the context); any
// other field takes the entry's text.
Result<QString> referencedValue(const FamilyAdapter &adapter, const FieldSpec &field, const VaultReference &reference,
                                CallContext &context, const ValueSource &vault)
{
    if (!adapter.takesKey(field))
        return vault.text(reference);
    Result<Jwk> key = vault.key(reference);
    if (!key)
        return key.error();
    return adapter.useKey(field, key.value(), context);
}

// Replaces vault references by what they name; all failures are reported together.
Result<void> resolveReferences(PreparedCall &call, CallContext &context, const ValueSource *vault)
{
    const FamilyAdapter &adapter = FamilyAdapter::forCall(call);
    QStringList problems;
    for (ResolvedField &resolved : call.fields) {
        const std::optional<VaultReference> reference = VaultReference::parse(resolved.value);
        if (!reference)
            continue;
        if (!vault) {
            problems.append(QStringLiteral("%1: \"%2\" refers to the vault, and no vault is open.")
                                .arg(resolved.spec->label, resolved.value));
            continue;
        }
        Result<QString> value = referencedValue(adapter, *resolved.spec, *reference, context, *vault);
        if (!value) {
            problems.append(QStringLiteral("%1: %2").arg(resolved.spec->label, value.error().message));
            continue;
        }
        resolved.value = value.value();
        resolved.source = ResolvedField::Source::Vault;
    }
    if (problems.isEmpty())
        return {};
    return makeError(ErrorCode::FieldInvalid, problems.join(QLatin1Char(' ')));
}

Result<void> validateAll(const EndpointCatalog &catalog, const EndpointSpec &spec, const PreparedCall &call)
{
    QStringList problems;
    ErrorCode code = ErrorCode::FieldInvalid; // FieldMissing as soon as one required field is empty
    for (const ResolvedField &resolved : call.fields) {
        if (resolved.value.isEmpty()) {
            if (resolved.spec->required) {
                problems.append(missingSentence(catalog, spec, *resolved.spec));
                code = ErrorCode::FieldMissing;
            }
            continue;
        }
        Result<void> valid = FieldValidator::validate(*resolved.spec, resolved.value);
        if (!valid)
            problems.append(valid.error().message);
    }
    if (problems.isEmpty())
        return {};
    return makeError(code, problems.join(QLatin1Char(' ')));
}

} // namespace

ResolvedField RequestBuilder::preview(const FieldSpec &field, const Environment &environment,
                                      const QMap<QString, QString> &explicitValues, const CallContext &context)
{
    ResolvedField resolved{&field, {}, ResolvedField::Source::Empty};
    if (explicitValues.contains(field.name)) {
        resolved.value = explicitValues.value(field.name);
        resolved.source = ResolvedField::Source::Explicit;
    } else if (!field.from.isEmpty() && !context.value(field.from).isEmpty()) {
        resolved.value = context.value(field.from);
        resolved.source = ResolvedField::Source::Carried;
    } else if (!environment.values.value(field.name).isEmpty()) {
        resolved.value = environment.values.value(field.name);
        resolved.source = ResolvedField::Source::Environment;
    }
    return resolved;
}

QByteArray RequestBuilder::bodyJson(const QList<ResolvedField> &fields)
{
    QByteArray json = "{";
    for (const ResolvedField &resolved : fields) {
        const FieldSpec &field = *resolved.spec;
        if (field.location != FieldSpec::Location::Body || resolved.value.isEmpty())
            continue;
        if (json.size() > 1)
            json += ',';
        json += jsonString(field.name) + ':';
        switch (field.type) {
        case FieldSpec::Type::Integer: json += resolved.value.toLatin1(); break; // validated: digits only
        case FieldSpec::Type::Object:
            json += QJsonDocument::fromJson(resolved.value.toUtf8()).toJson(QJsonDocument::Compact);
            break;
        case FieldSpec::Type::String: json += jsonString(resolved.value); break;
        }
    }
    return json + '}';
}

QUrl RequestBuilder::url(const EndpointSpec &spec, const Environment &environment)
{
    QString base = environment.baseUrlFor(spec.family);
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    return QUrl(base + environment.pathOverrides.value(spec.id, spec.path));
}

QByteArray RequestBuilder::method(const EndpointSpec &spec, const Environment &environment)
{
    const QString override = environment.methodOverrides.value(spec.id);
    return override.isEmpty() ? spec.method : override.toUpper().toLatin1();
}

Result<PreparedCall> RequestBuilder::prepare(const EndpointSpec &spec, const Environment &environment,
                                             const QMap<QString, QString> &explicitValues, CallContext &context, qint64 nowMs,
                                             const ValueSource *vault, const EndpointCatalog *catalog)
{
    const EndpointCatalog &specs = catalog ? *catalog : EndpointCatalog::builtIn();
    PreparedCall call;
    call.spec = &spec;
    call.families = &specs.familyRegistry();
    for (const FieldSpec &field : spec.fields)
        call.fields.append(preview(field, environment, explicitValues, context));
    if (Result<void> resolved = resolveReferences(call, context, vault); !resolved)
        return resolved.error();
    if (Result<void> generated = generateAll(call, context, environment, nowMs); !generated)
        return generated.error();
    if (Result<void> computed = computeAll(spec, call, context, nowMs); !computed)
        return computed.error();
    if (Result<void> valid = validateAll(specs, spec, call); !valid)
        return valid.error();

    const QUrl url = RequestBuilder::url(spec, environment);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return makeError(ErrorCode::ConfigInvalid,
                         QStringLiteral("Environment \"%1\" has no usable base URL for %2 (got \"%3\").")
                             .arg(environment.name, spec.title, url.toString()));
    call.request.method = method(spec, environment);
    call.request.url = url;
    call.request.headers.append({QByteArrayLiteral("Content-Type"), spec.contentType});
    for (const ResolvedField &resolved : std::as_const(call.fields)) {
        if (resolved.spec->location == FieldSpec::Location::Header && !resolved.value.isEmpty())
            call.request.headers.append({resolved.spec->name.toLatin1(), resolved.value.toUtf8()});
        if (resolved.spec->secret && !resolved.value.isEmpty())
            call.secretValues.append(resolved.value);
    }
    call.request.headers.append(environment.extraHeaders);
    call.plainBody = bodyJson(call.fields);
    Result<QByteArray> body = FamilyAdapter::forCall(call).sealBody(spec, call.plainBody, call, context);
    if (!body)
        return body.error();
    call.request.body = body.value();
    return call;
}

} // namespace td
