// SPDX-License-Identifier: GPL-3.0-or-later
// The sessions file reader (SessionFile::read). An even first byte: the rest is the file. An odd
// one: the rest is the plaintext document, sealed here with the file's layout and key, so the
// session JSON reader sees hostile input that would otherwise fail authentication first. What
// is read must seal and read back to as many sessions.
#include "FuzzSupport.h"

#include "core/crypto/AesGcm.h"
#include "core/session/SessionFile.h"
#include "core/session/SessionJson.h"

#include <QtEndian>

namespace {

const td::SecureBytes &key()
{
    static const td::SecureBytes bytes(QByteArrayView(QByteArray(32, '\x5e')));
    return bytes;
}

// "TDSESS" | version | nonce | ciphertext | tag, as SessionFile writes it.
QByteArray sealed(QByteArrayView plaintext)
{
    QByteArray header("TDSESS\0\0", 8);
    qToBigEndian<quint16>(td::SessionFile::kVersion, header.data() + 6);
    const QByteArray nonce(td::SessionFile::kNonceBytes, '\x01');
    auto output = td::aesGcmEncrypt(key(), nonce, header, plaintext);
    if (!output)
        fuzz::violated("AES-GCM failed on the fuzz key");
    return header + nonce + output->ciphertext + output->tag;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QByteArrayView rest = fuzz::bytes(data + 1, size - 1);
    const QByteArray file = data[0] & 1 ? sealed(rest) : rest.toByteArray();
    auto sessions = td::SessionFile::read(fuzz::writeScratch(QStringLiteral("fuzz.sessions"), file), key());
    if (!sessions) {
        (void)sessions.error().toString();
        return 0;
    }
    for (const td::Session &session : sessions.value())
        (void)td::SessionJson::toPublic(session, 1700000000000, true);
    auto again = td::SessionFile::seal(key(), sessions.value());
    if (!again)
        fuzz::violated("sessions that were read cannot be sealed");
    auto reread = td::SessionFile::open(again.value(), key());
    if (!reread || reread->size() != sessions->size())
        fuzz::violated("sessions that were read do not read back");
    return 0;
}
