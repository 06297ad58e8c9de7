// SPDX-License-Identifier: GPL-3.0-or-later
#include "JweCompact.h"

#include "core/crypto/AesCbcHmac.h"
#include "core/crypto/AesGcm.h"
#include "core/crypto/AesKeyWrap.h"
#include "core/crypto/ConcatKdf.h"
#include "core/crypto/Ecdh.h"
#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/crypto/Pbes2Kdf.h"
#include "core/crypto/Random.h"
#include "core/crypto/RsaCipher.h"
#include "core/jose/Base64Url.h"
#include "core/jose/CompactSerialization.h"

#include <QJsonDocument>
#include <QtGlobal>

#include <zlib.h>

#include <array>
#include <cstdint>
#include <cmath>
#include <cstring>

namespace td {

namespace {

// The five parts of a compact JWE, named as the diagnostics name them.
const char *const kSegmentNames[5] = {"protected header", "encrypted key", "initialization vector", "ciphertext",
                                      "authentication tag"};

// Decompressed plaintext above this is refused: a few KiB of DEFLATE can expand to gigabytes.
constexpr qsizetype kMaxInflatedBytes = 16 * 1024 * 1024;
// PBES2 defaults when encrypting (OWASP 2023 for PBKDF2-HMAC-SHA256; RFC 7518 asks for >= 8 salt bytes).
constexpr int kDefaultP2c = 310000;
constexpr int kDefaultP2sBytes = 16;
constexpr int kMinP2sBytes = 8;

enum class Family { Direct, AesKw, GcmKw, EcdhDirect, EcdhKw, Rsa, Pbes2 };

Family familyOf(JweAlg alg)
{
    switch (alg) {
    case JweAlg::Dir: return Family::Direct;
    case JweAlg::A128KW:
    case JweAlg::A192KW:
    case JweAlg::A256KW: return Family::AesKw;
    case JweAlg::A128GCMKW:
    case JweAlg::A192GCMKW:
    case JweAlg::A256GCMKW: return Family::GcmKw;
    case JweAlg::EcdhEs: return Family::EcdhDirect;
    case JweAlg::EcdhEsA128KW:
    case JweAlg::EcdhEsA192KW:
    case JweAlg::EcdhEsA256KW: return Family::EcdhKw;
    case JweAlg::RsaOaep:
    case JweAlg::RsaOaep256:
    case JweAlg::Rsa1_5: return Family::Rsa;
    case JweAlg::Pbes2Hs256A128KW:
    case JweAlg::Pbes2Hs384A192KW:
    case JweAlg::Pbes2Hs512A256KW: return Family::Pbes2;
    }
    return Family::Direct;
}

// The key-encryption key size of the wrapping algorithms, in bytes (0 for the others).
int kekBytes(JweAlg alg)
{
    switch (alg) {
    case JweAlg::A128KW:
    case JweAlg::A128GCMKW:
    case JweAlg::EcdhEsA128KW:
    case JweAlg::Pbes2Hs256A128KW: return 16;
    case JweAlg::A192KW:
    case JweAlg::A192GCMKW:
    case JweAlg::EcdhEsA192KW:
    case JweAlg::Pbes2Hs384A192KW: return 24;
    case JweAlg::A256KW:
    case JweAlg::A256GCMKW:
    case JweAlg::EcdhEsA256KW:
    case JweAlg::Pbes2Hs512A256KW: return 32;
    default: return 0;
    }
}

DigestAlgorithm pbes2Digest(JweAlg alg)
{
    switch (alg) {
    case JweAlg::Pbes2Hs384A192KW: return DigestAlgorithm::Sha384;
    case JweAlg::Pbes2Hs512A256KW: return DigestAlgorithm::Sha512;
    default: return DigestAlgorithm::Sha256;
    }
}

RsaPadding rsaPadding(JweAlg alg)
{
    switch (alg) {
    case JweAlg::Rsa1_5: return RsaPadding::Pkcs1v15;
    case JweAlg::RsaOaep256: return RsaPadding::OaepSha256;
    default: return RsaPadding::OaepSha1;
    }
}

bool isGcm(JweEnc enc)
{
    return enc == JweEnc::A128GCM || enc == JweEnc::A192GCM || enc == JweEnc::A256GCM;
}

int ivBytes(JweEnc enc)
{
    return isGcm(enc) ? 12 : 16;
}

int tagBytes(JweEnc enc)
{
    return isGcm(enc) ? 16 : encKeyBytes(enc) / 2;
}

bool usesEncryptedKey(JweAlg alg)
{
    const Family family = familyOf(alg);
    return family != Family::Direct && family != Family::EcdhDirect;
}

QString segmentName(int index)
{
    return QString::fromLatin1(kSegmentNames[index]);
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// Decodes segment `index`, with the shared diagnostics when it is not base64url.
Result<QByteArray> decodeSegment(QByteArrayView segment, int index)
{
    return CompactSerialization::decodeSegment(segment, index, segmentName(index));
}

// The alg-specific header members, checked and decoded.
struct KeyParams {
    QJsonObject epk;   // ECDH-ES*
    QByteArray apu;    // ECDH-ES*, optional
    QByteArray apv;
    QByteArray kwIv;   // A*GCMKW
    QByteArray kwTag;
    QByteArray p2s;    // PBES2
    int p2c = 0;
    bool deflate = false;
};

Error missing(const char *member, JweAlg alg, const QString &what)
{
    return makeError(ErrorCode::MissingHeaderParameter,
                     QStringLiteral("the protected header has no \"%1\" (%2), which %3 needs")
                         .arg(QLatin1String(member), what, jweAlgName(alg)));
}

// Reads a base64url string member. `present` tells whether it was there at all.
Result<QByteArray> b64Member(const QJsonObject &header, const char *member, bool *present)
{
    const QJsonValue value = header.value(QLatin1String(member));
    *present = !value.isUndefined();
    if (!*present)
        return QByteArray();
    if (!value.isString())
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("the header member \"%1\" must be a base64url string").arg(QLatin1String(member)));
    auto decoded = Base64Url::decode(value.toString().toLatin1(), QStringLiteral("the header member \"%1\"").arg(QLatin1String(member)));
    if (!decoded)
        return makeError(ErrorCode::InvalidHeaderParameter, decoded.error().message);
    return decoded;
}

Result<KeyParams> readKeyParams(const QJsonObject &header, JweAlg alg)
{
    KeyParams params;
    const QJsonValue zip = header.value(QLatin1String("zip"));
    if (!zip.isUndefined()) {
        if (zip.toString() != QLatin1String("DEF"))
            return makeError(ErrorCode::UnsupportedZip,
                             QStringLiteral("the compression \"zip\": %1 is not supported; JWE defines only \"DEF\"")
                                 .arg(zip.isString() ? quoted(zip.toString()) : QStringLiteral("(not a string)")));
        params.deflate = true;
    }
    bool present = false;
    switch (familyOf(alg)) {
    case Family::Direct:
    case Family::AesKw:
    case Family::Rsa:
        break;
    case Family::EcdhDirect:
    case Family::EcdhKw: {
        const QJsonValue epk = header.value(QLatin1String("epk"));
        if (epk.isUndefined())
            return missing("epk", alg, QStringLiteral("the sender's ephemeral public key"));
        if (!epk.isObject())
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the header member \"epk\" must be a JWK object (the sender's ephemeral public key)"));
        params.epk = epk.toObject();
        auto apu = b64Member(header, "apu", &present);
        if (!apu)
            return apu.error();
        params.apu = apu.value();
        auto apv = b64Member(header, "apv", &present);
        if (!apv)
            return apv.error();
        params.apv = apv.value();
        break;
    }
    case Family::GcmKw: {
        auto iv = b64Member(header, "iv", &present);
        if (!iv)
            return iv.error();
        if (!present)
            return missing("iv", alg, QStringLiteral("the key-wrap initialization vector"));
        if (iv.value().size() != 12)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the header member \"iv\" is %1 bytes; %2 uses a 96-bit (12-byte) IV")
                                 .arg(iv.value().size())
                                 .arg(jweAlgName(alg)));
        auto tag = b64Member(header, "tag", &present);
        if (!tag)
            return tag.error();
        if (!present)
            return missing("tag", alg, QStringLiteral("the key-wrap authentication tag"));
        if (tag.value().size() != kAesGcmTagBytes)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the header member \"tag\" is %1 bytes; %2 uses a 128-bit (16-byte) tag")
                                 .arg(tag.value().size())
                                 .arg(jweAlgName(alg)));
        params.kwIv = iv.value();
        params.kwTag = tag.value();
        break;
    }
    case Family::Pbes2: {
        auto p2s = b64Member(header, "p2s", &present);
        if (!p2s)
            return p2s.error();
        if (!present)
            return missing("p2s", alg, QStringLiteral("the PBES2 salt input"));
        if (p2s.value().size() < kMinP2sBytes)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the PBES2 salt input \"p2s\" is %1 bytes; RFC 7518 requires at least %2")
                                 .arg(p2s.value().size())
                                 .arg(kMinP2sBytes));
        const QJsonValue p2c = header.value(QLatin1String("p2c"));
        if (p2c.isUndefined())
            return missing("p2c", alg, QStringLiteral("the PBES2 iteration count"));
        const double count = p2c.toDouble(-1);
        if (!p2c.isDouble() || count != std::floor(count) || count < 1)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the PBES2 iteration count \"p2c\" must be a positive integer"));
        if (count > kPbes2MaxIterations)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the PBES2 iteration count \"p2c\" is %1; counts above %2 are refused so "
                                            "that a hostile token cannot make TokenDesk hang")
                                 .arg(count, 0, 'f', 0)
                                 .arg(kPbes2MaxIterations));
        params.p2s = p2s.value();
        params.p2c = static_cast<int>(count);
        break;
    }
    }
    return params;
}

