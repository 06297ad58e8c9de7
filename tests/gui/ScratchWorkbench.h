// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/Workbench.h"

#include <QDir>
#include <QString>

namespace td::test {

// The files a GUI test's Workbench keeps, all in `folder` (a scratch folder) and named by
// `prefix` when one test makes several workbenches there; settings only when the test checks
// what is kept between runs.
inline Workbench::Options scratchOptions(const QString &folder, bool startSandbox, bool keepSettings = false,
                                         const QString &prefix = QString())
{
    const QDir dir(folder);
    return {dir.filePath(prefix + QStringLiteral("environments.json")),
            dir.filePath(prefix + QStringLiteral("history.jsonl")),
            {},
            startSandbox,
            dir.filePath(prefix + QStringLiteral("vault.tdvault")),
            keepSettings ? dir.filePath(prefix + QStringLiteral("settings.ini")) : QString()};
}

} // namespace td::test
