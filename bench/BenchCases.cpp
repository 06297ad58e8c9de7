// SPDX-License-Identifier: GPL-3.0-or-later
#include "BenchCases.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/Random.h"
#include "core/jose/Base64Url.h"
#include "core/jose/JweCompact.h"
#include "core/jose/JwsCompact.h"

#include <openssl/core_names.h>
#include <openssl/ecdsa.h>

#include <cstdint>
#include <cstring>

#include <QJsonDocument>
#include <QJsonObject>

namespace td::bench {

namespace {

constexpr int kPayloadBytes = 1024;
constexpr int kGcmTagBytes = 16;

Error benchError(const char *what)
{
    return openSslError(ErrorCode::Crypto, QString::fromLatin1(what));
}

QByteArray headerSegment(const QJsonObject &header)
{
    return Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact));
}

const unsigned char *u8(const QByteArray &bytes)
{
    return reinterpret_cast<const unsigned char *>(bytes.constData());
}

// AES-256-GCM encryption for building the tokens.
bool gcmEncrypt(EVP_CIPHER *cipher, const unsigned char *key, const QByteArray &iv, const QByteArray &aad,
                const QByteArray &plaintext, QByteArray &ciphertext, QByteArray &tag)
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    ciphertext.resize(plaintext.size());
    tag.resize(kGcmTagBytes);
    return ctx && EVP_EncryptInit_ex2(ctx.get(), cipher, key, u8(iv), nullptr) == 1
        && EVP_EncryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) == 1
        && EVP_EncryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(ciphertext.data()), &len, u8(plaintext),
                             static_cast<int>(plaintext.size())) == 1
        && EVP_EncryptFinal_ex(ctx.get(), nullptr, &len) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, kGcmTagBytes, tag.data()) == 1;
}

// Concat KDF (RFC 7518 §4.6.2, NIST SP 800-56A) for a 256-bit key: a single SHA-256 output block
// over counter || Z || AlgorithmID || PartyUInfo (empty) || PartyVInfo (empty) || SuppPubInfo.
bool concatKdf256(EVP_MD *sha256, const unsigned char *z, std::size_t zLength, const char *algId,
                  unsigned char out[32])
{
    unsigned char buffer[256];
    std::size_t n = 0;
    auto put32 = [&](std::uint32_t v) {
        buffer[n++] = static_cast<unsigned char>(v >> 24);
        buffer[n++] = static_cast<unsigned char>(v >> 16);
        buffer[n++] = static_cast<unsigned char>(v >> 8);
        buffer[n++] = static_cast<unsigned char>(v);
    };
    const std::size_t algLength = std::strlen(algId);
    if (zLength + algLength + 24 > sizeof(buffer))
        return false;
    put32(1);
    std::memcpy(buffer + n, z, zLength);
    n += zLength;
    put32(static_cast<std::uint32_t>(algLength));
    std::memcpy(buffer + n, algId, algLength);
    n += algLength;
    put32(0);
    put32(0);
    put32(256);
    unsigned int outLength = 0;
    const bool ok = EVP_Digest(buffer, n, out, &outLength, sha256, nullptr) == 1 && outLength == 32;
    OPENSSL_cleanse(buffer, sizeof(buffer));
    return ok;
}

bool ecdhDerive(EVP_PKEY *own, EVP_PKEY *peer, unsigned char *z, std::size_t &zLength)
{
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    return ctx && EVP_PKEY_derive_init(ctx.get()) == 1 && EVP_PKEY_derive_set_peer(ctx.get(), peer) == 1
        && EVP_PKEY_derive(ctx.get(), z, &zLength) == 1;
}

bool aesKeyWrap(EVP_CIPHER *wrap, const unsigned char *kek, const unsigned char *in, int inLength, bool encrypt,
                unsigned char *out, int &outLength)
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx)
        return false;
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    int len = 0;
    int tail = 0;
    const bool ok = EVP_CipherInit_ex2(ctx.get(), wrap, kek, nullptr, encrypt ? 1 : 0, nullptr) == 1
        && EVP_CipherUpdate(ctx.get(), out, &len, in, inLength) == 1
        && EVP_CipherFinal_ex(ctx.get(), out + len, &tail) == 1;
    outLength = len + tail;
    return ok;
}

// DER ECDSA-Sig-Value -> JWS r || s (RFC 7518 §3.4).
QByteArray derToRaw(const QByteArray &der, int fieldBytes)
{
    const unsigned char *p = u8(der);
    std::unique_ptr<ECDSA_SIG, OpenSslDeleter<ECDSA_SIG, ECDSA_SIG_free>> sig(
        d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig)
        return {};
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(2 * fieldBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, fieldBytes) != fieldBytes || BN_bn2binpad(s, out + fieldBytes, fieldBytes) != fieldBytes)
        return {};
    return raw;
}

} // namespace

