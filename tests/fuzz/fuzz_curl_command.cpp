// SPDX-License-Identifier: GPL-3.0-or-later
// Pasted curl commands (CurlCommand, CurlImport): any text is either refused with curl-invalid
// and a message, or read into a request with a URL and a method, which matching never breaks.
#include "FuzzSupport.h"

#include "core/api/EndpointCatalog.h"
#include "core/evidence/CurlCommand.h"
#include "core/evidence/CurlImport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    const td::Result<td::CurlCommand> command = td::CurlCommand::parse(text);
    if (!command) {
        if (command.error().code != td::ErrorCode::CurlInvalid || command.error().message.isEmpty())
            fuzz::violated("a refusal that is not curl-invalid with a message");
        return 0;
    }
    if (command->urlText.isEmpty() || command->method.isEmpty())
        fuzz::violated("a command read without a URL or a method");
    if (!command->path().startsWith(QLatin1Char('/')))
        fuzz::violated("a path that does not start with /");
    const td::CurlImport import = td::CurlImport::match(command.value(), td::EndpointCatalog::builtIn());
    (void)import.toJson(false);
    return 0;
}
