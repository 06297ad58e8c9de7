// SPDX-License-Identifier: GPL-3.0-or-later
#include "PayloadFormatter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QStringDecoder>

namespace td {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("td::PayloadFormatter", text);
}

} // namespace

FormattedPayload PayloadFormatter::format(const QByteArray &payload)
{
    FormattedPayload out;
    if (payload.isEmpty())
        return out;

    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(payload, &jsonError);
    if (jsonError.error == QJsonParseError::NoError && (document.isObject() || document.isArray())) {
        out.form = FormattedPayload::Form::Json;
        out.text = QString::fromUtf8(document.toJson(QJsonDocument::Indented)).trimmed();
        out.description = tr("JSON, %1 bytes").arg(payload.size());
        return out;
    }

    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(payload);
    if (!decoder.hasError()) {
        out.form = FormattedPayload::Form::Text;
        out.text = text;
        out.description = tr("text, %1 bytes").arg(payload.size());
        return out;
    }

    out.form = FormattedPayload::Form::Hex;
    out.text = hexDump(payload);
    out.description = tr("binary (not UTF-8), %1 bytes, shown as a hex dump").arg(payload.size());
    return out;
}

QString PayloadFormatter::hexDump(const QByteArray &bytes, int maxBytes)
{
    QString out;
    const int shown = static_cast<int>(qMin<qsizetype>(bytes.size(), maxBytes));
    for (int offset = 0; offset < shown; offset += 16) {
        QString hex;
        QString ascii;
        for (int i = 0; i < 16; ++i) {
            if (offset + i < shown) {
                const auto byte = static_cast<unsigned char>(bytes.at(offset + i));
                hex += QStringLiteral("%1 ").arg(byte, 2, 16, QLatin1Char('0'));
                ascii += (byte >= 0x20 && byte < 0x7f) ? QLatin1Char(static_cast<char>(byte)) : QLatin1Char('.');
            } else {
                hex += QStringLiteral("   ");
            }
            if (i == 7)
                hex += QLatin1Char(' ');
        }
        out += QStringLiteral("%1  %2 %3\n").arg(offset, 8, 16, QLatin1Char('0')).arg(hex, ascii);
    }
    if (bytes.size() > shown)
        out += tr("… %1 more bytes not shown\n").arg(bytes.size() - shown);
    return out;
}

} // namespace td
