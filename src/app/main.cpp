// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/GuiResources.h"
#include "gui/MainWindow.h"
#include "gui/Workbench.h"
#include "core/AppPaths.h"
#include "core/ProcessHardening.h"

#include <QApplication>
#include <QScreen>
#include <QIcon>

int main(int argc, char *argv[])
{
    td::ProcessHardening::disableCoreDumps();

    QApplication app(argc, argv);
    td::AppPaths::setApplicationIdentity(); // the same folders as tokendesk-cli
    QApplication::setApplicationVersion(QStringLiteral(TOKENDESK_VERSION));
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
                                     td::AppPaths::vaultFile(), td::AppPaths::settingsFile()});
    window.fitInto(window.screen()->availableGeometry().size());
    window.show();
    return app.exec();
}
