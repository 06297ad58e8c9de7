// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gui/Workbench.h"

#include "core/session/SessionStore.h"
#include "gui/api/ApiPage.h"

#include <QDir>
#include <QPushButton>
#include <QString>
#include <QTest>

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

// Opens `endpoint` on the APIs page and presses Send as a person would; true once the answer
// has added a session (bounded waits on the events, not a fixed sleep).
inline bool issueFromForm(Workbench &workbench, const QString &endpoint)
{
    if (!workbench.apiPage()->openEndpoint(endpoint))
        return false;
    auto *send = workbench.apiPage()->findChild<QPushButton *>(QStringLiteral("sendButton"));
    const int before = workbench.sessions().size();
    if (!send || !QTest::qWaitFor([send] { return send->isEnabled(); }, 5000))
        return false;
    QTest::mouseClick(send, Qt::LeftButton);
    return QTest::qWaitFor([&] { return workbench.sessions().size() > before; }, 10000);
}

} // namespace td::test
