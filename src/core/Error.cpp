// SPDX-License-Identifier: GPL-3.0-or-later
#include "Error.h"

namespace td {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Internal: return QStringLiteral("internal");
    case ErrorCode::EmptyInput: return QStringLiteral("empty-input");
    case ErrorCode::InputTooLarge: return QStringLiteral("input-too-large");
    case ErrorCode::Io: return QStringLiteral("io");
    case ErrorCode::Usage: return QStringLiteral("usage");
    case ErrorCode::Crypto: return QStringLiteral("crypto");
    case ErrorCode::SegmentCount: return QStringLiteral("segment-count");
    case ErrorCode::SegmentNotBase64Url: return QStringLiteral("segment-not-base64url");
    case ErrorCode::SegmentIsStandardBase64: return QStringLiteral("segment-standard-base64");
    case ErrorCode::HeaderNotJson: return QStringLiteral("header-not-json");
    case ErrorCode::HeaderNotObject: return QStringLiteral("header-not-object");
    case ErrorCode::MissingAlg: return QStringLiteral("missing-alg");
    case ErrorCode::UnsupportedAlg: return QStringLiteral("unsupported-alg");
    case ErrorCode::MissingEnc: return QStringLiteral("missing-enc");
    case ErrorCode::UnsupportedEnc: return QStringLiteral("unsupported-enc");
    case ErrorCode::UnknownCrit: return QStringLiteral("unknown-crit");
    case ErrorCode::MissingHeaderParameter: return QStringLiteral("missing-header-parameter");
    case ErrorCode::InvalidHeaderParameter: return QStringLiteral("invalid-header-parameter");
    case ErrorCode::UnsupportedZip: return QStringLiteral("unsupported-zip");
    case ErrorCode::SegmentLength: return QStringLiteral("segment-length");
    case ErrorCode::WeakAlgorithm: return QStringLiteral("weak-algorithm");
    case ErrorCode::KeyParse: return QStringLiteral("key-parse");
    case ErrorCode::UnsupportedKey: return QStringLiteral("unsupported-key");
    case ErrorCode::KeyTypeMismatch: return QStringLiteral("key-type-mismatch");
    case ErrorCode::KeySizeMismatch: return QStringLiteral("key-size-mismatch");
    case ErrorCode::KeyNotPrivate: return QStringLiteral("key-not-private");
    case ErrorCode::KeyNotOnCurve: return QStringLiteral("key-not-on-curve");
    case ErrorCode::EpkNotOnCurve: return QStringLiteral("epk-not-on-curve");
    case ErrorCode::NoKey: return QStringLiteral("no-key");
    case ErrorCode::NoKeyMatched: return QStringLiteral("no-key-matched");
    case ErrorCode::KeyUnwrapFailed: return QStringLiteral("key-unwrap-failed");
    case ErrorCode::CekLengthMismatch: return QStringLiteral("cek-length-mismatch");
    case ErrorCode::TagMismatch: return QStringLiteral("tag-mismatch");
    case ErrorCode::SignatureMismatch: return QStringLiteral("signature-mismatch");
    case ErrorCode::PlaintextNotUtf8: return QStringLiteral("plaintext-not-utf8");
    case ErrorCode::DecompressFailed: return QStringLiteral("decompress-failed");
    case ErrorCode::ClaimInvalid: return QStringLiteral("claim-invalid");
    case ErrorCode::NotFound: return QStringLiteral("not-found");
    case ErrorCode::SpecInvalid: return QStringLiteral("spec-invalid");
    case ErrorCode::FieldMissing: return QStringLiteral("field-missing");
    case ErrorCode::FieldInvalid: return QStringLiteral("field-invalid");
    case ErrorCode::Network: return QStringLiteral("network");
    case ErrorCode::Timeout: return QStringLiteral("timeout");
    case ErrorCode::Cancelled: return QStringLiteral("cancelled");
    case ErrorCode::ConnectionDropped: return QStringLiteral("connection-dropped");
    case ErrorCode::ResponseTooLarge: return QStringLiteral("response-too-large");
    case ErrorCode::TlsFailure: return QStringLiteral("tls-failure");
    case ErrorCode::RedirectRefused: return QStringLiteral("redirect-refused");
    case ErrorCode::TooManyRedirects: return QStringLiteral("too-many-redirects");
    case ErrorCode::ResponseMalformed: return QStringLiteral("response-malformed");
    case ErrorCode::PayloadDecryptFailed: return QStringLiteral("payload-decrypt-failed");
    case ErrorCode::ServerRejected: return QStringLiteral("server-rejected");
    case ErrorCode::ConfigInvalid: return QStringLiteral("config-invalid");
    case ErrorCode::NotAVault: return QStringLiteral("not-a-vault");
    case ErrorCode::UnsupportedVersion: return QStringLiteral("unsupported-version");
    case ErrorCode::VaultTruncated: return QStringLiteral("vault-truncated");
    case ErrorCode::VaultDamaged: return QStringLiteral("vault-damaged");
    case ErrorCode::WrongPassphrase: return QStringLiteral("wrong-passphrase");
    case ErrorCode::VaultChangedOnDisk: return QStringLiteral("vault-changed-on-disk");
    case ErrorCode::SessionsUnreadable: return QStringLiteral("sessions-unreadable");
    case ErrorCode::VaultLocked: return QStringLiteral("vault-locked");
    case ErrorCode::NameTaken: return QStringLiteral("name-taken");
    case ErrorCode::CurlInvalid: return QStringLiteral("curl-invalid");
    case ErrorCode::ProxyFailure: return QStringLiteral("proxy-failure");
    case ErrorCode::HarInvalid: return QStringLiteral("har-invalid");
    }
    return QStringLiteral("internal");
}

QString Error::toString() const
{
    if (detail.isEmpty())
        return message;
    return QStringLiteral("%1 (%2)").arg(message, detail);
}

} // namespace td
