// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CliApp.h"
#include "core/AppPaths.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    td::CliApp::prepareProcess();
    QCoreApplication app(argc, argv);
    td::AppPaths::setApplicationIdentity();
    return td::CliApp().run(td::CliApp::rawArguments(argc, argv));
}
