// SPDX-License-Identifier: GPL-3.0-or-later
#include "KeyFormats.h"

#include "core/crypto/OpenSslError.h"
#include "core/crypto/OpenSslPtr.h"
#include "core/jose/Base64Url.h"

#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

#include <memory>
#include <optional>

namespace td {

namespace {

// Handles only this file uses; OpenSslPtr.h is shared and owned elsewhere.
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, OpenSslDeleter<OSSL_DECODER_CTX, OSSL_DECODER_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, OpenSslDeleter<X509, X509_free>>;

constexpr qsizetype kMaxFileSize = 1024 * 1024;

const QString kEncryptedMessage = QStringLiteral(
    "this PEM key is encrypted with a passphrase; decrypt it first with "
    "`openssl pkey -in key.pem -out plain.pem`");

const QString kAcceptedFormats = QStringLiteral(
    "TokenDesk reads a JWK or JWK Set (JSON), PEM (-----BEGIN PRIVATE KEY----- and the like), the "
    "base64url of a JWK, or an oct key as hex or base64");

// Never prompt: a key that needs a passphrase is refused before OpenSSL asks, and this callback
// makes sure OpenSSL cannot fall back to reading the terminal if that check ever misses one.
int refusePemPassphrase(char *, int, int, void *)
{
    return -1;
}

int refuseDecoderPassphrase(char *, size_t, size_t *, const OSSL_PARAM[], void *)
{
    return 0;
}

BioPtr memoryBio(QByteArrayView bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

bool isHex(QByteArrayView text)
{
    for (char c : text)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    return true;
}

// Keys read from PEM go through the JWK validation too, so both paths refuse the same keys: for
// EC the point and the match of d (and the same canonical, uncompressed key); for RSA that d and
// the CRT members belong to (n, e). OpenSSL loads a PKCS#1/PKCS#8 RSA key with a damaged factor
// or CRT exponent as it is, and signing with one gives faulty signatures that reveal the key.
Result<Jwk> fromPkeyValidated(EVP_PKEY *pkey)
{
    auto key = Jwk::fromPkey(pkey);
    if (!key || key->type() == KeyType::Oct)
        return key;
    return Jwk::fromJson(key->toJson(true));
}

// ---- JSON ---------------------------------------------------------------------------------

Result<ImportedKeys> parseJson(QByteArrayView text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorCode::KeyParse, QStringLiteral("the key looks like JSON but is not valid: %1 at offset %2")
                                                  .arg(parseError.errorString())
                                                  .arg(parseError.offset));
    if (!document.isObject())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the key is JSON but not an object, so neither a JWK nor a JWK Set"));
    const QJsonObject object = document.object();
    ImportedKeys imported;
    if (object.contains(QStringLiteral("keys"))) {
        const QJsonValue keys = object.value(QStringLiteral("keys"));
        if (!keys.isArray())
            return makeError(ErrorCode::KeyParse, QStringLiteral("the \"keys\" member of the JWK Set is not an array"));
        const QJsonArray array = keys.toArray();
        if (array.isEmpty())
            return makeError(ErrorCode::KeyParse, QStringLiteral("the JWK Set has no keys"));
        imported.format = KeyFormat::JwkSet;
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (!array.at(i).isObject())
                return makeError(ErrorCode::KeyParse, QStringLiteral("key %1 of the JWK Set is not a JSON object").arg(i));
            auto key = Jwk::fromJson(array.at(i).toObject());
            if (!key)
                return makeError(key.error().code, QStringLiteral("key %1 of the JWK Set: %2").arg(i).arg(key.error().message),
                                 key.error().detail);
            imported.keys.append(key.value());
        }
        return imported;
    }
    if (object.contains(QStringLiteral("kty"))) {
        auto key = Jwk::fromJson(object);
        if (!key)
            return key.error();
        imported.format = KeyFormat::Jwk;
        imported.keys.append(key.value());
        return imported;
    }
    return makeError(ErrorCode::KeyParse,
                     QStringLiteral("the text is JSON but neither a JWK nor a JWK Set (it has no \"kty\" and no \"keys\" member)"));
}

// ---- PEM ----------------------------------------------------------------------------------

struct PemBlock {
    QByteArray label;
    QByteArray text; // the whole block, BEGIN and END lines included
};

Result<QList<PemBlock>> splitPem(QByteArrayView text)
{
    static const QByteArray begin("-----BEGIN ");
    static const QByteArray end("-----END ");
    static const QByteArray dashes("-----");
    QList<PemBlock> blocks;
    qsizetype from = 0;
    while (true) {
        const qsizetype start = text.indexOf(begin, from);
        if (start < 0)
            break;
        const qsizetype labelStart = start + begin.size();
        const qsizetype labelEnd = text.indexOf(dashes, labelStart);
        const qsizetype lineEnd = text.indexOf('\n', labelStart);
        if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd))
            return makeError(ErrorCode::KeyParse, QStringLiteral("the PEM text has a broken -----BEGIN line"));
        const QByteArray label = text.sliced(labelStart, labelEnd - labelStart).toByteArray();
        const QByteArray endLine = end + label + dashes;
        const qsizetype stop = text.indexOf(endLine, labelEnd);
        if (stop < 0)
            return makeError(ErrorCode::KeyParse,
                             QStringLiteral("the PEM block \"%1\" has no \"%2\" line: the text is truncated")
                                 .arg(QString::fromLatin1(label), QString::fromLatin1(endLine)));
        const qsizetype after = stop + endLine.size();
        blocks.append({label, text.sliced(start, after - start).toByteArray() + '\n'});
        from = after;
    }
    if (blocks.isEmpty())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the text mentions PEM but has no -----BEGIN ...----- line"));
    return blocks;
}

