// SPDX-License-Identifier: GPL-3.0-or-later
#include "gui/inspector/PayloadFormatter.h"

#include <QTest>

using namespace td;

class tst_PayloadFormatter : public QObject
{
    Q_OBJECT

private slots:
    void format_data();
    void format();
    void hexDumpLayout();
};

void tst_PayloadFormatter::format_data()
{
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<int>("form");
    QTest::addColumn<QString>("text");

    QTest::newRow("empty") << QByteArray() << int(FormattedPayload::Form::Empty) << QString();
    QTest::newRow("json object is indented") << QByteArray(R"({"a":1})") << int(FormattedPayload::Form::Json)
                                             << QStringLiteral("{\n    \"a\": 1\n}");
    QTest::newRow("json scalar stays text") << QByteArray("42") << int(FormattedPayload::Form::Text) << QStringLiteral("42");
    QTest::newRow("utf-8 text") << QByteArray("thin\xe2\x80\x93to") << int(FormattedPayload::Form::Text)
                                << QString::fromUtf8("thin\xe2\x80\x93to");
    QTest::newRow("binary becomes hex") << QByteArray("\xff\x00\x41", 3) << int(FormattedPayload::Form::Hex)
                                        // The ASCII column starts at column 60 on short lines as on full ones.
                                        << QStringLiteral("00000000  ff 00 41") + QString(42, QLatin1Char(' ')) + QStringLiteral("..A\n");
}

void tst_PayloadFormatter::format()
{
    QFETCH(QByteArray, payload);
    QFETCH(int, form);
    QFETCH(QString, text);
    const FormattedPayload formatted = PayloadFormatter::format(payload);
    QCOMPARE(int(formatted.form), form);
    QCOMPARE(formatted.text, text);
}

void tst_PayloadFormatter::hexDumpLayout()
{
    QByteArray bytes;
    for (int i = 0; i < 20; ++i)
        bytes.append(static_cast<char>(0x30 + i));
    const QString dump = PayloadFormatter::hexDump(bytes);
    const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines.at(0), QStringLiteral("00000000  30 31 32 33 34 35 36 37  38 39 3a 3b 3c 3d 3e 3f  0123456789:;<=>?"));
    QVERIFY(lines.at(1).startsWith(QStringLiteral("00000010  40 41 42 43 ")));
    QVERIFY(lines.at(1).endsWith(QStringLiteral(" @ABC")));

    const QString capped = PayloadFormatter::hexDump(bytes, 16);
    QVERIFY(capped.endsWith(QStringLiteral("… 4 more bytes not shown\n")));
}

QTEST_MAIN(tst_PayloadFormatter)
#include "tst_PayloadFormatter.moc"
