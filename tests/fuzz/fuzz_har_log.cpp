// SPDX-License-Identifier: GPL-3.0-or-later
// HAR files (HarLog::parse): any bytes are either refused with har-invalid and a message, or read
// into at most kMaxEntries entries; the same bytes always give the same answer.
#include "FuzzSupport.h"

#include "core/evidence/HarLog.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input = fuzz::bytes(data, size);
    const td::Result<td::HarLog> log = td::HarLog::parse(input);
    if (!log) {
        if (log.error().code != td::ErrorCode::HarInvalid || log.error().message.isEmpty())
            fuzz::violated("a refusal that is not har-invalid with a message");
        return 0;
    }
    if (log->entries.size() > td::HarLog::kMaxEntries)
        fuzz::violated("more entries than the cap");
    const td::Result<td::HarLog> again = td::HarLog::parse(input);
    if (!again || again->entries.size() != log->entries.size())
        fuzz::violated("the same bytes read twice give different logs");
    return 0;
}
