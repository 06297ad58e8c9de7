// SPDX-License-Identifier: GPL-3.0-or-later
// The client's HTTP/1.x response parser (HttpResponseParser). The first byte chooses a HEAD
// request or not and how the rest is cut into arrivals (whole, or pieces of 1..16 bytes); then
// the connection closes. The parser must end Done or Failed with an error, never hold a body
// past its cap, and give the same outcome however the bytes arrive.
#include "FuzzSupport.h"

#include "core/net/HttpResponseParser.h"

namespace {

constexpr qint64 kMaxBody = 64 * 1024;

struct Outcome {
    td::HttpResponseParser::State state;
    int status;
    QByteArray body;
};

Outcome parse(QByteArrayView input, bool head, qsizetype piece)
{
    td::HttpResponseParser parser(kMaxBody, head, QStringLiteral("fuzz:1"));
    for (qsizetype at = 0; at < input.size() && parser.state() != td::HttpResponseParser::State::Failed; at += piece)
        parser.feed(input.sliced(at, qMin(piece, input.size() - at)));
    if (parser.state() != td::HttpResponseParser::State::Done && parser.state() != td::HttpResponseParser::State::Failed)
        parser.closed();
    const auto state = parser.state();
    if (state != td::HttpResponseParser::State::Done && state != td::HttpResponseParser::State::Failed)
        fuzz::violated("the parser neither finished nor failed after the close");
    if ((state == td::HttpResponseParser::State::Failed) != parser.error().has_value())
        fuzz::violated("failure and error disagree");
    if (parser.error())
        (void)parser.error()->toString();
    for (const auto &header : parser.headers())
        (void)header;
    QByteArray body = parser.takeBody();
    if (body.size() > kMaxBody)
        fuzz::violated("the body grew past its cap");
    return {state, parser.status(), state == td::HttpResponseParser::State::Done ? body : QByteArray()};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool head = data[0] & 0x80;
    const qsizetype piece = (data[0] & 0x0f) + 1;
    const QByteArrayView input = fuzz::bytes(data + 1, size - 1);
    const Outcome whole = parse(input, head, qMax<qsizetype>(input.size(), 1));
    const Outcome cut = parse(input, head, piece);
    if (whole.state != cut.state || whole.body != cut.body || (whole.state == td::HttpResponseParser::State::Done && whole.status != cut.status))
        fuzz::violated("the outcome depends on how the bytes arrive");
    return 0;
}
