// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace td {

// Where TokenDesk keeps the user's files. The GUI and the CLI share them, so both set the same
// organisation and application name ("TokenDesk"); tests point XDG_CONFIG_HOME/XDG_DATA_HOME at
// temporary folders.
class AppPaths
{
public:
    static void setApplicationIdentity();    // organisation and application name, before any path
    static QString environmentsFile();       // <config>/environments.json
    static QString historyFile();            // <data>/history.jsonl
    static QString userEndpointSpecsDir();   // <config>/apis: extra endpoint specs
    static QString vaultFile();              // <data>/vault.tdvault
    static QString sandboxStateFolder();     // <data>/sandbox: the embedded sandbox's kept keys, port and tokens
    static QString settingsFile();           // <config>/settings.ini: the app's preferences (never secrets)
};

} // namespace td
