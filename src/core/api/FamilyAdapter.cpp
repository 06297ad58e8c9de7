// SPDX-License-Identifier: GPL-3.0-or-later
#include "FamilyAdapter.h"

#include "core/api/BankEzyAdapter.h"
#include "core/api/EnosAdapter.h"
#include "core/api/FamilyRegistry.h"
#include "core/api/SecmgmtAdapter.h"

#include <QUuid>

namespace td {

const FamilyAdapter &FamilyAdapter::forFamily(QStringView family)
{
    return forFamily(family, FamilyRegistry::builtIn());
}

const FamilyAdapter &FamilyAdapter::forFamily(QStringView family, const FamilyRegistry &families)
{
    static const FamilyAdapter plain;
    const FamilyAdapter *adapter = named(families.adapter(family));
    return adapter ? *adapter : plain;
}

const FamilyAdapter &FamilyAdapter::forCall(const PreparedCall &call)
{
    return forFamily(call.spec->family, call.families ? *call.families : FamilyRegistry::builtIn());
}

const FamilyAdapter *FamilyAdapter::named(QStringView name)
{
    static const BankEzyAdapter bankezy;
    static const EnosAdapter enos;
    static const SecmgmtAdapter secmgmt;
    if (name == QLatin1String("bankezy"))
        return &bankezy;
    if (name == QLatin1String("enos"))
        return &enos;
    if (name == QLatin1String("secmgmt"))
        return &secmgmt;
    return nullptr;
}

QStringList FamilyAdapter::names()
{
    return {QStringLiteral("bankezy"), QStringLiteral("enos"), QStringLiteral("secmgmt")};
}

Result<QString> FamilyAdapter::generate(const FieldSpec &field, PreparedCall &, CallContext &, const Environment &,
                                        qint64 nowMs) const
{
    if (field.generator == QLatin1String("uuid"))
        return QUuid::createUuid().toString(QUuid::WithoutBraces);
    if (field.generator == QLatin1String("now-ms"))
        return QString::number(nowMs);
    return makeError(ErrorCode::SpecInvalid,
                     QStringLiteral("%1: the generator \"%2\" belongs to another family.").arg(field.label, field.generator));
}

bool FamilyAdapter::takesKey(const FieldSpec &) const
{
    return false;
}

Result<QString> FamilyAdapter::useKey(const FieldSpec &field, const Jwk &, CallContext &) const
{
    return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("%1 takes a text value, not a key.").arg(field.label));
}

Result<QByteArray> FamilyAdapter::sealBody(const EndpointSpec &, const QByteArray &json, PreparedCall &, CallContext &) const
{
    return json;
}

Result<QByteArray> FamilyAdapter::openBody(const EndpointSpec &, const QByteArray &body, CallContext &, TokenResult &) const
{
    return body;
}

void FamilyAdapter::afterSuccess(const EndpointSpec &, const QJsonObject &, const PreparedCall &, CallContext &,
                                 const Environment &, TokenResult &) const
{
}

FamilyAdapter::RenewRefusal FamilyAdapter::renewRefusal(const TokenResult &) const
{
    return RenewRefusal::Retry;
}

} // namespace td