Result<BenchCases> BenchCases::create()
{
    BenchCases cases;
    cases.m_payload = randomBytes(kPayloadBytes).toByteArray();
    cases.m_gcm.reset(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr), EVP_CIPHER_free);
    cases.m_wrap.reset(EVP_CIPHER_fetch(nullptr, "AES-256-WRAP", nullptr), EVP_CIPHER_free);
    cases.m_sha256.reset(EVP_MD_fetch(nullptr, "SHA256", nullptr), EVP_MD_free);
    if (!cases.m_gcm || !cases.m_wrap || !cases.m_sha256)
        return benchError("fetching AES-256-GCM, AES-256-WRAP and SHA256");

    // --- dir + A256GCM ---
    {
        const SecureBytes cek = randomBytes(32);
        cases.m_dirKey = Jwk::fromOctets(cek);
        cases.m_dirAad = headerSegment(
            QJsonObject{{QStringLiteral("alg"), QStringLiteral("dir")}, {QStringLiteral("enc"), QStringLiteral("A256GCM")}});
        cases.m_dirIv = randomBytes(12).toByteArray();
        if (!gcmEncrypt(cases.m_gcm.get(), cek.data(), cases.m_dirIv, cases.m_dirAad, cases.m_payload,
                        cases.m_dirCiphertext, cases.m_dirTag))
            return benchError("AES-256-GCM encryption (dir)");
        cases.m_dirCompact = cases.m_dirAad + ".." + Base64Url::encode(cases.m_dirIv) + '.'
            + Base64Url::encode(cases.m_dirCiphertext) + '.' + Base64Url::encode(cases.m_dirTag);
    }

    // --- ECDH-ES+A256KW, P-256 ---
    {
        Result<Jwk> recipient = Jwk::generateEc(Curve::P256);
        Result<Jwk> ephemeral = Jwk::generateEc(Curve::P256);
        if (!recipient.ok())
            return recipient.error();
        if (!ephemeral.ok())
            return ephemeral.error();
        cases.m_ecdhKey = recipient.value();
        Result<Jwk> ephemeralPublic = ephemeral->publicKey();
        if (!ephemeralPublic.ok())
            return ephemeralPublic.error();
        EVP_PKEY_up_ref(ephemeralPublic->pkey());
        cases.m_ephemeral.reset(ephemeralPublic->pkey(), EVP_PKEY_free);

        unsigned char z[66];
        std::size_t zLength = sizeof(z);
        unsigned char kek[32];
        if (!ecdhDerive(ephemeral->pkey(), recipient->pkey(), z, zLength)
            || !concatKdf256(cases.m_sha256.get(), z, zLength, "ECDH-ES+A256KW", kek))
            return benchError("ECDH-ES key agreement");
        const SecureBytes cek = randomBytes(32);
        unsigned char wrapped[40];
        int wrappedLength = 0;
        if (!aesKeyWrap(cases.m_wrap.get(), kek, cek.data(), 32, true, wrapped, wrappedLength) || wrappedLength != 40)
            return benchError("AES key wrap");
        OPENSSL_cleanse(z, sizeof(z));
        OPENSSL_cleanse(kek, sizeof(kek));
        cases.m_ecdhWrappedKey = QByteArray(reinterpret_cast<const char *>(wrapped), wrappedLength);

        cases.m_ecdhAad = headerSegment(QJsonObject{{QStringLiteral("alg"), QStringLiteral("ECDH-ES+A256KW")},
                                                    {QStringLiteral("enc"), QStringLiteral("A256GCM")},
                                                    {QStringLiteral("epk"), ephemeralPublic->toJson(false)}});
        cases.m_ecdhIv = randomBytes(12).toByteArray();
        if (!gcmEncrypt(cases.m_gcm.get(), cek.data(), cases.m_ecdhIv, cases.m_ecdhAad, cases.m_payload,
                        cases.m_ecdhCiphertext, cases.m_ecdhTag))
            return benchError("AES-256-GCM encryption (ECDH-ES)");
        cases.m_ecdhCompact = cases.m_ecdhAad + '.' + Base64Url::encode(cases.m_ecdhWrappedKey) + '.'
            + Base64Url::encode(cases.m_ecdhIv) + '.' + Base64Url::encode(cases.m_ecdhCiphertext) + '.'
            + Base64Url::encode(cases.m_ecdhTag);
    }

    // --- ES256 ---
    {
        Result<Jwk> signer = Jwk::generateEc(Curve::P256);
        if (!signer.ok())
            return signer.error();
        Result<Jwk> verifier = signer->publicKey();
        if (!verifier.ok())
            return verifier.error();
        cases.m_esPublic = verifier.value();
        const QByteArray header = headerSegment(QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")}});
        cases.m_esSigningInput = header + '.' + Base64Url::encode(cases.m_payload);

        EvpMdCtxPtr md(EVP_MD_CTX_new());
        std::size_t derLength = 0;
        if (!md || EVP_DigestSignInit_ex(md.get(), nullptr, "SHA256", nullptr, nullptr, signer->pkey(), nullptr) != 1
            || EVP_DigestSign(md.get(), nullptr, &derLength, u8(cases.m_esSigningInput),
                              static_cast<std::size_t>(cases.m_esSigningInput.size())) != 1)
            return benchError("ECDSA signing");
        cases.m_esDerSignature.resize(static_cast<qsizetype>(derLength));
        if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char *>(cases.m_esDerSignature.data()), &derLength,
                           u8(cases.m_esSigningInput), static_cast<std::size_t>(cases.m_esSigningInput.size())) != 1)
            return benchError("ECDSA signing");
        cases.m_esDerSignature.resize(static_cast<qsizetype>(derLength));
        const QByteArray raw = derToRaw(cases.m_esDerSignature, 32);
        if (raw.isEmpty())
            return benchError("ECDSA signature conversion");
        cases.m_esCompact = cases.m_esSigningInput + '.' + Base64Url::encode(raw);
    }
    return cases;
}