// Segment lengths that the alg/enc pair fixes. The content primitives check IV and tag again, but
// here the message can name the segment and the algorithm.
Result<void> checkSegmentLengths(const JweToken &token)
{
    if (usesEncryptedKey(token.alg) && token.encryptedKey.isEmpty())
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("segment 2 (encrypted key) is empty, but %1 sends the content key encrypted in it")
                             .arg(jweAlgName(token.alg)));
    if (!usesEncryptedKey(token.alg) && !token.encryptedKey.isEmpty())
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("segment 2 (encrypted key) has %1 bytes, but with %2 it must be empty (the "
                                        "content key is %3, not sent)")
                             .arg(token.encryptedKey.size())
                             .arg(jweAlgName(token.alg),
                                  token.alg == JweAlg::Dir ? QStringLiteral("the shared key itself")
                                                           : QStringLiteral("derived by key agreement")));
    if (token.iv.size() != ivBytes(token.enc))
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("segment 3 (initialization vector) has %1 bytes; %2 uses a %3-byte IV")
                             .arg(token.iv.size())
                             .arg(jweEncName(token.enc))
                             .arg(ivBytes(token.enc)));
    if (token.tag.size() != tagBytes(token.enc))
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("segment 5 (authentication tag) has %1 bytes; %2 uses a %3-byte tag")
                             .arg(token.tag.size())
                             .arg(jweEncName(token.enc))
                             .arg(tagBytes(token.enc)));
    return {};
}

