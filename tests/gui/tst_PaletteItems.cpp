// SPDX-License-Identifier: GPL-3.0-or-later
// The command palette's matching: substring before subsequence, case-insensitive, and what a
// locked vault gives (nothing).
#include "gui/palette/PaletteItems.h"

#include "core/api/EndpointCatalog.h"
#include "core/vault/Vault.h"

#include <QTemporaryDir>
#include <QTest>

using namespace td;

class tst_PaletteItems : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void score_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("matches");
        QTest::newRow("substring") << "BankEzy · Get User Token" << "user tok" << true;
        QTest::newRow("case") << "BankEzy · Get User Token" << "BANKEZY" << true;
        QTest::newRow("subsequence") << "BankEzy · Get User Token" << "gut" << true;
        QTest::newRow("subsequence with a space") << "EnOS APIM · Get Token" << "enos get" << true;
        QTest::newRow("order matters") << "BankEzy · Get User Token" << "tug" << false;
        QTest::newRow("a letter too many") << "Sandbox" << "sandboxx" << false;
        QTest::newRow("empty query") << "anything" << "" << true;
        QTest::newRow("empty text") << "" << "a" << false;
        QTest::newRow("non-ASCII") << "Prüfung" << "PRÜF" << true;
    }

    void score()
    {
        QFETCH(QString, text);
        QFETCH(QString, query);
        QFETCH(bool, matches);
        QCOMPARE(PaletteItems::score(text, query) >= 0, matches);
    }

    // A substring beats a subsequence, a word start beats the middle of a word, earlier beats later.
    void rankOrder()
    {
        const QList<PaletteItems::Item> items = {
            {PaletteItems::Kind::Endpoint, QStringLiteral("Get Application Token"), QStringLiteral("a")},
            {PaletteItems::Kind::Endpoint, QStringLiteral("Renew App Token"), QStringLiteral("b")},
            {PaletteItems::Kind::Endpoint, QStringLiteral("Happy path"), QStringLiteral("c")},
            {PaletteItems::Kind::Endpoint, QStringLiteral("Logout"), QStringLiteral("d")},
        };
        const QList<PaletteItems::Item> found = PaletteItems::filter(items, QStringLiteral("app"));
        QStringList order;
        for (const PaletteItems::Item &item : found)
            order.append(item.target);
        // "App" starts a word in a and b (a earlier); "app" inside "Happy"; no "app" in Logout.
        QCOMPARE(order, (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
        QCOMPARE(PaletteItems::filter(items, QStringLiteral("  ")).size(), items.size());
        QCOMPARE(PaletteItems::filter(items, QString(), 2).size(), 2);
        QVERIFY(PaletteItems::score(u"Get User Token", u"user") > PaletteItems::score(u"Get User Token", u"gut"));
    }

    // What one keystroke costs over a full palette (7 endpoints, sessions, keys, environments and
    // the 200 newest history entries: a few hundred items; measured with 2,000). Timed, never asserted.
    void filterCost()
    {
        QList<PaletteItems::Item> items;
        for (int i = 0; i < 2000; ++i)
            items.append({PaletteItems::Kind::History,
                          QStringLiteral("2026-12-03 09:%1 · BankEzy · Get User Token · Staging %2 · OK").arg(i % 60).arg(i),
                          QString::number(i)});
        QList<PaletteItems::Item> found;
        QBENCHMARK {
            found = PaletteItems::filter(items, QStringLiteral("usr stg"));
        }
        QCOMPARE(found.size(), 100);
    }

    void everyBuiltInEndpointIsListedByItsDisplayName()
    {
        const QList<PaletteItems::Item> items = PaletteItems::endpoints(EndpointCatalog::builtIn());
        QCOMPARE(items.size(), EndpointCatalog::builtIn().endpoints().size());
        for (const PaletteItems::Item &item : items) {
            QCOMPARE(item.text, EndpointCatalog::displayName(item.target));
            QVERIFY2(!item.text.contains(item.target), qPrintable(item.text)); // ids stay off the screen
        }
    }

    void aLockedOrAbsentVaultGivesNoKeys()
    {
        QVERIFY(PaletteItems::keys(nullptr).isEmpty());
        QTemporaryDir dir;
        Result<std::unique_ptr<Vault>> vault = Vault::create(dir.filePath(QStringLiteral("v.tdvault")),
                                                             SecureBytes(QByteArrayView("correct horse")), {10, 8, 1});
        QVERIFY(vault);
        QVERIFY(vault.value()->add(VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("prod api"),
                                                     QStringLiteral("alice"), SecureBytes(QByteArrayView("s3cr3t-value")))));
        QCOMPARE(PaletteItems::keys(vault->get()).size(), 1);
        vault.value()->lock();
        QVERIFY(PaletteItems::keys(vault->get()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_PaletteItems)
#include "tst_PaletteItems.moc"
