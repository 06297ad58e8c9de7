// SPDX-License-Identifier: GPL-3.0-or-later
// CallHistory::replayValues over the catalog it is given: a user family's secret and computed
// fields are left out of a replay like a built-in one's, because its spec is found.
#include "core/api/CallHistory.h"
#include "core/api/SpecLibrary.h"
#include "core/net/SecretMasker.h"

#include <QTest>

using namespace td;

class tst_CallHistory : public QObject
{
    Q_OBJECT

    static QString specs(const char *family) { return QStringLiteral(TOKENDESK_TEST_DATA_DIR "/specs/") + QLatin1String(family); }

    // An Initech sign-in as a history line may hold it: the signature and time that were sent,
    // the credential masked, and (from a file written by hand or an older version) a secret in clear.
    static HistoryEntry initechSignIn()
    {
        HistoryEntry entry;
        entry.endpoint = QStringLiteral("initech.sign-in");
        entry.environment = QStringLiteral("Initech");
        entry.fields = {{QStringLiteral("clientId"), QStringLiteral("initech-client")},
                        {QStringLiteral("clientSecret"), QStringLiteral("in-clear-secret")},
                        {QStringLiteral("X-Date"), QStringLiteral("1700000000")},
                        {QStringLiteral("X-Signature"), QStringLiteral("c2lnbmF0dXJl")}};
        return entry;
    }

private Q_SLOTS:
    void userEndpoint_dropsSecretAndComputedFields()
    {
        const SpecLibrary library({specs("initech")});
        QVERIFY2(library.problems().isEmpty(), qPrintable(library.problems().join(QLatin1Char('\n'))));
        QVERIFY(library.catalog().find(u"initech.sign-in"));
        const QMap<QString, QString> values = CallHistory::replayValues(initechSignIn(), library.catalog());
        // The secret is never replayed and the signature and its time are made afresh.
        QCOMPARE(values, (QMap<QString, QString>{{QStringLiteral("clientId"), QStringLiteral("initech-client")}}));
    }

    // Without the user's specs the endpoint is unknown: only masked values can be told apart.
    void unknownEndpoint_keepsWhatIsNotMasked()
    {
        HistoryEntry entry = initechSignIn();
        entry.fields.insert(QStringLiteral("clientSecret"), QString::fromLatin1(SecretMasker::mask()));
        const QMap<QString, QString> values = CallHistory::replayValues(entry, EndpointCatalog::builtIn());
        QCOMPARE(values.keys(), (QStringList{QStringLiteral("X-Date"), QStringLiteral("X-Signature"), QStringLiteral("clientId")}));
    }

    void builtInEndpoint_dropsMaskedAndGenerated()
    {
        HistoryEntry entry;
        entry.endpoint = QStringLiteral("enos.get-token");
        entry.fields = {{QStringLiteral("appKey"), QStringLiteral("key")},
                        {QStringLiteral("appSecret"), QString::fromLatin1(SecretMasker::mask())},
                        {QStringLiteral("timestamp"), QStringLiteral("1572574909697")},
                        {QStringLiteral("encryption"), QStringLiteral("ab12")}};
        const SpecLibrary library;
        QCOMPARE(CallHistory::replayValues(entry, library.catalog()),
                 (QMap<QString, QString>{{QStringLiteral("appKey"), QStringLiteral("key")}}));
    }
};

QTEST_GUILESS_MAIN(tst_CallHistory)
#include "tst_CallHistory.moc"
