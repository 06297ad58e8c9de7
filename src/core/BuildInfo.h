// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace td {

// The version of TokenDesk and of the libraries it runs on, for every program's --version and the
// About box: one text, so a bug report from the GUI, the CLI or the sandbox names the same things.
class BuildInfo
{
public:
    static QString version(); // the project version, e.g. "0.1.0"

    // "<program> <version>", then the Qt and OpenSSL versions loaded at run time, each with the
    // version it was built against when they differ. Ends with a newline.
    static QString versionText(const QString &program);

    static QString qtVersion();      // e.g. "6.4.2" or "6.4.3 (built with 6.4.2)"
    static QString openSslVersion(); // e.g. "OpenSSL 3.0.15 3 Sep 2024"
};

} // namespace td