bool BenchCases::gcmDecrypt(const unsigned char *key, const QByteArray &iv, const QByteArray &aad,
                            const QByteArray &ciphertext, const QByteArray &tag, QByteArray &out) const
{
    EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    out.resize(ciphertext.size());
    return ctx && EVP_DecryptInit_ex2(ctx.get(), m_gcm.get(), key, u8(iv), nullptr) == 1
        && EVP_DecryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) == 1
        && EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &len, u8(ciphertext),
                             static_cast<int>(ciphertext.size())) == 1
        && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(tag.size()),
                               const_cast<char *>(tag.constData())) == 1
        && EVP_DecryptFinal_ex(ctx.get(), nullptr, &len) == 1;
}

Result<QByteArray> BenchCases::tokenDeskDirDecrypt() const
{
    return JweCompact::decrypt(m_dirCompact, *m_dirKey);
}

bool BenchCases::primitiveDirDecrypt(QByteArray &out) const
{
    return gcmDecrypt(m_dirKey->octets().data(), m_dirIv, m_dirAad, m_dirCiphertext, m_dirTag, out);
}

Result<QByteArray> BenchCases::tokenDeskEcdhDecrypt() const
{
    return JweCompact::decrypt(m_ecdhCompact, *m_ecdhKey);
}

bool BenchCases::primitiveEcdhDecrypt(QByteArray &out) const
{
    unsigned char z[66];
    std::size_t zLength = sizeof(z);
    unsigned char kek[32];
    unsigned char cek[40];
    int cekLength = 0;
    const bool ok = ecdhDerive(m_ecdhKey->pkey(), m_ephemeral.get(), z, zLength)
        && concatKdf256(m_sha256.get(), z, zLength, "ECDH-ES+A256KW", kek)
        && aesKeyWrap(m_wrap.get(), kek, u8(m_ecdhWrappedKey), static_cast<int>(m_ecdhWrappedKey.size()), false, cek,
                      cekLength)
        && cekLength == 32 && gcmDecrypt(cek, m_ecdhIv, m_ecdhAad, m_ecdhCiphertext, m_ecdhTag, out);
    OPENSSL_cleanse(z, sizeof(z));
    OPENSSL_cleanse(kek, sizeof(kek));
    OPENSSL_cleanse(cek, sizeof(cek));
    return ok;
}

Result<void> BenchCases::tokenDeskEs256Verify() const
{
    Result<JwsToken> token = JwsCompact::parse(m_esCompact);
    if (!token.ok())
        return token.error();
    return JwsCompact::verify(token.value(), *m_esPublic);
}

bool BenchCases::primitiveEs256Verify() const
{
    EvpMdCtxPtr md(EVP_MD_CTX_new());
    return md
        && EVP_DigestVerifyInit_ex(md.get(), nullptr, "SHA256", nullptr, nullptr, m_esPublic->pkey(), nullptr) == 1
        && EVP_DigestVerify(md.get(), u8(m_esDerSignature), static_cast<std::size_t>(m_esDerSignature.size()),
                            u8(m_esSigningInput), static_cast<std::size_t>(m_esSigningInput.size()))
        == 1;
}

} // namespace td::bench