Error weakAlgError()
{
    return makeError(ErrorCode::UnsupportedAlg,
                     QStringLiteral("RSA1_5 is weak (RSA PKCS #1 v1.5 encryption is open to Bleichenbacher's padding "
                                    "oracle attack) and TokenDesk only decrypts it; encrypt with RSA-OAEP-256 instead"));
}

// Raw DEFLATE (RFC 1951) as JWE's "zip":"DEF" uses it: no zlib or gzip wrapper, windowBits -15.
class ZStream
{
public:
    explicit ZStream(bool compress) : m_compress(compress)
    {
        m_ok = compress ? deflateInit2(&m_stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) == Z_OK
                        : inflateInit2(&m_stream, -15) == Z_OK;
    }
    ~ZStream()
    {
        if (m_ok)
            m_compress ? deflateEnd(&m_stream) : inflateEnd(&m_stream);
    }
    ZStream(const ZStream &) = delete;
    ZStream &operator=(const ZStream &) = delete;
    bool ok() const { return m_ok; }
    z_stream *get() { return &m_stream; }

private:
    z_stream m_stream{};
    bool m_compress;
    bool m_ok = false;
};

Result<QByteArray> inflateRaw(QByteArrayView data)
{
    ZStream stream(false);
    if (!stream.ok())
        return makeError(ErrorCode::DecompressFailed, QStringLiteral("zlib could not start decompressing"));
    z_stream *z = stream.get();
    z->next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z->avail_in = static_cast<uInt>(data.size());
    QByteArray out;
    qsizetype produced = 0;
    for (;;) {
        if (produced == out.size()) {
            if (out.size() >= kMaxInflatedBytes)
                return makeError(ErrorCode::DecompressFailed,
                                 QStringLiteral("the compressed plaintext expands to more than %1 MiB; it is refused "
                                                "as a likely decompression bomb")
                                     .arg(kMaxInflatedBytes / (1024 * 1024)));
            out.resize(std::min(kMaxInflatedBytes, std::max<qsizetype>(4 * data.size(), 2 * out.size()) + 256));
        }
        z->next_out = reinterpret_cast<Bytef *>(out.data() + produced);
        z->avail_out = static_cast<uInt>(out.size() - produced);
        const int status = inflate(z, Z_NO_FLUSH);
        produced = out.size() - static_cast<qsizetype>(z->avail_out);
        if (status == Z_STREAM_END)
            break;
        if (status == Z_OK)
            continue;
        if (status == Z_BUF_ERROR && z->avail_out == 0)
            continue;
        if (status == Z_BUF_ERROR)
            return makeError(ErrorCode::DecompressFailed,
                             QStringLiteral("the DEFLATE-compressed plaintext is truncated (\"zip\":\"DEF\")"));
        return makeError(ErrorCode::DecompressFailed,
                         QStringLiteral("the plaintext is not valid raw DEFLATE data although the header says "
                                        "\"zip\":\"DEF\""),
                         QString::fromLatin1(z->msg ? z->msg : "zlib error"));
    }
    if (z->avail_in != 0)
        return makeError(ErrorCode::DecompressFailed,
                         QStringLiteral("%1 bytes follow the end of the DEFLATE stream").arg(z->avail_in));
    out.resize(produced);
    return out;
}

Result<QByteArray> deflateRaw(QByteArrayView data)
{
    ZStream stream(true);
    if (!stream.ok())
        return makeError(ErrorCode::Internal, QStringLiteral("zlib could not start compressing"));
    z_stream *z = stream.get();
    QByteArray out(static_cast<qsizetype>(deflateBound(z, static_cast<uLong>(data.size()))), Qt::Uninitialized);
    z->next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    z->avail_in = static_cast<uInt>(data.size());
    z->next_out = reinterpret_cast<Bytef *>(out.data());
    z->avail_out = static_cast<uInt>(out.size());
    if (deflate(z, Z_FINISH) != Z_STREAM_END)
        return makeError(ErrorCode::Internal, QStringLiteral("zlib could not compress the plaintext"));
    out.resize(out.size() - static_cast<qsizetype>(z->avail_out));
    return out;
}