// Why OpenSSL could not turn a SubjectPublicKeyInfo into a key: an unsupported algorithm or
// curve, or an EC point that is not on its curve (OpenSSL itself only says "unsupported").
Error diagnosePublicKey(const X509_PUBKEY *info, const QString &where)
{
    ASN1_OBJECT *algorithm = nullptr;
    const unsigned char *point = nullptr;
    int pointLength = 0;
    X509_ALGOR *algor = nullptr;
    if (!info || X509_PUBKEY_get0_param(&algorithm, &point, &pointLength, &algor, info) != 1)
        return openSslError(ErrorCode::KeyParse, QStringLiteral("%1 could not be read: the key is corrupt").arg(where));
    const int nid = OBJ_obj2nid(algorithm);
    if (nid != NID_X9_62_id_ecPublicKey) {
        char name[80] = {};
        OBJ_obj2txt(name, sizeof name, algorithm, 0);
        return openSslError(ErrorCode::UnsupportedKey,
                            QStringLiteral("%1 holds a %2 key, which is not supported; TokenDesk handles EC, RSA and oct keys")
                                .arg(where, QString::fromLatin1(name)));
    }
    int parameterType = 0;
    const void *parameter = nullptr;
    X509_ALGOR_get0(nullptr, &parameterType, &parameter, algor);
    if (parameterType != V_ASN1_OBJECT)
        return openSslError(ErrorCode::UnsupportedKey,
                            QStringLiteral("%1 holds an EC key with explicit curve parameters; only named curves are supported").arg(where));
    const int curveNid = OBJ_obj2nid(static_cast<const ASN1_OBJECT *>(parameter));
    EcGroupPtr group(EC_GROUP_new_by_curve_name(curveNid));
    const QString curve = QString::fromLatin1(curveNid != NID_undef ? OBJ_nid2sn(curveNid) : "unknown");
    if (!group)
        return openSslError(ErrorCode::UnsupportedKey, QStringLiteral("%1 holds an EC key on the curve %2, which is not supported").arg(where, curve));
    EcPointPtr decoded(EC_POINT_new(group.get()));
    BnCtxPtr bnCtx(BN_CTX_new());
    if (decoded && bnCtx
        && EC_POINT_oct2point(group.get(), decoded.get(), point, static_cast<size_t>(pointLength), bnCtx.get()) != 1)
        return openSslError(ErrorCode::KeyNotOnCurve,
                            QStringLiteral("%1: the public point is not on the curve %2; the key is corrupt").arg(where, curve));
    return openSslError(ErrorCode::KeyParse, QStringLiteral("%1 could not be read: the EC key on %2 is corrupt").arg(where, curve));
}

