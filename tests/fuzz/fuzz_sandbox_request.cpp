// SPDX-License-Identifier: GPL-3.0-or-later
// The sandbox's HTTP request reader (SandboxRequestReader, what SandboxConnection feeds from its
// socket). The first byte sets how the rest arrives (pieces of 1..64 bytes); requests are taken
// as they complete, as the connection does. The reader must never buffer past its limits, never
// pass a body over 1 MiB, and never wait for more bytes while it takes none (a stalled client).
#include "FuzzSupport.h"

#include "core/sandbox/SandboxLimits.h"
#include "core/sandbox/SandboxRequestReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const qsizetype piece = (data[0] & 0x3f) + 1;
    const QByteArrayView input = fuzz::bytes(data + 1, size - 1);
    td::SandboxRequestReader reader;
    qsizetype at = 0;
    for (;;) {
        const td::SandboxRequestReader::Step step = reader.next();
        if (step == td::SandboxRequestReader::Step::Refused) {
            if (reader.refusedStatus() < 400 || reader.refusedMessage().isEmpty())
                fuzz::violated("a refusal without an error status and message");
            return 0;
        }
        if (step == td::SandboxRequestReader::Step::Request) {
            const td::SandboxRequest request = reader.takeRequest();
            if (request.body.size() > td::SandboxLimits::kMaxBodyBytes || request.method.isEmpty())
                fuzz::violated("a request over the body limit or without a method");
            continue;
        }
        if (step == td::SandboxRequestReader::Step::Continue)
            continue;
        if (reader.room() <= 0)
            fuzz::violated("the reader waits for bytes it will not take");
        if (at >= input.size())
            return 0;
        const qsizetype take = qMin(qMin(piece, reader.room()), input.size() - at);
        reader.append(input.sliced(at, take));
        at += take;
    }
}
