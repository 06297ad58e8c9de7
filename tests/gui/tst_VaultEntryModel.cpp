// SPDX-License-Identifier: GPL-3.0-or-later
// The key manager's table model and its filter, over real vault entries and a real vault file.
#include "gui/keys/VaultEntryFilterModel.h"
#include "gui/keys/VaultEntryModel.h"

#include "core/vault/Vault.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace td;

namespace {

VaultEntry keyEntry(const QString &name, const Jwk &key, const QStringList &tags = {}, const QStringList &envs = {})
{
    VaultEntry entry = VaultEntry::fromKey(name, key);
    entry.tags = tags;
    entry.environments = envs;
    return entry;
}

VaultEntry credentialEntry(VaultEntry::Kind kind, const QString &name, const QStringList &tags = {},
                           const QStringList &envs = {})
{
    VaultEntry entry = VaultEntry::credential(kind, name, QStringLiteral("id-%1").arg(name),
                                              SecureBytes(QByteArrayView("secret-value")));
    entry.tags = tags;
    entry.environments = envs;
    return entry;
}

QStringList visibleNames(const VaultEntryFilterModel &filter)
{
    QStringList names;
    for (int row = 0; row < filter.rowCount(); ++row)
        names << filter.index(row, VaultEntryModel::NameColumn).data(VaultEntryModel::NameRole).toString();
    return names;
}

} // namespace

class tst_VaultEntryModel : public QObject
{
    Q_OBJECT

    std::optional<Jwk> m_ec;
    std::optional<Jwk> m_oct;

    QList<VaultEntry> sample() const
    {
        return {keyEntry(QStringLiteral("bankezy client"), *m_ec, {QStringLiteral("partner-x"), QStringLiteral("staging")},
                         {QStringLiteral("Staging")}),
                keyEntry(QStringLiteral("hmac secret"), *m_oct, {QStringLiteral("internal")}),
                credentialEntry(VaultEntry::Kind::AppKey, QStringLiteral("enos app"), {QStringLiteral("partner-y")},
                                {QStringLiteral("Production"), QStringLiteral("Staging")}),
                credentialEntry(VaultEntry::Kind::Login, QStringLiteral("secmgmt login"))};
    }

private Q_SLOTS:
    void initTestCase()
    {
        Result<Jwk> ec = Jwk::generateEc(Curve::P256);
        QVERIFY(ec.ok());
        m_ec = ec.value();
        Result<Jwk> oct = Jwk::generateOct(256);
        QVERIFY(oct.ok());
        m_oct = oct.value();
    }

    void columnsShowTheEntries()
    {
        VaultEntryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(sample());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.columnCount(), int(VaultEntryModel::ColumnCount));
        QCOMPARE(model.index(0, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("EC P-256"));
        QCOMPARE(model.index(1, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("oct 256"));
        QCOMPARE(model.index(2, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("App key + secret"));
        QCOMPARE(model.index(3, VaultEntryModel::KindColumn).data().toString(), QStringLiteral("Login"));
        QVERIFY(!model.index(0, VaultEntryModel::KindColumn).data(Qt::DecorationRole).value<QIcon>().isNull());
        QCOMPARE(model.index(0, VaultEntryModel::NameColumn).data().toString(), QStringLiteral("bankezy client"));
        QCOMPARE(model.index(0, VaultEntryModel::TagsColumn).data().toString(), QStringLiteral("partner-x, staging"));
        QCOMPARE(model.index(2, VaultEntryModel::EnvironmentsColumn).data().toString(),
                 QStringLiteral("Production, Staging"));
        QCOMPARE(model.index(0, VaultEntryModel::LastUsedColumn).data().toString(), QStringLiteral("never"));
        QCOMPARE(model.index(2, VaultEntryModel::KindColumn).data(VaultEntryModel::KindRole).toString(),
                 QStringLiteral("app-key"));
        QCOMPARE(model.headerData(VaultEntryModel::ThumbprintColumn, Qt::Horizontal).toString(), QStringLiteral("Thumbprint"));
        QCOMPARE(model.rowOf(QStringLiteral("ENOS APP")), 2);
        QCOMPARE(model.rowOf(QStringLiteral("missing")), -1);
    }

    void thumbprintIsShortWithTheFullOneInTheTooltip()
    {
        VaultEntryModel model;
        model.setEntries(sample());
        const QString full = m_ec->thumbprint();
        const QModelIndex index = model.index(0, VaultEntryModel::ThumbprintColumn);
        QCOMPARE(index.data(VaultEntryModel::ThumbprintRole).toString(), full);
        QCOMPARE(index.data().toString(), full.left(12) + QChar(0x2026));
        QVERIFY(index.data(Qt::ToolTipRole).toString().contains(full));
        QVERIFY(index.data(Qt::FontRole).value<QFont>().fixedPitch()
                || index.data(Qt::FontRole).value<QFont>().styleHint() == QFont::TypeWriter
                || index.data(Qt::FontRole).isValid());
        // Credentials have no thumbprint.
        QCOMPARE(model.index(2, VaultEntryModel::ThumbprintColumn).data().toString(), QString());
    }

    void lastUsedShowsTheDate()
    {
        QList<VaultEntry> entries = sample();
        entries[0].lastUsed = QDateTime(QDate(2026, 3, 4), QTime(5, 6), Qt::UTC);
        VaultEntryModel model;
        model.setEntries(entries);
        QCOMPARE(model.index(0, VaultEntryModel::LastUsedColumn).data().toString(),
                 entries[0].lastUsed.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }

    void filter_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("names");
        const QString bankezy = QStringLiteral("bankezy client");
        const QString hmac = QStringLiteral("hmac secret");
        const QString enos = QStringLiteral("enos app");
        const QString login = QStringLiteral("secmgmt login");
        QTest::newRow("empty") << QString() << QStringList{bankezy, hmac, enos, login};
        QTest::newRow("name") << QStringLiteral("HMAC") << QStringList{hmac};
        QTest::newRow("tag") << QStringLiteral("partner-") << QStringList{bankezy, enos};
        QTest::newRow("kind name") << QStringLiteral("login") << QStringList{login};
        QTest::newRow("kind text") << QStringLiteral("p-256") << QStringList{bankezy};
        QTest::newRow("environment") << QStringLiteral("production") << QStringList{enos};
        QTest::newRow("every word") << QStringLiteral("staging partner-y") << QStringList{enos};
        QTest::newRow("nothing") << QStringLiteral("no-such-entry") << QStringList{};
    }

    void filter()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, names);
        VaultEntryModel model;
        model.setEntries(sample());
        VaultEntryFilterModel filter;
        filter.setEntryModel(&model);
        QAbstractItemModelTester tester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
        filter.setFilterText(text);
        QCOMPARE(visibleNames(filter), names);
        QCOMPARE(filter.filterText(), text);
    }

