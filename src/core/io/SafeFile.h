// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"

#include <QByteArrayView>
#include <QString>

namespace td {

// The one way TokenDesk writes user data to disk (STYLE.md): owner-only permissions from the
// start, parent directories created owner-only, and a written-size check before anything counts
// as saved. Errors are Io and name the path and the reason.

// Replaces `path` with `data` atomically (QSaveFile: a temporary file renamed over the target),
// so a crash or a full disk never leaves a half-written file. The file ends up 0600.
[[nodiscard]] Result<void> writeFileAtomically(const QString &path, QByteArrayView data);

// Creates the missing folders above `path`, each owner-only; existing ones are left alone.
[[nodiscard]] Result<void> ensureParentFolder(const QString &path);

// Appends `data` (one JSON Lines record, newline included) with a single write and a flush.
// A file created here is 0600; an existing file keeps its permissions.
[[nodiscard]] Result<void> appendToFile(const QString &path, QByteArrayView data);

} // namespace td
