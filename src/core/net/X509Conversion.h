// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/crypto/OpenSslPtr.h"

#include <QSslCertificate>

namespace td {

// Between Qt's certificates and OpenSSL's, through DER: Qt's own handle depends on its backend.
X509Ptr toX509(const QSslCertificate &certificate);
QSslCertificate fromX509(X509 *x509);

} // namespace td