Result<Jwk> decodePemKey(const PemBlock &block, bool isPrivate, const QString &where)
{
    EVP_PKEY *raw = nullptr;
    DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "PEM", nullptr, nullptr,
                                                    isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
    if (!ctx || OSSL_DECODER_CTX_set_passphrase_cb(ctx.get(), refuseDecoderPassphrase, nullptr) != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("OpenSSL could not set up a PEM decoder"));
    const auto *data = reinterpret_cast<const unsigned char *>(block.text.constData());
    auto length = static_cast<size_t>(block.text.size());
    if (OSSL_DECODER_from_data(ctx.get(), &data, &length) == 1 && raw) {
        drainOpenSslErrors(); // decoders that were tried and did not match leave reasons behind
        EvpPkeyPtr pkey(raw);
        auto key = fromPkeyValidated(pkey.get());
        if (!key)
            return makeError(key.error().code, QStringLiteral("%1: %2").arg(where, key.error().message), key.error().detail);
        return key;
    }
    EVP_PKEY_free(raw);
    if (block.label == "PUBLIC KEY") {
        // Let OpenSSL's ASN.1 layer split the structure (it keeps keys it cannot decode), to say why.
        drainOpenSslErrors();
        BioPtr bio = memoryBio(block.text);
        X509_PUBKEY *info = PEM_read_bio_X509_PUBKEY(bio.get(), nullptr, refusePemPassphrase, nullptr);
        const Error error = diagnosePublicKey(info, where);
        X509_PUBKEY_free(info);
        return error;
    }
    const bool isEc = block.label.startsWith("EC ");
    return openSslError(ErrorCode::KeyParse,
                        isEc ? QStringLiteral("%1 could not be read: the EC key is corrupt, or its public point is not on its curve").arg(where)
                             : QStringLiteral("%1 could not be read: the key is corrupt or of a type OpenSSL does not know").arg(where));
}

Result<Jwk> decodeCertificate(const PemBlock &block, const QString &where)
{
    BioPtr bio = memoryBio(block.text);
    X509Ptr certificate(PEM_read_bio_X509(bio.get(), nullptr, refusePemPassphrase, nullptr));
    if (!certificate)
        return openSslError(ErrorCode::KeyParse, QStringLiteral("%1 could not be read: the certificate is corrupt").arg(where));
    EVP_PKEY *pkey = X509_get0_pubkey(certificate.get()); // owned by the certificate
    if (!pkey)
        return diagnosePublicKey(X509_get_X509_PUBKEY(certificate.get()), where);
    auto key = fromPkeyValidated(pkey);
    if (!key)
        return makeError(key.error().code, QStringLiteral("%1: %2").arg(where, key.error().message), key.error().detail);
    return key;
}

