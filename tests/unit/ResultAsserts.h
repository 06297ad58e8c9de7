// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Error.h"

#include <QTest>

// Each evaluates its argument once and builds the message only on failure (QVERIFY2 would build
// it eagerly, which crashes on an ok Result).
#define REQUIRE_OK(result)                                                                                   \
    do {                                                                                                     \
        const auto &r_ = (result);                                                                           \
        if (!r_.ok())                                                                                        \
            QFAIL(qPrintable(QStringLiteral("unexpected error: ") + r_.error().toString()));                 \
    } while (0)

#define REQUIRE_CODE(result, expected)                                                                       \
    do {                                                                                                     \
        const auto &r_ = (result);                                                                           \
        if (r_.ok())                                                                                         \
            QFAIL("succeeded where it should have failed");                                                  \
        if (r_.error().code != (expected))                                                                   \
            QFAIL(qPrintable(QStringLiteral("got %1 (%2), expected %3")                                      \
                                 .arg(errorCodeName(r_.error().code), r_.error().toString(),                 \
                                      errorCodeName(expected))));                                            \
    } while (0)
