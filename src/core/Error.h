// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace td {

// Machine-readable reason for a failure. The names returned by errorCodeName() are part of the
// CLI's --json output and must stay stable: add codes, never rename them.
enum class ErrorCode {
    Internal,
    EmptyInput,
    InputTooLarge,
    Io,
    Usage,
    Crypto,                  // an OpenSSL call failed for a reason not covered below
    // token structure
    SegmentCount,
    SegmentNotBase64Url,
    SegmentIsStandardBase64, // the segment is standard base64 (+ / =) instead of base64url
    HeaderNotJson,
    HeaderNotObject,
    MissingAlg,
    UnsupportedAlg,
    MissingEnc,
    UnsupportedEnc,
    UnknownCrit,
    MissingHeaderParameter,  // epk, iv, tag, p2s, p2c ... that the alg needs
    InvalidHeaderParameter,
    UnsupportedZip,
    SegmentLength,           // e.g. a 10-byte GCM IV, a DER-encoded ES256 signature
    WeakAlgorithm,           // RSA1_5: accepted for decryption, reported as weak
    // keys
    KeyParse,
    UnsupportedKey,
    KeyTypeMismatch,         // e.g. an RSA key for ECDH-ES
    KeySizeMismatch,         // e.g. a 128-bit oct key for A256KW
    KeyNotPrivate,           // a public key where decrypt/sign needs the private part
    KeyNotOnCurve,
    EpkNotOnCurve,
    NoKey,
    NoKeyMatched,
    // results
    KeyUnwrapFailed,
    CekLengthMismatch,
    TagMismatch,
    SignatureMismatch,
    PlaintextNotUtf8,
    DecompressFailed,
    ClaimInvalid,
    // API calls: forms, transport, responses
    NotFound,                // unknown endpoint id, environment or sandbox fault kind
    SpecInvalid,             // an endpoint spec file that does not describe an endpoint
    FieldMissing,            // a required field has no value
    FieldInvalid,            // a field value fails its spec's validation
    Network,                 // connection refused, host not found, reset ...
    Timeout,
    Cancelled,
    ConnectionDropped,       // the server closed the connection without a complete response
    ResponseTooLarge,
    TlsFailure,
    RedirectRefused,         // a redirect to another origin (scheme, host or port), never followed
    TooManyRedirects,        // more same-origin redirects than the limit, e.g. a loop
    ResponseMalformed,       // not JSON, truncated, or missing the fields the endpoint promises
    PayloadDecryptFailed,    // an encrypted body that the session key does not open
    ServerRejected,          // the server answered with an error code or an HTTP error
    ConfigInvalid,           // environments, credentials or sandbox settings that do not parse
    // the vault
    NotAVault,               // the file does not start like a TokenDesk vault
    UnsupportedVersion,      // a vault written by a newer TokenDesk
    VaultTruncated,          // shorter than its header says
    VaultDamaged,            // a changed byte in the header or the encrypted content
    WrongPassphrase,
    VaultChangedOnDisk,      // someone else saved the file since it was opened here
    VaultLocked,
    NameTaken,               // an entry (or environment) of that name exists
    // sessions
    SessionsUnreadable,      // the sessions file is damaged, truncated or sealed under another vault's key
    // evidence
    CurlInvalid,             // pasted text that is not a curl command curl would run (unterminated quote, unknown option)
    // transport (next to TlsFailure above)
    ProxyFailure,            // the proxy could not be reached, refused the tunnel or wants credentials
    HarInvalid,              // a file that is not a readable HAR 1.2 log (truncated or malformed JSON, wrong shape, bad base64)
};

// Stable kebab-case name of a code, e.g. "tag-mismatch".
QString errorCodeName(ErrorCode code);

// A failure as a value: a code for programs, a sentence for people, and optional detail (for
// instance OpenSSL's reason text) that helps an expert without cluttering the sentence.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString detail;
    // A finer, stable kebab-case reason within the code where one is defined, e.g. "expired" for
    // TlsFailure (`tlsReason` in --json) or "refused" for ProxyFailure (`proxyReason`).
    QString reason;

    // "message (detail)" or just the message.
    QString toString() const;
};

inline Error makeError(ErrorCode code, const QString &message, const QString &detail = {})
{
    return Error{code, message, detail, {}};
}

} // namespace td