    void filterByThumbprint()
    {
        VaultEntryModel model;
        model.setEntries(sample());
        VaultEntryFilterModel filter;
        filter.setEntryModel(&model);
        filter.setFilterText(m_ec->thumbprint().mid(5, 10));
        QCOMPARE(visibleNames(filter), QStringList{QStringLiteral("bankezy client")});
    }

    void fiveThousandEntriesFilter()
    {
        QList<VaultEntry> entries;
        entries.reserve(5000);
        for (int i = 0; i < 5000; ++i) {
            const QString name = QStringLiteral("entry %1").arg(i, 4, 10, QLatin1Char('0'));
            const QStringList tags{QStringLiteral("group-%1").arg(i % 10)};
            const QStringList envs{i % 7 == 0 ? QStringLiteral("Production") : QStringLiteral("Staging")};
            entries << (i % 2 == 0 ? keyEntry(name, *m_ec, tags, envs)
                                   : credentialEntry(VaultEntry::Kind::ApiCredential, name, tags, envs));
        }
        VaultEntryModel model;
        model.setEntries(entries);
        VaultEntryFilterModel filter;
        filter.setEntryModel(&model);
        QCOMPARE(filter.rowCount(), 5000);
        filter.setFilterText(QStringLiteral("group-3"));
        QCOMPARE(filter.rowCount(), 500);
        filter.setFilterText(QStringLiteral("group-3 production"));
        // i % 10 == 3 and i % 7 == 0: i = 63, 133, ... every 70 from 63.
        QCOMPARE(filter.rowCount(), 71);
        QCOMPARE(filter.index(0, VaultEntryModel::NameColumn).data().toString(), QStringLiteral("entry 0063"));
        filter.setFilterText(QStringLiteral("entry 4999"));
        QCOMPARE(filter.rowCount(), 1);
        filter.setFilterText(QStringLiteral("api-credential group-3"));
        QCOMPARE(filter.rowCount(), 500); // every odd i; group-3 rows are all odd
        filter.setFilterText(QString());
        QCOMPARE(filter.rowCount(), 5000);
    }

    void followsTheVault()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("vault.tdv"));
        Result<std::unique_ptr<Vault>> created
            = Vault::create(path, SecureBytes(QByteArrayView("passphrase")), ScryptParams{10, 8, 1});
        QVERIFY(created.ok());
        Vault &vault = *created.value();
        VaultEntryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setVault(&vault);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(vault.add(keyEntry(QStringLiteral("b key"), *m_ec)).ok());
        QVERIFY(vault.add(credentialEntry(VaultEntry::Kind::Login, QStringLiteral("a login"))).ok());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.nameAt(0), QStringLiteral("a login"));
        QVERIFY(vault.remove(QStringLiteral("a login")).ok());
        QCOMPARE(model.rowCount(), 1);
        vault.lock();
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(vault.unlock(SecureBytes(QByteArrayView("passphrase"))).ok());
        // Unsaved changes were saved by lock(); the key is back.
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.nameAt(0), QStringLiteral("b key"));
    }
};

QTEST_MAIN(tst_VaultEntryModel)
#include "tst_VaultEntryModel.moc"