Result<ImportedKeys> parsePem(QByteArrayView text)
{
    auto blocks = splitPem(text);
    if (!blocks)
        return blocks.error();
    ImportedKeys imported;
    imported.format = KeyFormat::Pem;
    int index = 0;
    for (const PemBlock &block : blocks.value()) {
        ++index;
        const QString where = QStringLiteral("PEM block %1 (%2)").arg(index).arg(QString::fromLatin1(block.label));
        if (block.label == "ENCRYPTED PRIVATE KEY" || block.text.contains("Proc-Type: 4,ENCRYPTED"))
            return makeError(ErrorCode::KeyParse, kEncryptedMessage);
        Result<Jwk> key = makeError(ErrorCode::Internal, {});
        if (block.label == "PRIVATE KEY" || block.label == "EC PRIVATE KEY" || block.label == "RSA PRIVATE KEY") {
            key = decodePemKey(block, true, where);
        } else if (block.label == "PUBLIC KEY" || block.label == "RSA PUBLIC KEY") {
            key = decodePemKey(block, false, where);
        } else if (block.label == "CERTIFICATE" || block.label == "TRUSTED CERTIFICATE") {
            key = decodeCertificate(block, where);
        } else if (block.label == "EC PARAMETERS") {
            continue; // `openssl ecparam -genkey` writes the curve before the key; the key names it again
        } else if (block.label == "OPENSSH PRIVATE KEY") {
            return makeError(ErrorCode::UnsupportedKey,
                             QStringLiteral("%1 is in OpenSSH's own format; convert it with `ssh-keygen -p -m PKCS8 -f key`").arg(where));
        } else {
            return makeError(ErrorCode::KeyParse,
                             QStringLiteral("%1 is not a key; TokenDesk reads PRIVATE KEY, PUBLIC KEY, EC PRIVATE KEY, "
                                            "RSA PRIVATE KEY, RSA PUBLIC KEY and CERTIFICATE blocks").arg(where));
        }
        if (!key)
            return key.error();
        imported.keys.append(key.value());
    }
    if (imported.keys.isEmpty())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the PEM text holds curve parameters but no key"));
    return imported;
}

// ---- base64 forms -------------------------------------------------------------------------

// Standard base64 (with '+', '/' or '=') or base64url; null when the text is neither.
std::optional<QByteArray> decodeAnyBase64(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    auto url = Base64Url::decode(text);
    if (url)
        return url.value();
    if (url.error().code != ErrorCode::SegmentIsStandardBase64)
        return std::nullopt;
    auto standard = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::AbortOnBase64DecodingErrors);
    if (standard.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return std::nullopt;
    return std::move(standard.decoded);
}

Result<ImportedKeys> parseBase64UrlJwk(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(ErrorCode::KeyParse,
                         QStringLiteral("the text is base64 of something that starts like JSON but is not valid JSON "
                                        "(%1 at offset %2): is the key truncated?")
                             .arg(parseError.errorString())
                             .arg(parseError.offset));
    if (!document.isObject() || !document.object().contains(QStringLiteral("kty")))
        return makeError(ErrorCode::KeyParse, QStringLiteral("the text is base64 of a JSON value that is not a JWK (it has no \"kty\")"));
    auto key = Jwk::fromJson(document.object());
    if (!key)
        return makeError(key.error().code, QStringLiteral("the base64url JWK: %1").arg(key.error().message), key.error().detail);
    return ImportedKeys{{key.value()}, KeyFormat::Base64UrlJwk};
}

