// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QList>
#include <QSslCertificate>
#include <QStringList>

namespace td {

// Public-key pinning as curl's --pinnedpubkey: "sha256//BASE64" of a certificate's
// SubjectPublicKeyInfo. A connection is accepted only if some certificate of the verified chain
// (leaf, intermediates, the trusted root) matches one pin, so pinning a private CA works too.
class CertificatePins
{
public:
    // Each pin checked; "a;b" lists are split as curl does. ConfigInvalid names the bad one.
    static Result<QStringList> parse(const QStringList &given);
    // The chain OpenSSL builds from `presented` (leaf first) to a CA of the system store or
    // `extraTrusted`, leaf first; the presented leaf alone when it does not verify (--insecure).
    static QList<QSslCertificate> verifiedChain(const QList<QSslCertificate> &presented,
                                                const QList<QSslCertificate> &extraTrusted);
    // The system's CAs, read once per process: reading the store takes ~40-100 ms (a bundle or a
    // file per CA), too much for every request; CAs come with the system's updates, which a
    // restart picks up. Qt verifies the handshake against the same list.
    static const QList<QSslCertificate> &systemCaCertificates();
    static bool matches(const QStringList &pins, const QList<QSslCertificate> &chain);
};

} // namespace td
