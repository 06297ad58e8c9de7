// SPDX-License-Identifier: GPL-3.0-or-later
#include "FuzzSupport.h"

#include <QFile>

namespace fuzz {

QString writeScratch(const QString &name, QByteArrayView content)
{
    const QString path = scratchPath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(content.data(), content.size()) != content.size())
        violated("cannot write the scratch file");
    return path;
}

} // namespace fuzz
