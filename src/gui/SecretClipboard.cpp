// SPDX-License-Identifier: GPL-3.0-or-later
#include "SecretClipboard.h"

#include <QClipboard>
#include <QCryptographicHash>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>

namespace td {

void SecretClipboard::copy(const QString &text, int clearAfterMs)
{
    if (text.isEmpty())
        return;
    auto *mime = new QMimeData;
    mime->setText(text);
    mime->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QClipboard *clipboard = QGuiApplication::clipboard();
    clipboard->setMimeData(mime);
    // Only a digest is kept for the later comparison, not a second copy of the secret.
    const QByteArray digest = QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256);
    QTimer::singleShot(clearAfterMs, clipboard, [clipboard, digest] {
        if (QCryptographicHash::hash(clipboard->text().toUtf8(), QCryptographicHash::Sha256) == digest)
            clipboard->clear();
    });
}

} // namespace td