// The sender's ephemeral public key "epk", read like any JWK (which refuses a point that is not
// on its curve), then matched against the recipient key's curve.
Result<Jwk> readEpk(const QJsonObject &epk, const Jwk &key)
{
    // The curve first: a token for another curve is "not for this key", whatever its coordinates.
    const Curve curve = curveFromName(epk.value(QLatin1String("crv")).toString());
    if (curve != Curve::None && curve != key.curve())
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("the token's ephemeral key is on %1 but this key is on %2: it was encrypted "
                                        "for a different key")
                             .arg(curveName(curve), curveName(key.curve())));
    auto parsed = Jwk::fromJson(epk);
    if (!parsed) {
        if (parsed.error().code == ErrorCode::KeyNotOnCurve)
            return makeError(ErrorCode::EpkNotOnCurve,
                             QStringLiteral("the ephemeral public key \"epk\" in the header is not a point on its curve "
                                            "%1: the token is corrupt or forged (an invalid-curve attack)")
                                 .arg(epk.value(QLatin1String("crv")).toString()));
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("the ephemeral public key \"epk\" is not a valid EC public key: %1").arg(parsed.error().message));
    }
    if (parsed->type() != KeyType::EC)
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("the ephemeral public key \"epk\" must be an EC key (\"kty\":\"EC\"), not %1")
                             .arg(keyTypeName(parsed->type())));
    return parsed;
}

// The key-agreement output of ECDH-ES (the CEK itself, or the KEK for +A*KW).
Result<SecureBytes> ecdhDerive(JweAlg alg, JweEnc enc, EVP_PKEY *own, EVP_PKEY *peer, const KeyParams &params)
{
    auto z = ecdhSharedSecret(own, peer);
    if (!z)
        return z.error();
    const bool direct = familyOf(alg) == Family::EcdhDirect;
    const int keyBits = 8 * (direct ? encKeyBytes(enc) : kekBytes(alg));
    // RFC 7518 §4.6.2: AlgorithmID is enc for direct key agreement and alg when the result wraps.
    const QByteArray algorithmId = (direct ? jweEncName(enc) : jweAlgName(alg)).toLatin1();
    return concatKdf(z.value(), keyBits, algorithmId, params.apu, params.apv);
}

Result<SecureBytes> recoverCek(const JweToken &token, const Jwk &key, const KeyParams &params)
{
    switch (familyOf(token.alg)) {
    case Family::Direct:
        return key.octets();
    case Family::AesKw:
        return aesKeyUnwrap(key.octets(), token.encryptedKey);
    case Family::GcmKw: {
        auto cek = aesGcmDecryptKey(key.octets(), params.kwIv, {}, token.encryptedKey, params.kwTag);
        if (!cek && cek.error().code == ErrorCode::TagMismatch)
            return makeError(ErrorCode::KeyUnwrapFailed,
                             QStringLiteral("%1 key unwrap failed: the key-wrap tag does not match, so the key is wrong "
                                            "or the encrypted key, \"iv\" or \"tag\" was altered")
                                 .arg(jweAlgName(token.alg)));
        return cek;
    }
    case Family::EcdhDirect:
    case Family::EcdhKw: {
        auto epk = readEpk(params.epk, key);
        if (!epk)
            return epk.error();
        auto derived = ecdhDerive(token.alg, token.enc, key.pkey(), epk->pkey(), params);
        if (!derived || familyOf(token.alg) == Family::EcdhDirect)
            return derived;
        return aesKeyUnwrap(derived.value(), token.encryptedKey);
    }
    case Family::Rsa:
        // RSA1_5 failures are reported as they are. A server that does this hands an attacker
        // Bleichenbacher's padding oracle, which is why RFC 7516 §11.5 asks for a random CEK
        // instead; TokenDesk is a client-side diagnostic tool that answers only its own user, not
        // a service an attacker can query, and a user debugging a token needs the true step.
        return rsaDecrypt(key.pkey(), rsaPadding(token.alg), token.encryptedKey);
    case Family::Pbes2: {
        const QByteArray salt = pbes2Salt(jweAlgName(token.alg).toLatin1(), params.p2s);
        auto kek = pbkdf2(pbes2Digest(token.alg), key.octets(), salt, params.p2c, kekBytes(token.alg));
        if (!kek)
            return kek.error();
        auto cek = aesKeyUnwrap(kek.value(), token.encryptedKey);
        if (!cek && cek.error().code == ErrorCode::KeyUnwrapFailed)
            return makeError(ErrorCode::KeyUnwrapFailed,
                             QStringLiteral("%1 key unwrap failed its integrity check: the password is wrong or the "
                                            "encrypted key was altered")
                                 .arg(jweAlgName(token.alg)));
        return cek;
    }
    }
    return makeError(ErrorCode::Internal, QStringLiteral("unknown key management family"));
}

