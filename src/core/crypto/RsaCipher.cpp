// SPDX-License-Identifier: GPL-3.0-or-later
#include "RsaCipher.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"

#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/rsa.h>

namespace td {

namespace {

QString paddingName(RsaPadding padding)
{
    switch (padding) {
    case RsaPadding::Pkcs1v15: return QStringLiteral("RSA PKCS #1 v1.5");
    case RsaPadding::OaepSha1: return QStringLiteral("RSA-OAEP");
    case RsaPadding::OaepSha256: return QStringLiteral("RSA-OAEP-256");
    }
    return {};
}

bool configure(EVP_PKEY_CTX *ctx, RsaPadding padding)
{
    switch (padding) {
    case RsaPadding::Pkcs1v15:
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1;
    case RsaPadding::OaepSha1:
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha1()) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha1()) == 1;
    case RsaPadding::OaepSha256:
        return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, EVP_sha256()) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256()) == 1;
    }
    return false;
}

bool isRsa(EVP_PKEY *pkey)
{
    return pkey && EVP_PKEY_is_a(pkey, "RSA");
}

} // namespace

Result<QByteArray> rsaEncrypt(EVP_PKEY *publicKey, RsaPadding padding, const SecureBytes &plaintext)
{
    if (!isRsa(publicKey))
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("%1 needs an RSA key").arg(paddingName(padding)));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, publicKey, nullptr));
    size_t length = 0;
    if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 || !configure(ctx.get(), padding)
        || EVP_PKEY_encrypt(ctx.get(), nullptr, &length, plaintext.data(), plaintext.size()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("%1 encryption could not be set up").arg(paddingName(padding)));
    QByteArray out(static_cast<qsizetype>(length), Qt::Uninitialized);
    if (EVP_PKEY_encrypt(ctx.get(), reinterpret_cast<unsigned char *>(out.data()), &length, plaintext.data(),
                         plaintext.size()) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("%1 encryption failed").arg(paddingName(padding)));
    out.resize(static_cast<qsizetype>(length));
    return out;
}

Result<SecureBytes> rsaDecrypt(EVP_PKEY *privateKey, RsaPadding padding, QByteArrayView ciphertext)
{
    if (!isRsa(privateKey))
        return makeError(ErrorCode::KeyTypeMismatch, QStringLiteral("%1 needs an RSA key").arg(paddingName(padding)));
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, privateKey, nullptr));
    if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 || !configure(ctx.get(), padding))
        return openSslError(ErrorCode::KeyNotPrivate,
                            QStringLiteral("%1 decryption could not be set up; does the key have its private part?")
                                .arg(paddingName(padding)));
    if (padding == RsaPadding::Pkcs1v15) {
        // OpenSSL 3.2+ answers bad PKCS #1 v1.5 padding with a random "implicit rejection" message
        // instead of an error, which protects servers from Bleichenbacher's padding oracle.
        // TokenDesk is a client-side diagnostic tool that answers its own user, not an oracle an
        // attacker can query, so it asks for the honest answer: the user needs to know the
        // unwrap failed rather than chase a misleading tag mismatch later. OpenSSL 3.0/3.1 do not
        // know the parameter and ignore it.
        int implicitRejection = 0;
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_int("implicit-rejection", &implicitRejection),
                                     OSSL_PARAM_construct_end()};
        EVP_PKEY_CTX_set_params(ctx.get(), params);
        drainOpenSslErrors();
    }
    const auto *in = reinterpret_cast<const unsigned char *>(ciphertext.data());
    size_t length = 0;
    if (EVP_PKEY_decrypt(ctx.get(), nullptr, &length, in, static_cast<size_t>(ciphertext.size())) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("%1 decryption could not be set up").arg(paddingName(padding)));
    SecureBytes out(length);
    if (EVP_PKEY_decrypt(ctx.get(), out.data(), &length, in, static_cast<size_t>(ciphertext.size())) != 1) {
        drainOpenSslErrors();
        return makeError(ErrorCode::KeyUnwrapFailed,
                         QStringLiteral("%1 decryption of the encrypted key failed: the private key does not match the "
                                        "one the token was encrypted for, or the encrypted key was altered")
                             .arg(paddingName(padding)));
    }
    out.resize(length);
    return out;
}

} // namespace td
