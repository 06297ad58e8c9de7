// SPDX-License-Identifier: GPL-3.0-or-later
#include "SessionFile.h"

#include "core/crypto/AesGcm.h"
#include "core/crypto/Random.h"
#include "core/io/SafeFile.h"
#include "core/session/SessionJson.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>

#include <openssl/crypto.h>

namespace td {

namespace {

constexpr QByteArrayView kMagic("TDSESS");
constexpr int kHeaderBytes = 8; // magic + version
constexpr int kDocumentFormat = 1;

QString shown(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("The sessions file") : QStringLiteral("The sessions file %1").arg(QDir::toNativeSeparators(path));
}

Error unreadable(const QString &path, const QString &why)
{
    return makeError(ErrorCode::SessionsUnreadable, QStringLiteral("%1 cannot be read: %2.").arg(shown(path), why));
}

QByteArray header()
{
    QByteArray bytes = kMagic.toByteArray();
    bytes.resize(kHeaderBytes);
    qToBigEndian<quint16>(SessionFile::kVersion, bytes.data() + kMagic.size());
    return bytes;
}

} // namespace

Result<QByteArray> SessionFile::seal(const SecureBytes &key, const QList<Session> &sessions)
{
    QJsonArray array;
    for (const Session &session : sessions)
        array.append(SessionJson::toStored(session));
    QByteArray plaintext = QJsonDocument(QJsonObject{{QStringLiteral("format"), kDocumentFormat},
                                                     {QStringLiteral("sessions"), array}})
                               .toJson(QJsonDocument::Compact);
    const QByteArray aad = header();
    const SecureBytes nonce = randomBytes(kNonceBytes);
    auto sealed = aesGcmEncrypt(key, nonce.view(), aad, plaintext);
    OPENSSL_cleanse(plaintext.data(), std::size_t(plaintext.size()));
    if (!sealed)
        return sealed.error();
    return aad + nonce.view().toByteArray() + sealed->ciphertext + sealed->tag;
}

Result<QList<Session>> SessionFile::open(QByteArrayView file, const SecureBytes &key, const QString &path)
{
    if (!file.startsWith(kMagic))
        return unreadable(path, QStringLiteral("it is not a TokenDesk sessions file"));
    if (file.size() < kHeaderBytes + kNonceBytes + kAesGcmTagBytes)
        return unreadable(path, QStringLiteral("it is truncated (%1 bytes)").arg(file.size()));
    const quint16 version = qFromBigEndian<quint16>(file.data() + kMagic.size());
    if (version > kVersion)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("%1 was written by a newer TokenDesk (format %2).").arg(shown(path)).arg(version));
    if (version != kVersion)
        return unreadable(path, QStringLiteral("its header is damaged"));
    const QByteArrayView aad = file.first(kHeaderBytes);
    const QByteArrayView nonce = file.sliced(kHeaderBytes, kNonceBytes);
    const QByteArrayView tag = file.last(kAesGcmTagBytes);
    QByteArray content = file.sliced(kHeaderBytes + kNonceBytes, file.size() - kHeaderBytes - kNonceBytes - kAesGcmTagBytes)
                             .toByteArray();
    if (!aesGcmDecryptInPlace(key, nonce, aad, content, tag))
        return unreadable(path, QStringLiteral("it is damaged, or it belongs to another vault"));
    QJsonParseError error;
    const QJsonDocument json = QJsonDocument::fromJson(content, &error);
    OPENSSL_cleanse(content.data(), std::size_t(content.size()));
    const QJsonObject root = json.object();
    if (error.error != QJsonParseError::NoError || !root.value(QStringLiteral("sessions")).isArray())
        return unreadable(path, QStringLiteral("its content is not a list of sessions"));
    if (root.value(QStringLiteral("format")).toInt() > kDocumentFormat)
        return makeError(ErrorCode::UnsupportedVersion,
                         QStringLiteral("%1 was written by a newer TokenDesk.").arg(shown(path)));
    QList<Session> sessions;
    for (const QJsonValue &value : root.value(QStringLiteral("sessions")).toArray()) {
        auto session = SessionJson::fromStored(value.toObject());
        if (!session)
            // The whole file is refused: saving a partial list would drop the bad session for good.
            return unreadable(path, session.error().message);
        sessions.append(std::move(session.value()));
    }
    return sessions;
}

Result<std::optional<QByteArray>> SessionFile::readRaw(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return std::optional<QByteArray>();
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, QStringLiteral("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    if (file.size() > kMaxFileBytes)
        return unreadable(path, QStringLiteral("it is far too large (%1 bytes)").arg(file.size()));
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError)
        return makeError(ErrorCode::Io, QStringLiteral("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString()));
    return std::optional<QByteArray>(std::move(bytes));
}

Result<QList<Session>> SessionFile::read(const QString &path, const SecureBytes &key)
{
    auto bytes = readRaw(path);
    if (!bytes)
        return bytes.error();
    if (!bytes.value().has_value())
        return QList<Session>();
    return open(*bytes.value(), key, path);
}

Result<void> SessionFile::write(const QString &path, const SecureBytes &key, const QList<Session> &sessions)
{
    auto sealed = seal(key, sessions);
    if (!sealed)
        return sealed.error();
    return writeFileAtomically(path, sealed.value());
}

} // namespace td