// Members in the order people and BankEzy write them (kty first, then the key's own members),
// which QJsonObject, being sorted, cannot keep.
QByteArray orderedJwkJson(const Jwk &key, bool includePrivate)
{
    static const char *const order[] = {"kty", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi", "k", "kid", "use", "alg"};
    QJsonObject object = key.toJson(includePrivate);
    QByteArray out("{");
    // QJsonDocument does the escaping: a one-element array with its brackets stripped.
    auto json = [](const QJsonValue &value) {
        const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    auto append = [&out, &json](const QString &name, const QJsonValue &value) {
        if (out.size() > 1)
            out += ',';
        out += json(name) + ':' + json(value);
    };
    for (const char *name : order) {
        const QString member = QString::fromLatin1(name);
        if (object.contains(member))
            append(member, object.take(member));
    }
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        append(it.key(), it.value());
    out += '}';
    return out;
}

} // namespace

QString keyFormatName(KeyFormat format)
{
    switch (format) {
    case KeyFormat::Jwk: return QStringLiteral("JWK");
    case KeyFormat::JwkSet: return QStringLiteral("JWK Set");
    case KeyFormat::Pem: return QStringLiteral("PEM");
    case KeyFormat::Base64UrlJwk: return QStringLiteral("base64url JWK");
    case KeyFormat::HexOctets: return QStringLiteral("hex");
    case KeyFormat::Base64Octets: return QStringLiteral("base64");
    }
    return {};
}

Result<ImportedKeys> KeyFormats::parse(QByteArrayView input)
{
    const QByteArrayView text = input.trimmed();
    if (text.isEmpty())
        return makeError(ErrorCode::KeyParse, QStringLiteral("the key text is empty; %1").arg(kAcceptedFormats));
    if (text.startsWith('{'))
        return parseJson(text);
    if (text.contains(QByteArrayView("-----BEGIN")))
        return parsePem(text);
    if (text.size() % 2 == 0 && isHex(text)) {
        const QByteArray bytes = QByteArray::fromHex(text.toByteArray());
        return ImportedKeys{{Jwk::fromOctets(SecureBytes(bytes))}, KeyFormat::HexOctets};
    }
    if (const auto decoded = decodeAnyBase64(text)) {
        if (decoded->startsWith('{'))
            return parseBase64UrlJwk(*decoded);
        // Qt's standard-base64 reader takes a lone '/' or '=' as nothing at all: an empty key,
        // which the JWK reader refuses too (found by fuzz_key_formats).
        if (decoded->isEmpty())
            return makeError(ErrorCode::KeyParse, QStringLiteral("the text is base64 of no bytes at all, so not an oct key; %1")
                                                      .arg(kAcceptedFormats));
        return ImportedKeys{{Jwk::fromOctets(SecureBytes(*decoded))}, KeyFormat::Base64Octets};
    }
    if (static_cast<unsigned char>(text.front()) == 0x30)
        return makeError(ErrorCode::KeyParse,
                         QStringLiteral("the key looks like binary DER; convert it to PEM first, for example with "
                                        "`openssl pkey -inform DER -in key.der -out key.pem`"));
    return makeError(ErrorCode::KeyParse, QStringLiteral("the text is not a key in any known format; %1").arg(kAcceptedFormats));
}

Result<ImportedKeys> KeyFormats::parseFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the key file %1: %2").arg(path, file.errorString()));
    // Read one byte past the limit rather than trusting size(), which is 0 for pipes.
    const QByteArray content = file.read(kMaxFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("cannot read the key file %1: %2").arg(path, file.errorString()));
    if (content.size() > kMaxFileSize)
        return makeError(ErrorCode::InputTooLarge,
                         QStringLiteral("the key file %1 is larger than 1 MiB; that is not a key").arg(path));
    auto parsed = parse(content);
    if (!parsed)
        return makeError(parsed.error().code, QStringLiteral("%1: %2").arg(path, parsed.error().message), parsed.error().detail);
    return parsed;
}

Result<QByteArray> KeyFormats::toPem(const Jwk &key, bool includePrivate)
{
    if (key.type() == KeyType::Oct)
        return makeError(ErrorCode::UnsupportedKey, QStringLiteral("an oct key has no PEM form; export it as JWK"));
    BioPtr bio(BIO_new(BIO_s_mem()));
    const bool writePrivate = includePrivate && key.hasPrivate();
    const int written = !bio ? 0
                        : writePrivate ? PEM_write_bio_PrivateKey(bio.get(), key.pkey(), nullptr, nullptr, 0, nullptr, nullptr)
                                       : PEM_write_bio_PUBKEY(bio.get(), key.pkey());
    if (written != 1)
        return openSslError(ErrorCode::Crypto, QStringLiteral("OpenSSL could not write the key as PEM"));
    char *data = nullptr;
    const long size = BIO_ctrl(bio.get(), BIO_CTRL_INFO, 0, static_cast<void *>(&data)); // BIO_get_mem_data
    QByteArray pem(data, static_cast<qsizetype>(size));
    if (writePrivate)
        OPENSSL_cleanse(data, static_cast<size_t>(size));
    return pem;
}

QByteArray KeyFormats::toBase64UrlJwk(const Jwk &key, bool includePrivate)
{
    return Base64Url::encode(orderedJwkJson(key, includePrivate));
}

QByteArray KeyFormats::toJwkSet(const QList<Jwk> &keys, bool includePrivate)
{
    QJsonArray array;
    for (const Jwk &key : keys)
        array.append(key.toJson(includePrivate));
    return QJsonDocument(QJsonObject{{QStringLiteral("keys"), array}}).toJson(QJsonDocument::Indented);
}

} // namespace td
