// SPDX-License-Identifier: GPL-3.0-or-later
// Test helper for tst_HostileServer: fetches one URL with a fresh ApiClient (default 8 MiB cap)
// and prints "<error code or HTTP status> <VmHWM in kB>", so the peak memory measured is the
// client's alone.
#include "core/net/ApiClient.h"
#include "core/net/ApiReply.h"

#include <QCoreApplication>
#include <QFile>
#include <QUrl>

#include <cstdio>

using namespace td;

namespace {

qint64 peakRssKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc != 2) {
        std::fprintf(stderr, "usage: hostile_fetch URL\n");
        return 2;
    }
    ApiClient client;
    HttpRequest request;
    request.method = "GET";
    request.url = QUrl(QString::fromLocal8Bit(argv[1]));
    TransportSettings settings;
    settings.timeoutMs = 60000;
    ApiReply *reply = client.send(request, settings);
    QObject::connect(reply, &ApiReply::finished, &app, [](const HttpResponse &response) {
        const QString outcome = response.transportError ? errorCodeName(response.transportError->code)
                                                        : QStringLiteral("http-%1").arg(response.status);
        std::printf("%s %lld\n", qPrintable(outcome), static_cast<long long>(peakRssKb()));
        std::fflush(stdout);
        QCoreApplication::quit();
    });
    return app.exec();
}
