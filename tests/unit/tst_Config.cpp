// SPDX-License-Identifier: GPL-3.0-or-later
// Settings: the key table's defaults, a real INI file across instances, changed() only on change.
#include "core/Config.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_Config : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultsComeFromTheTable()
    {
        const auto config = Config::temporary();
        QCOMPARE(Config::name(Config::Key::SessionsNoticeLeadMinutes), QStringLiteral("sessions/noticeLeadMinutes"));
        QCOMPARE(config->intValue(Config::Key::SessionsNoticeLeadMinutes), 5);
    }

    void valuesAreKeptInTheFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        {
            Config config(path);
            config.setValue(Config::Key::SessionsNoticeLeadMinutes, 12);
        }
        Config again(path);
        QCOMPARE(again.intValue(Config::Key::SessionsNoticeLeadMinutes), 12);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("noticeLeadMinutes=12"));
    }

    void changedOnlyWhenTheValueChanges()
    {
        QTemporaryDir dir;
        Config config(dir.filePath(QStringLiteral("settings.ini")));
        QSignalSpy changed(&config, &Config::changed);
        config.setValue(Config::Key::SessionsNoticeLeadMinutes, 5); // the default: no change
        QCOMPARE(changed.size(), 0);
        config.setValue(Config::Key::SessionsNoticeLeadMinutes, 7);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).value<Config::Key>(), Config::Key::SessionsNoticeLeadMinutes);
        config.setValue(Config::Key::SessionsNoticeLeadMinutes, QStringLiteral("7")); // read back as text, same value
        QCOMPARE(changed.size(), 1);
        config.reset(Config::Key::SessionsNoticeLeadMinutes);
        QCOMPARE(changed.size(), 2);
        QCOMPARE(config.intValue(Config::Key::SessionsNoticeLeadMinutes), 5);
    }

    // A hand-edited file: a value that is not a number is the default, not 0.
    void unreadableValueIsTheDefault()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("settings.ini"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[sessions]\nnoticeLeadMinutes=ten\n");
        file.close();
        Config config(path);
        QCOMPARE(config.intValue(Config::Key::SessionsNoticeLeadMinutes), 5);
    }

    void temporaryWritesNothing()
    {
        const auto config = Config::temporary();
        config->setValue(Config::Key::SessionsNoticeLeadMinutes, 9);
        QCOMPARE(config->intValue(Config::Key::SessionsNoticeLeadMinutes), 9);
        QVERIFY(config->path().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_Config)
#include "tst_Config.moc"
