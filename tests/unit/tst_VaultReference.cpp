// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/vault/VaultReference.h"

#include <QTest>

using namespace td;

Q_DECLARE_METATYPE(td::VaultReference::Part)

class tst_VaultReference : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("isReference");
        QTest::addColumn<QString>("name");
        QTest::addColumn<VaultReference::Part>("part");
        QTest::newRow("secret") << "vault:partner-x" << true << "partner-x" << VaultReference::Part::Secret;
        QTest::newRow("identity") << "vault:enos app#identity" << true << "enos app" << VaultReference::Part::Identity;
        QTest::newRow("plain value") << "MOB-APP" << false << "" << VaultReference::Part::Secret;
        QTest::newRow("prefix only") << "vault:" << false << "" << VaultReference::Part::Secret;
        QTest::newRow("identity of nothing") << "vault:#identity" << false << "" << VaultReference::Part::Secret;
        QTest::newRow("case matters in the prefix") << "Vault:x" << false << "" << VaultReference::Part::Secret;
        QTest::newRow("text that merely contains it") << "my vault:x" << false << "" << VaultReference::Part::Secret;
    }

    void parse()
    {
        QFETCH(QString, value);
        QFETCH(bool, isReference);
        QFETCH(QString, name);
        QFETCH(VaultReference::Part, part);
        const std::optional<VaultReference> reference = VaultReference::parse(value);
        QCOMPARE(reference.has_value(), isReference);
        if (!reference)
            return;
        QCOMPARE(reference->name, name);
        QCOMPARE(reference->part, part);
        QCOMPARE(reference->toString(), value); // round trip
        QVERIFY(VaultReference::isReference(value));
    }
};

QTEST_GUILESS_MAIN(tst_VaultReference)
#include "tst_VaultReference.moc"