// `consumable`, when given, holds the ciphertext (token.ciphertext is then not used) and may be
// decrypted in place.
Result<QByteArray> decryptContent(const SecureBytes &cek, const JweToken &token, QByteArray *consumable)
{
    // The AAD is the protected header segment exactly as received (RFC 7516 §5.2 step 14).
    const QByteArrayView aad = token.protectedB64;
    const QByteArrayView ciphertext = consumable ? QByteArrayView(*consumable) : QByteArrayView(token.ciphertext);
    if (!isGcm(token.enc))
        return aesCbcHmacDecrypt(cek, token.iv, aad, ciphertext, token.tag);
    if (!consumable)
        return aesGcmDecrypt(cek, token.iv, aad, ciphertext, token.tag);
    auto done = aesGcmDecryptInPlace(cek, token.iv, aad, *consumable, token.tag);
    if (!done)
        return done.error();
    return std::move(*consumable);
}

Result<AeadOutput> encryptContent(JweEnc enc, const SecureBytes &cek, QByteArrayView iv, QByteArrayView aad,
                                  QByteArrayView plaintext)
{
    if (isGcm(enc))
        return aesGcmEncrypt(cek, iv, aad, plaintext);
    return aesCbcHmacEncrypt(cek, iv, aad, plaintext);
}

Result<std::pair<JweAlg, JweEnc>> readAlgEnc(const QJsonObject &header)
{
    const QJsonValue algValue = header.value(QLatin1String("alg"));
    if (algValue.isUndefined())
        return makeError(ErrorCode::MissingAlg,
                         QStringLiteral("the protected header has no \"alg\" (key management algorithm); supported: %1")
                             .arg(allJweAlgNames().join(QStringLiteral(", "))));
    const QString algName = algValue.toString();
    const auto alg = jweAlgFromName(algName);
    if (!alg) {
        QString hint;
        if (jwsAlgFromName(algName))
            hint = QStringLiteral(" (\"%1\" is a JWS signature algorithm)").arg(algName);
        return makeError(ErrorCode::UnsupportedAlg,
                         QStringLiteral("the key management algorithm \"alg\": %1 is not supported%2; supported: %3")
                             .arg(algValue.isString() ? quoted(algName) : QStringLiteral("(not a string)"), hint,
                                  allJweAlgNames().join(QStringLiteral(", "))));
    }
    const QJsonValue encValue = header.value(QLatin1String("enc"));
    if (encValue.isUndefined())
        return makeError(ErrorCode::MissingEnc,
                         QStringLiteral("the protected header has no \"enc\" (content encryption algorithm); supported: %1")
                             .arg(allJweEncNames().join(QStringLiteral(", "))));
    const auto enc = jweEncFromName(encValue.toString());
    if (!enc)
        return makeError(ErrorCode::UnsupportedEnc,
                         QStringLiteral("the content encryption algorithm \"enc\": %1 is not supported; supported: %2")
                             .arg(encValue.isString() ? quoted(encValue.toString()) : QStringLiteral("(not a string)"),
                                  allJweEncNames().join(QStringLiteral(", "))));
    return std::pair{*alg, *enc};
}

// The public members of an ephemeral key, as "epk" carries them.
QJsonObject epkJson(const Jwk &ephemeral)
{
    const QJsonObject full = ephemeral.toJson(false);
    QJsonObject epk;
    for (const char *member : {"kty", "crv", "x", "y"})
        epk.insert(QLatin1String(member), full.value(QLatin1String(member)));
    return epk;
}

Result<QByteArray> decryptToken(const JweToken &token, const Jwk &key, QByteArray *consumable)
{
    auto keyOk = JweCompact::checkKey(token.alg, token.enc, key, true);
    if (!keyOk)
        return keyOk.error();
    // The token may have been built by hand rather than by parse(): check what decryption relies on.
    auto params = readKeyParams(token.header, token.alg);
    if (!params)
        return params.error();
    auto lengths = checkSegmentLengths(token);
    if (!lengths)
        return lengths.error();

    Result<QByteArray> plaintext = makeError(ErrorCode::Internal, QString());
    if (token.alg == JweAlg::Dir) {
        // The shared key is the CEK: use it in place rather than copying key material.
        plaintext = decryptContent(key.octets(), token, consumable);
    } else {
        auto cek = recoverCek(token, key, params.value());
        if (!cek)
            return cek.error();
        if (cek->size() != static_cast<std::size_t>(encKeyBytes(token.enc)))
            return makeError(ErrorCode::CekLengthMismatch,
                             QStringLiteral("the decrypted content key has %1 bits, but %2 needs %3 bits: the token was "
                                            "encrypted for another \"enc\" or with a different key")
                                 .arg(cek->size() * 8)
                                 .arg(jweEncName(token.enc))
                                 .arg(encKeyBytes(token.enc) * 8));
        plaintext = decryptContent(cek.value(), token, consumable);
    }
    if (!plaintext || !params->deflate)
        return plaintext;
    return inflateRaw(plaintext.value());
}

} // namespace

