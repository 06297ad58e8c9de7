// SPDX-License-Identifier: GPL-3.0-or-later
// The vault entry picker: which entries a field is offered, and the dialog's filter box.
#include "gui/VaultPicker.h"

#include "core/jose/Jwk.h"
#include "core/vault/Vault.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

using namespace td;

namespace {

const ScryptParams kFastParams{10, 8, 1};

// The message is built only on failure: QVERIFY2 would evaluate it even when the result is ok.
template <typename T>
bool succeeded(const Result<T> &result)
{
    if (!result)
        qWarning("%s", qPrintable(result.error().toString()));
    return result.ok();
}

QStringList namesOf(const QList<VaultEntry> &entries)
{
    QStringList names;
    for (const VaultEntry &entry : entries)
        names << entry.name;
    return names;
}

} // namespace

class tst_VaultPicker : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Vault> m_vault;

private Q_SLOTS:
    void initTestCase()
    {
        Result<std::unique_ptr<Vault>> created
            = Vault::create(m_dir.filePath(QStringLiteral("vault.tdv")), SecureBytes(QByteArrayView("pass phrase")), kFastParams);
        QVERIFY(succeeded(created));
        m_vault = std::move(created.value());
        const auto add = [this](const VaultEntry &entry) { return succeeded(m_vault->add(entry)); };
        VaultEntry credential = VaultEntry::credential(VaultEntry::Kind::ApiCredential, QStringLiteral("api key"), {},
                                                       SecureBytes(QByteArrayView("k")));
        credential.tags = {QStringLiteral("prod")};
        QVERIFY(add(credential));
        QVERIFY(add(VaultEntry::credential(VaultEntry::Kind::AppKey, QStringLiteral("enos app"), QStringLiteral("id-1"),
                                           SecureBytes(QByteArrayView("s")))));
        QVERIFY(add(VaultEntry::credential(VaultEntry::Kind::Login, QStringLiteral("login"), QStringLiteral("demo"),
                                           SecureBytes(QByteArrayView("p")))));
        Result<Jwk> p256 = Jwk::generateEc(Curve::P256);
        QVERIFY(succeeded(p256));
        QVERIFY(add(VaultEntry::fromKey(QStringLiteral("client key"), p256.value())));
        Result<Jwk> p256Public = p256.value().publicKey();
        QVERIFY(succeeded(p256Public));
        QVERIFY(add(VaultEntry::fromKey(QStringLiteral("client public"), p256Public.value())));
        Result<Jwk> p384 = Jwk::generateEc(Curve::P384);
        QVERIFY(succeeded(p384));
        QVERIFY(add(VaultEntry::fromKey(QStringLiteral("p384 key"), p384.value())));
    }

    void candidatesFitTheField_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("secret field") << 0 << QStringList{QStringLiteral("api key"), QStringLiteral("enos app"), QStringLiteral("login")};
        QTest::newRow("identity field") << 1 << QStringList{QStringLiteral("enos app"), QStringLiteral("login")};
        // Only a private P-256 key does for a BankEzy key pair.
        QTest::newRow("bankezy key field") << 2 << QStringList{QStringLiteral("client key")};
    }

    void candidatesFitTheField()
    {
        QFETCH(int, which);
        QFETCH(QStringList, expected);
        const VaultPicker::Filter filter = which == 0 ? VaultPicker::credentialFilter(false)
            : which == 1                              ? VaultPicker::credentialFilter(true)
                                                      : VaultPicker::bankezyKeyFilter();
        QCOMPARE(namesOf(VaultPicker::candidates(m_vault.get(), filter)), expected);
    }

    void nothingWithoutAnOpenVault()
    {
        QVERIFY(VaultPicker::candidates(nullptr, VaultPicker::credentialFilter(false)).isEmpty());
    }

    void filterBoxNarrowsTheList()
    {
        const QList<VaultEntry> candidates = VaultPicker::candidates(m_vault.get(), VaultPicker::credentialFilter(false));
        VaultPicker picker(QStringLiteral("Vault entry for Secret"), candidates);
        QCOMPARE(picker.windowTitle(), QStringLiteral("Vault entry for Secret"));
        QCOMPARE(picker.visibleCount(), 3);
        QCOMPARE(picker.chosenName(), QStringLiteral("api key")); // the first is preselected
        auto *list = picker.findChild<QTreeWidget *>(QStringLiteral("vaultPickerList"));
        QCOMPARE(list->topLevelItem(0)->text(1), QStringLiteral("API credential"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("prod"));
        QVERIFY(picker.findChild<QLabel *>(QStringLiteral("vaultPickerEmpty"))->isHidden());

        QTest::keyClicks(picker.findChild<QLineEdit *>(QStringLiteral("vaultPickerFilter")), QStringLiteral("LOG"));
        QCOMPARE(picker.visibleCount(), 1);
        QCOMPARE(picker.chosenName(), QStringLiteral("login"));
        picker.setFilterText(QStringLiteral("prod")); // tags count
        QCOMPARE(picker.chosenName(), QStringLiteral("api key"));
        picker.setFilterText(QStringLiteral("nothing like it"));
        QCOMPARE(picker.visibleCount(), 0);
        QCOMPARE(picker.chosenName(), QString());
        auto *buttons = picker.findChild<QDialogButtonBox *>();
        QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
    }

    void chooseReturnsTheAcceptedName()
    {
        const QList<VaultEntry> candidates = VaultPicker::candidates(m_vault.get(), VaultPicker::credentialFilter(true));
        // Answer the modal dialog from inside its event loop.
        QTimer::singleShot(0, this, [] {
            auto *picker = qobject_cast<VaultPicker *>(QApplication::activeModalWidget());
            if (!picker)
                return;
            picker->setFilterText(QStringLiteral("enos"));
            picker->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
        QCOMPARE(VaultPicker::choose(nullptr, QStringLiteral("Pick"), candidates), QStringLiteral("enos app"));
        QTimer::singleShot(0, this, [] {
            if (QWidget *picker = QApplication::activeModalWidget())
                picker->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel)->click();
        });
        QCOMPARE(VaultPicker::choose(nullptr, QStringLiteral("Pick"), candidates), QString());
    }

    void emptyListSaysWhereEntriesComeFrom()
    {
        VaultPicker picker(QStringLiteral("Pick"), {});
        QVERIFY(!picker.findChild<QLabel *>(QStringLiteral("vaultPickerEmpty"))->isHidden());
        QCOMPARE(picker.chosenName(), QString());
    }
};

QTEST_MAIN(tst_VaultPicker)
#include "tst_VaultPicker.moc"
