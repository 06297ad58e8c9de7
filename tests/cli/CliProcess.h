// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <initializer_list>

// The built tokendesk-cli run as a process, for the CLI tests: exit code, standard output and
// standard error. A run that does not start or does not end within two minutes has exit code -1.
struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// A command line from literals: args({"call", "enos.get-token", "--json"}).
inline QStringList args(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list.append(QString::fromUtf8(item));
    return list;
}

inline CliRun runCli(const QStringList &arguments, const QByteArray &input = {},
                     const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(TOKENDESK_CLI_PATH), arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    CliRun run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// The CLI's folders inside a temporary home ("config", "data") and the vault passphrase it reads
// from the environment.
inline QProcessEnvironment cliEnvironment(const QString &home, const QString &passphrase)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(home).filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), QDir(home).filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("TOKENDESK_VAULT_PASSPHRASE"), passphrase);
    return env;
}

// Starts tokendesk-sandbox on a free loopback port with these credentials (and extra options);
// the URL it prints first, or empty when it did not come up within ten seconds.
inline QString startSandboxProcess(QProcess &process, const QString &credentials, const QStringList &extra = {})
{
    process.start(QStringLiteral(TOKENDESK_SANDBOX_PATH),
                  QStringList{QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--credentials"), credentials} + extra);
    if (!process.waitForStarted(10000))
        return {};
    QElapsedTimer waited;
    waited.start();
    while (!process.canReadLine() && waited.elapsed() < 10000)
        process.waitForReadyRead(100);
    const QString url = QString::fromUtf8(process.readLine()).trimmed();
    return url.startsWith(QLatin1String("http://127.0.0.1:")) ? url : QString();
}
