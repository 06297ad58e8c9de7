// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/Result.h"
#include "core/net/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace td {

// One request and its answer as a HAR 1.2 file (a browser's "Save all as HAR") records them,
// bodies decoded (`encoding: base64` included) and nothing masked yet.
struct HarEntry {
    int index = 0;              // position in log.entries, from 0
    QString startedAt;          // startedDateTime as written
    QByteArray method;
    QString url;
    HttpHeaders requestHeaders;
    QByteArray requestBody;     // postData.text
    int status = 0;             // 0 when the browser got no answer
    HttpHeaders responseHeaders;
    QByteArray responseBody;    // content.text
};

// The entries of a HAR file. parse() is a pure function of the bytes (no files, no clock, no
// catalog), bounded in what it accepts, so a fuzzer can drive it as it is.
struct HarLog {
    QList<HarEntry> entries;

    static constexpr qsizetype kMaxBytes = 64 * 1024 * 1024; // a browser export of a long session
    static constexpr int kMaxEntries = 10000;

    // HarInvalid with a sentence for people: truncated JSON (where it ends), malformed JSON (what
    // and at which byte), JSON that is not a HAR (no log.entries), an entry without a request
    // method and URL, a body marked base64 that is not; InputTooLarge over kMaxBytes or
    // kMaxEntries.
    static Result<HarLog> parse(QByteArrayView data);
};

} // namespace td