Result<JweToken> JweCompact::parse(QByteArrayView compact)
{
    auto prepared = CompactSerialization::prepare(compact);
    if (!prepared)
        return prepared.error();
    const QByteArrayView text = prepared.value();
    // Split on the four dots directly; the shared splitter only runs to explain a wrong count.
    QByteArrayView parts[5];
    int found = 0;
    for (qsizetype start = 0;;) {
        const auto *dot = static_cast<const char *>(
            std::memchr(text.data() + start, '.', static_cast<std::size_t>(text.size() - start)));
        const qsizetype end = dot ? dot - text.data() : text.size();
        if (found < 5)
            parts[found] = text.sliced(start, end - start);
        ++found;
        if (!dot)
            break;
        start = end + 1;
    }
    if (found != 5) {
        auto segments = CompactSerialization::split(text, {5}, QStringLiteral("JWE"));
        Error error = segments ? makeError(ErrorCode::Internal, QStringLiteral("inconsistent segment count")) : segments.error();
        if (text.count('.') == 2)
            error.message += QStringLiteral(" (three segments is the shape of a JWS: verify it instead)");
        return error;
    }

    JweToken token;
    // The last header that passed every check, per thread, keyed by its exact text: tokens from
    // one sender usually repeat the same protected header, and decoding and parsing its JSON
    // costs more than decrypting a kilobyte with AES-GCM. Only validated headers are kept, so a
    // hit skips nothing that could fail.
    struct ValidatedHeader {
        QByteArray protectedB64;
        QJsonObject header;
        JweAlg alg = JweAlg::Dir;
        JweEnc enc = JweEnc::A256GCM;
    };
    thread_local ValidatedHeader lastHeader;
    if (!lastHeader.protectedB64.isEmpty() && parts[0] == lastHeader.protectedB64) {
        token.protectedB64 = lastHeader.protectedB64;
        token.header = lastHeader.header;
        token.alg = lastHeader.alg;
        token.enc = lastHeader.enc;
    } else {
        auto headerBytes = decodeSegment(parts[0], 0);
        if (!headerBytes)
            return headerBytes.error();
        auto header = CompactSerialization::parseHeader(headerBytes.value());
        if (!header)
            return header.error();
        token.header = std::move(header.value());
        token.protectedB64 = parts[0].toByteArray();

        auto algEnc = readAlgEnc(token.header);
        if (!algEnc)
            return algEnc.error();
        token.alg = algEnc->first;
        token.enc = algEnc->second;
        // JWE as TokenDesk implements it understands no extension header, so any "crit" entry is refused.
        auto crit = CompactSerialization::checkCrit(token.header, {});
        if (!crit)
            return crit.error();
        auto params = readKeyParams(token.header, token.alg);
        if (!params)
            return params.error();
        lastHeader = ValidatedHeader{token.protectedB64, token.header, token.alg, token.enc};
    }

    QByteArray *targets[4] = {&token.encryptedKey, &token.iv, &token.ciphertext, &token.tag};
    for (int i = 1; i < 5; ++i) {
        auto decoded = decodeSegment(parts[i], i);
        if (!decoded)
            return decoded.error();
        *targets[i - 1] = std::move(decoded.value());
    }
    auto lengths = checkSegmentLengths(token);
    if (!lengths)
        return lengths.error();
    return token;
}

Result<QByteArray> JweCompact::decrypt(const JweToken &token, const Jwk &key)
{
    return decryptToken(token, key, nullptr);
}

Result<QByteArray> JweCompact::decrypt(QByteArrayView compact, const Jwk &key)
{
    auto token = parse(compact);
    if (!token)
        return token.error();
    // The token is ours alone, so its ciphertext buffer can become the plaintext.
    QByteArray ciphertext = std::move(token->ciphertext);
    return decryptToken(token.value(), key, &ciphertext);
}

