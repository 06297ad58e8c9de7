// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/api/TokenResult.h"

#include "core/evidence/FailureExplainer.h"

#include <QJsonObject>
#include <QString>

namespace td {

class ApiCall;
class CliIo;

// How `call`, `flow` and `demo` print a step: readable lines, or JSON.
class ResultPrinter
{
public:
    // "✓ bankezy.get-app-token  HTTP 200  code 100  Success  expires … (in 15 min)  42 ms"
    static QString stepLine(const TokenResult &result, qint64 nowMs);
    // The request as sent and the response, secrets masked (--verbose).
    static QString exchange(const ApiCall &call);
    // `call --json`: the step fields plus token, refreshToken, outputs, warnings, durationMs.
    static QJsonObject callJson(const TokenResult &result);
    // The likely causes under a step's line: "  likely: …" and its evidence on the next line.
    static QString causeLines(const QList<FailureExplainer::Cause> &causes);
};

} // namespace td
