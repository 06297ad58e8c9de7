// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/GuiResources.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "core/AppPaths.h"
#include "core/api/SpecLibrary.h"
#include "core/BuildInfo.h"
#include "core/ProcessHardening.h"

#include <QApplication>
#include <QScreen>
#include <QIcon>

#include <cstdio>
#include <cstring>
#include <optional>

namespace {

const char kHelp[] =
    "Usage: tokendesk [--help] [--version] [Qt options]\n"
    "\n"
    "TokenDesk: a workbench for token-issuing HTTP APIs. It starts with its embedded sandbox\n"
    "server and the \"Sandbox\" environment selected, so every form works offline.\n"
    "\n"
    "Options:\n"
    "  -h, --help     Show this help.\n"
    "  -v, --version  Show the version of TokenDesk, Qt and OpenSSL.\n"
    "\n"
    "Qt's own options (-platform NAME, -style NAME, -reverse, ...) are passed to Qt.\n"
    "The command-line tool is tokendesk-cli; the standalone sandbox is tokendesk-sandbox.\n";

// --help and --version are answered before QApplication exists: they must work without a display.
std::optional<int> answerInfoOption(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
            std::fputs(kHelp, stdout);
            return 0;
        }
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::fputs(td::BuildInfo::versionText(QStringLiteral("tokendesk")).toUtf8().constData(), stdout);
            return 0;
        }
    }
    return std::nullopt;
}

} // namespace

int main(int argc, char *argv[])
{
    td::ProcessHardening::disableCoreDumps();
    if (const std::optional<int> answered = answerInfoOption(argc, argv))
        return *answered;

    QApplication app(argc, argv);
    td::AppPaths::setApplicationIdentity(); // the same folders as tokendesk-cli
    QApplication::setApplicationVersion(td::BuildInfo::version());
    QApplication::setDesktopFileName(QStringLiteral("org.tokendesk.TokenDesk"));
    td::ensureGuiResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/tokendesk.svg")));

    td::MainWindow window;
    // Starts the embedded sandbox and selects the Sandbox environment: every form works offline.
    // The sandbox keeps its keys, port and tokens in the data folder: kept sessions renew after a
    // restart (and `tokendesk-cli --env Sandbox` shares them).
    td::SandboxConfig sandbox;
    sandbox.stateFolder = td::AppPaths::sandboxStateFolder();
    td::Workbench workbench(window, {td::AppPaths::environmentsFile(), td::AppPaths::historyFile(), sandbox, true,
                                     td::AppPaths::vaultFile(), td::AppPaths::settingsFile(),
                                     td::SpecLibrary::userFolders({})});
    window.fitInto(window.screen()->availableGeometry().size());
    window.show();
    return app.exec();
}