Result<QByteArray> JweCompact::encrypt(QByteArrayView plaintext, const Jwk &key, const JweEncryptOptions &options)
{
    const JweAlg alg = options.alg;
    const JweEnc enc = options.enc;
    const Family family = familyOf(alg);
    auto keyOk = checkKey(alg, enc, key, false);
    if (!keyOk)
        return keyOk.error();

    // A verbatim header (for known-answer tests) must describe what this call does; its
    // alg-specific members are the values to use.
    const bool verbatim = !options.protectedHeaderB64.isEmpty();
    QJsonObject header;
    KeyParams given;
    if (verbatim) {
        auto decoded = Base64Url::decode(options.protectedHeaderB64, QStringLiteral("the given protected header"));
        if (!decoded)
            return decoded.error();
        auto parsed = CompactSerialization::parseHeader(decoded.value());
        if (!parsed)
            return parsed.error();
        header = parsed.value();
        auto algEnc = readAlgEnc(header);
        if (!algEnc)
            return algEnc.error();
        if (algEnc->first != alg || algEnc->second != enc)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the given protected header says %1 with %2, but the options ask for %3 with %4")
                                 .arg(jweAlgName(algEnc->first), jweEncName(algEnc->second), jweAlgName(alg), jweEncName(enc)));
        auto params = readKeyParams(header, alg);
        if (!params)
            return params.error();
        given = params.value();
        if (given.deflate != options.deflate)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the given protected header and the deflate option disagree about \"zip\""));
    } else {
        header = options.extraHeader;
        header.insert(QLatin1String("alg"), jweAlgName(alg));
        header.insert(QLatin1String("enc"), jweEncName(enc));
        if (!options.kid.isEmpty())
            header.insert(QLatin1String("kid"), options.kid);
        if (options.deflate)
            header.insert(QLatin1String("zip"), QStringLiteral("DEF"));
        else
            header.remove(QLatin1String("zip"));
        // apu/apv may come in through extraHeader and feed the KDF.
        if (family == Family::EcdhDirect || family == Family::EcdhKw) {
            bool present = false;
            auto apu = b64Member(header, "apu", &present);
            if (!apu)
                return apu.error();
            auto apv = b64Member(header, "apv", &present);
            if (!apv)
                return apv.error();
            given.apu = apu.value();
            given.apv = apv.value();
        }
    }
    auto mismatch = [](const char *member) {
        return makeError(ErrorCode::InvalidHeaderParameter,
                         QStringLiteral("the given protected header's \"%1\" differs from the value in the options")
                             .arg(QLatin1String(member)));
    };

    // The content key: given, random, the shared key (dir) or agreed (ECDH-ES).
    SecureBytes cek;
    if (family == Family::Direct) {
        cek = key.octets();
    } else if (family != Family::EcdhDirect) {
        cek = options.cek.isEmpty() ? randomBytes(static_cast<std::size_t>(encKeyBytes(enc))) : options.cek;
        if (cek.size() != static_cast<std::size_t>(encKeyBytes(enc)))
            return makeError(ErrorCode::CekLengthMismatch,
                             QStringLiteral("the given content key has %1 bits; %2 needs %3 bits")
                                 .arg(cek.size() * 8)
                                 .arg(jweEncName(enc))
                                 .arg(encKeyBytes(enc) * 8));
    }

    QByteArray encryptedKey;
    switch (family) {
    case Family::Direct:
        break;
    case Family::AesKw: {
        auto wrapped = aesKeyWrap(key.octets(), cek);
        if (!wrapped)
            return wrapped.error();
        encryptedKey = wrapped.value();
        break;
    }
    case Family::GcmKw: {
        QByteArray iv = options.keyWrapIv;
        if (verbatim) {
            if (!iv.isEmpty() && iv != given.kwIv)
                return mismatch("iv");
            iv = given.kwIv;
        } else if (iv.isEmpty()) {
            iv = randomBytes(12).toByteArray();
        }
        if (iv.size() != 12)
            return makeError(ErrorCode::SegmentLength,
                             QStringLiteral("the key-wrap IV has %1 bytes; %2 uses 12").arg(iv.size()).arg(jweAlgName(alg)));
        auto sealed = aesGcmEncrypt(key.octets(), iv, {}, cek.view());
        if (!sealed)
            return sealed.error();
        if (verbatim && sealed->tag != given.kwTag)
            return makeError(ErrorCode::InvalidHeaderParameter,
                             QStringLiteral("the given protected header's \"tag\" is not the tag this key wrap produces"));
        encryptedKey = sealed->ciphertext;
        header.insert(QLatin1String("iv"), QString::fromLatin1(Base64Url::encode(iv)));
        header.insert(QLatin1String("tag"), QString::fromLatin1(Base64Url::encode(sealed->tag)));
        break;
    }
    case Family::EcdhDirect:
    case Family::EcdhKw: {
        Jwk ephemeral = Jwk::fromOctets({});
        if (options.ephemeralKey) {
            ephemeral = *options.ephemeralKey;
            if (ephemeral.type() != KeyType::EC || ephemeral.curve() != key.curve() || !ephemeral.hasPrivate())
                return makeError(ErrorCode::KeyTypeMismatch,
                                 QStringLiteral("the ephemeral key must be an EC private key on %1, like the recipient's; "
                                                "it is an %2")
                                     .arg(curveName(key.curve()), ephemeral.describe()));
        } else if (verbatim) {
            return makeError(ErrorCode::Usage,
                             QStringLiteral("a given protected header with \"epk\" needs the matching ephemeral private key"));
        } else {
            auto generated = Jwk::generateEc(key.curve());
            if (!generated)
                return generated.error();
            ephemeral = generated.value();
        }
        const QJsonObject epk = epkJson(ephemeral);
        if (verbatim) {
            for (const char *member : {"crv", "x", "y"})
                if (given.epk.value(QLatin1String(member)) != epk.value(QLatin1String(member)))
                    return mismatch("epk");
        }
        auto derived = ecdhDerive(alg, enc, ephemeral.pkey(), key.pkey(), given);
        if (!derived)
            return derived.error();
        if (family == Family::EcdhDirect) {
            cek = derived.value();
        } else {
            auto wrapped = aesKeyWrap(derived.value(), cek);
            if (!wrapped)
                return wrapped.error();
            encryptedKey = wrapped.value();
        }
        header.insert(QLatin1String("epk"), epk);
        break;
    }
    case Family::Rsa: {
        if (!canEncrypt(alg))
            return weakAlgError();
        auto encrypted = rsaEncrypt(key.pkey(), rsaPadding(alg), cek);
        if (!encrypted)
            return encrypted.error();
        encryptedKey = encrypted.value();
        break;
    }
    case Family::Pbes2: {
        QByteArray p2s = options.p2s;
        int p2c = options.p2c;
        if (verbatim) {
            if ((!p2s.isEmpty() && p2s != given.p2s))
                return mismatch("p2s");
            if (p2c != 0 && p2c != given.p2c)
                return mismatch("p2c");
            p2s = given.p2s;
            p2c = given.p2c;
        }
        if (p2s.isEmpty())
            p2s = randomBytes(kDefaultP2sBytes).toByteArray();
        if (p2c == 0)
            p2c = kDefaultP2c;
        const QByteArray salt = pbes2Salt(jweAlgName(alg).toLatin1(), p2s);
        auto kek = pbkdf2(pbes2Digest(alg), key.octets(), salt, p2c, kekBytes(alg));
        if (!kek)
            return kek.error();
        auto wrapped = aesKeyWrap(kek.value(), cek);
        if (!wrapped)
            return wrapped.error();
        encryptedKey = wrapped.value();
        header.insert(QLatin1String("p2s"), QString::fromLatin1(Base64Url::encode(p2s)));
        header.insert(QLatin1String("p2c"), p2c);
        break;
    }
    }

    const QByteArray headerB64 = verbatim ? options.protectedHeaderB64
                                          : Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact));
    QByteArray iv = options.iv.isEmpty() ? randomBytes(static_cast<std::size_t>(ivBytes(enc))).toByteArray() : options.iv;
    if (iv.size() != ivBytes(enc))
        return makeError(ErrorCode::SegmentLength,
                         QStringLiteral("the given IV has %1 bytes; %2 uses %3").arg(iv.size()).arg(jweEncName(enc)).arg(ivBytes(enc)));

    QByteArray compressed;
    if (options.deflate) {
        auto deflated = deflateRaw(plaintext);
        if (!deflated)
            return deflated.error();
        compressed = deflated.value();
        plaintext = compressed;
    }
    auto sealed = encryptContent(enc, cek, iv, headerB64, plaintext);
    if (!sealed)
        return sealed.error();

    QByteArray out;
    const QByteArray parts[4] = {Base64Url::encode(encryptedKey), Base64Url::encode(iv),
                                 Base64Url::encode(sealed->ciphertext), Base64Url::encode(sealed->tag)};
    out.reserve(headerB64.size() + parts[0].size() + parts[1].size() + parts[2].size() + parts[3].size() + 4);
    out.append(headerB64);
    for (const QByteArray &part : parts) {
        out.append('.');
        out.append(part);
    }
    return out;
}

