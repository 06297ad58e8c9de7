// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringView>

namespace td {

// A carried value's name as words for a sentence: "appToken" → "app token", "accountNumber" →
// "account number".
QString spokenName(QStringView camelCase);

} // namespace td
