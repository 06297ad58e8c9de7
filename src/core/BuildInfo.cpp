// SPDX-License-Identifier: GPL-3.0-or-later
#include "BuildInfo.h"

#include <QtGlobal>

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#ifndef TOKENDESK_VERSION
#error "TOKENDESK_VERSION is set by src/core/CMakeLists.txt from the project version"
#endif

namespace td {

QString BuildInfo::version()
{
    return QStringLiteral(TOKENDESK_VERSION);
}

QString BuildInfo::qtVersion()
{
    const QString running = QString::fromLatin1(qVersion());
    const QString built = QStringLiteral(QT_VERSION_STR);
    // A newer Qt patch release can be installed under a program built against an older one.
    return running == built ? running : QStringLiteral("%1 (built with %2)").arg(running, built);
}

QString BuildInfo::openSslVersion()
{
    const QString running = QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION));
    const QString built = QStringLiteral(OPENSSL_VERSION_TEXT);
    return running == built ? running : QStringLiteral("%1 (built with %2)").arg(running, built);
}

QString BuildInfo::versionText(const QString &program)
{
    return QStringLiteral("%1 %2\nQt %3\n%4\n").arg(program, version(), qtVersion(), openSslVersion());
}

} // namespace td