Result<void> JweCompact::checkKey(JweAlg alg, JweEnc enc, const Jwk &key, bool forDecrypt)
{
    if (!forDecrypt && !canEncrypt(alg))
        return weakAlgError();
    auto needType = [&](KeyType type, const QString &what) -> Result<void> {
        if (key.type() == type)
            return {};
        return makeError(ErrorCode::KeyTypeMismatch,
                         QStringLiteral("%1 needs %2; this is an %3").arg(jweAlgName(alg), what, key.describe()));
    };
    auto needPrivate = [&]() -> Result<void> {
        if (!forDecrypt || key.hasPrivate())
            return {};
        return makeError(ErrorCode::KeyNotPrivate,
                         QStringLiteral("decrypting %1 needs the private key; this is the %2").arg(jweAlgName(alg), key.describe()));
    };
    switch (familyOf(alg)) {
    case Family::Direct: {
        auto type = needType(KeyType::Oct, QStringLiteral("an oct (symmetric) key"));
        if (!type)
            return type;
        if (key.bits() != encKeyBytes(enc) * 8)
            return makeError(ErrorCode::KeySizeMismatch,
                             QStringLiteral("dir with %1 needs a %2-bit oct key; this key has %3 bits")
                                 .arg(jweEncName(enc))
                                 .arg(encKeyBytes(enc) * 8)
                                 .arg(key.bits()));
        return {};
    }
    case Family::AesKw:
    case Family::GcmKw: {
        auto type = needType(KeyType::Oct, QStringLiteral("an oct (symmetric) key"));
        if (!type)
            return type;
        if (key.bits() != kekBytes(alg) * 8)
            return makeError(ErrorCode::KeySizeMismatch,
                             QStringLiteral("%1 needs a %2-bit oct key; this key has %3 bits").arg(jweAlgName(alg)).arg(kekBytes(alg) * 8).arg(key.bits()));
        return {};
    }
    case Family::Pbes2: {
        auto type = needType(KeyType::Oct, QStringLiteral("a password (given as an oct key)"));
        if (!type)
            return type;
        if (key.octets().isEmpty())
            return makeError(ErrorCode::KeySizeMismatch, QStringLiteral("%1 needs a non-empty password").arg(jweAlgName(alg)));
        return {};
    }
    case Family::EcdhDirect:
    case Family::EcdhKw: {
        auto type = needType(KeyType::EC, QStringLiteral("an EC key (P-256, P-384 or P-521)"));
        if (!type)
            return type;
        return needPrivate();
    }
    case Family::Rsa: {
        auto type = needType(KeyType::RSA, QStringLiteral("an RSA key"));
        if (!type)
            return type;
        if (key.bits() < 2048)
            return makeError(ErrorCode::KeySizeMismatch,
                             QStringLiteral("%1 needs an RSA key of at least 2048 bits; this key has %2 bits")
                                 .arg(jweAlgName(alg))
                                 .arg(key.bits()));
        return needPrivate();
    }
    }
    return {};
}

} // namespace td
