// SPDX-License-Identifier: GPL-3.0-or-later
// VaultFormat: the sealed file's round trip, its layout, and the exact code for every kind of damage.
#include "ResultAsserts.h"
#include "core/crypto/Digest.h"
#include "core/crypto/Random.h"
#include "core/vault/VaultFormat.h"

#include <QtEndian>
#include <QTest>

#include <functional>

using namespace td;

Q_DECLARE_METATYPE(td::ErrorCode)

namespace {


const ScryptParams kFast{10, 8, 1};

SecureBytes text(const char *s)
{
    return SecureBytes(QByteArrayView(s));
}

// Offsets of the layout documented in VaultFormat.cpp.
constexpr int kVersionAt = 8;
constexpr int kKdfAt = 10;
constexpr int kLog2NAt = 11;
constexpr int kCheckAt = 56;
constexpr int kChecksumAt = 72;

// Recomputes the header checksum after a deliberate edit, to reach the checks behind it.
void rechecksum(QByteArray &file)
{
    const QByteArray sum = sha256(QByteArrayView(file).first(kChecksumAt));
    file.replace(kChecksumAt, 32, sum);
}

QByteArray flipped(QByteArray file, qsizetype at)
{
    file[at] = static_cast<char>(file.at(at) ^ 0x01);
    return file;
}

} // namespace

class tst_VaultFormat : public QObject
{
    Q_OBJECT

    SecureBytes m_document = text("{\"format\":1,\"entries\":[{\"name\":\"a\"}]}");
    SecureBytes m_passphrase = text("correct horse battery staple");
    QByteArray m_sealed;

private slots:
    void initTestCase()
    {
        auto sealed = VaultFormat::seal(m_document, m_passphrase, kFast);
        REQUIRE_OK(sealed);
        m_sealed = sealed.value();
    }

    void roundTrip()
    {
        auto opened = VaultFormat::open(m_sealed, m_passphrase);
        REQUIRE_OK(opened);
        QVERIFY(opened.value() == m_document);
    }

    void roundTripEmptyDocumentAndPassphrase()
    {
        auto sealed = VaultFormat::seal(SecureBytes(), SecureBytes(), kFast);
        REQUIRE_OK(sealed);
        QCOMPARE(sealed->size(), VaultFormat::kHeaderBytes + 16);
        auto opened = VaultFormat::open(sealed.value(), SecureBytes());
        REQUIRE_OK(opened);
        QVERIFY(opened->isEmpty());
        REQUIRE_CODE(VaultFormat::open(sealed.value(), text("x")), ErrorCode::WrongPassphrase);
    }

    void layout()
    {
        QCOMPARE(m_sealed.left(8), QByteArray("TDVAULT\n"));
        QCOMPARE(qFromBigEndian<quint16>(m_sealed.constData() + kVersionAt), quint16(1));
        QCOMPARE(static_cast<quint8>(m_sealed.at(kKdfAt)), quint8(1));
        QCOMPARE(static_cast<int>(m_sealed.at(kLog2NAt)), 10);
        QCOMPARE(qFromBigEndian<quint32>(m_sealed.constData() + 12), quint32(8));
        QCOMPARE(qFromBigEndian<quint32>(m_sealed.constData() + 16), quint32(1));
        QCOMPARE(qFromBigEndian<quint64>(m_sealed.constData() + 48), quint64(m_document.size()));
        QCOMPARE(m_sealed.size(), qsizetype(VaultFormat::kHeaderBytes + m_document.size() + 16));
        QCOMPARE(m_sealed.mid(kChecksumAt, 32), sha256(QByteArrayView(m_sealed).first(kChecksumAt)));
        // The document never appears in clear.
        QVERIFY(!m_sealed.contains(m_document.toByteArray()));

        auto params = VaultFormat::params(m_sealed);
        REQUIRE_OK(params);
        QCOMPARE(params->log2N, 10);
        QCOMPARE(params->r, quint32(8));
        QCOMPARE(params->p, quint32(1));
    }

    void freshSaltAndNoncePerSeal()
    {
        auto again = VaultFormat::seal(m_document, m_passphrase, kFast);
        REQUIRE_OK(again);
        QCOMPARE(again->size(), m_sealed.size());
        QVERIFY(again->mid(20, 16) != m_sealed.mid(20, 16));   // salt
        QVERIFY(again->mid(36, 12) != m_sealed.mid(36, 12));   // nonce
        QVERIFY(again->mid(kCheckAt, 16) != m_sealed.mid(kCheckAt, 16));
        QVERIFY(again->mid(VaultFormat::kHeaderBytes) != m_sealed.mid(VaultFormat::kHeaderBytes));
        auto opened = VaultFormat::open(again.value(), m_passphrase);
        REQUIRE_OK(opened);
        QVERIFY(opened.value() == m_document);
    }

    void damage_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("sentence");

        const QByteArray good = m_sealed;
        const qsizetype header = VaultFormat::kHeaderBytes;

        QTest::newRow("empty file") << QByteArray() << ErrorCode::NotAVault << QStringLiteral("empty");
        QByteArray magic = good;
        magic[0] = 'X';
        QTest::newRow("wrong magic") << magic << ErrorCode::NotAVault << QStringLiteral("not a TokenDesk vault");
        QTest::newRow("text file") << QByteArray("{\"format\":1}\n") << ErrorCode::NotAVault << QString();
        QByteArray garbage = randomBytes(10 * 1024 * 1024).toByteArray();
        garbage[0] = 'G'; // a random start could, in theory, begin with the magic
        QTest::newRow("10 MiB garbage") << garbage << ErrorCode::NotAVault << QString();

        QByteArray newer = good;
        qToBigEndian<quint16>(2, newer.data() + kVersionAt);
        QTest::newRow("newer version") << newer << ErrorCode::UnsupportedVersion
                                       << QStringLiteral("written by a newer TokenDesk (format 2)");
        QByteArray newerShort = newer.left(12); // a newer header may be shorter or longer: version first
        QTest::newRow("newer version, short") << newerShort << ErrorCode::UnsupportedVersion << QString();

        for (qsizetype cut : {qsizetype(3), qsizetype(8), qsizetype(9), qsizetype(40), header - 1})
            QTest::addRow("truncated in header at %lld", static_cast<long long>(cut))
                << good.left(cut) << ErrorCode::VaultTruncated << QStringLiteral("truncated");
        QTest::newRow("header only") << good.left(header) << ErrorCode::VaultTruncated
                                     << QStringLiteral("should be %1 bytes long but is %2").arg(good.size()).arg(header);
        QTest::newRow("truncated in ciphertext") << good.left(header + 5) << ErrorCode::VaultTruncated
                                                 << QStringLiteral("should be %1 bytes long but is %2").arg(good.size()).arg(header + 5);
        QTest::newRow("truncated in tag") << good.left(good.size() - 7) << ErrorCode::VaultTruncated << QString();
        QTest::newRow("last byte missing") << good.left(good.size() - 1) << ErrorCode::VaultTruncated << QString();
        QTest::newRow("one byte too many") << good + QByteArray(1, '\0') << ErrorCode::VaultDamaged
                                           << QStringLiteral("should be %1 bytes long but is %2").arg(good.size()).arg(good.size() + 1);

        QTest::newRow("flipped version high byte") << flipped(good, kVersionAt) << ErrorCode::UnsupportedVersion
                                                   << QStringLiteral("format 257");
        QTest::newRow("flipped version low byte") << flipped(good, kVersionAt + 1) << ErrorCode::VaultDamaged
                                                  << QStringLiteral("the header is damaged");
        QTest::newRow("flipped kdf id") << flipped(good, kKdfAt) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped log2N") << flipped(good, kLog2NAt) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped r") << flipped(good, 15) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped p") << flipped(good, 19) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped salt") << flipped(good, 20 + 7) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped nonce") << flipped(good, 36 + 11) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped length") << flipped(good, 55) << ErrorCode::VaultDamaged << QStringLiteral("the header is damaged");
        QTest::newRow("flipped passphrase check") << flipped(good, kCheckAt) << ErrorCode::VaultDamaged
                                                  << QStringLiteral("the header is damaged");
        QTest::newRow("flipped checksum") << flipped(good, kChecksumAt + 31) << ErrorCode::VaultDamaged
                                          << QStringLiteral("the header is damaged");
        QTest::newRow("flipped first ciphertext byte") << flipped(good, header) << ErrorCode::VaultDamaged
                                                       << QStringLiteral("the encrypted content is damaged");
        QTest::newRow("flipped last ciphertext byte") << flipped(good, good.size() - 17) << ErrorCode::VaultDamaged
                                                      << QStringLiteral("the encrypted content is damaged");
        QTest::newRow("flipped first tag byte") << flipped(good, good.size() - 16) << ErrorCode::VaultDamaged
                                                << QStringLiteral("the encrypted content is damaged");
        QTest::newRow("flipped last tag byte") << flipped(good, good.size() - 1) << ErrorCode::VaultDamaged
                                               << QStringLiteral("the encrypted content is damaged");

        // Past the checksum (recomputed as a forger would): the checks behind it still hold.
        QByteArray kdf = good;
        kdf[kKdfAt] = 7;
        rechecksum(kdf);
        QTest::newRow("unknown kdf, valid checksum") << kdf << ErrorCode::VaultDamaged << QStringLiteral("unknown key derivation");
        QByteArray cost = good;
        cost[kLog2NAt] = 40;
        rechecksum(cost);
        QTest::newRow("huge cost, valid checksum") << cost << ErrorCode::VaultDamaged << QStringLiteral("2^40");
        QByteArray memory = good;
        memory[kLog2NAt] = 20;
        qToBigEndian<quint32>(32, memory.data() + 12); // 128 * 32 * 2^20 bytes: 4 GiB
        rechecksum(memory);
        QTest::newRow("huge memory, valid checksum") << memory << ErrorCode::VaultDamaged << QStringLiteral("MiB");
        QByteArray length = good;
        qToBigEndian<quint64>(~quint64(0), length.data() + 48);
        rechecksum(length);
        QTest::newRow("impossible length, valid checksum") << length << ErrorCode::VaultDamaged << QStringLiteral("impossible");
        QByteArray check = flipped(good, kCheckAt + 3);
        rechecksum(check);
        QTest::newRow("passphrase check altered, valid checksum") << check << ErrorCode::WrongPassphrase << QString();
        QByteArray nonce = flipped(good, 40);
        rechecksum(nonce);
        QTest::newRow("nonce altered, valid checksum") << nonce << ErrorCode::VaultDamaged
                                                       << QStringLiteral("the encrypted content is damaged");
    }

    void damage()
    {
        QFETCH(QByteArray, file);
        QFETCH(ErrorCode, code);
        QFETCH(QString, sentence);
        const QByteArray before = file;
        auto opened = VaultFormat::open(file, m_passphrase);
        REQUIRE_CODE(opened, code);
        if (!sentence.isEmpty() && !opened.error().message.contains(sentence))
            QFAIL(qPrintable(QStringLiteral("message \"%1\" lacks \"%2\"").arg(opened.error().message, sentence)));
        QCOMPARE(file, before);
    }

    void everyHeaderByteIsCovered()
    {
        // Any single flipped bit in the header, outside magic and version, is caught by the checksum.
        for (qsizetype at = kKdfAt; at < VaultFormat::kHeaderBytes; ++at) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray file = m_sealed;
                file[at] = static_cast<char>(file.at(at) ^ (1 << bit));
                auto opened = VaultFormat::open(file, m_passphrase);
                if (opened.ok() || opened.error().code != ErrorCode::VaultDamaged)
                    QFAIL(qPrintable(QStringLiteral("bit %1 of byte %2 was not reported as damage").arg(bit).arg(at)));
            }
        }
        for (qsizetype at = 0; at < 8; ++at) {
            auto opened = VaultFormat::open(flipped(m_sealed, at), m_passphrase);
            REQUIRE_CODE(opened, ErrorCode::NotAVault);
        }
    }

    void everyContentByteIsCovered()
    {
        for (qsizetype at = VaultFormat::kHeaderBytes; at < m_sealed.size(); ++at) {
            auto opened = VaultFormat::open(flipped(m_sealed, at), m_passphrase);
            if (opened.ok() || opened.error().code != ErrorCode::VaultDamaged)
                QFAIL(qPrintable(QStringLiteral("byte %1 was not reported as damage").arg(at)));
        }
    }

    void wrongPassphrase_data()
    {
        QTest::addColumn<QByteArray>("passphrase");
        QTest::newRow("different") << QByteArray("Tr0ub4dor&3");
        QTest::newRow("one letter off") << QByteArray("correct horse battery stapla");
        QTest::newRow("prefix") << QByteArray("correct horse battery stapl");
        QTest::newRow("empty") << QByteArray();
    }

    void wrongPassphrase()
    {
        QFETCH(QByteArray, passphrase);
        auto opened = VaultFormat::open(m_sealed, SecureBytes(passphrase));
        REQUIRE_CODE(opened, ErrorCode::WrongPassphrase);
        QCOMPARE(opened.error().message, QStringLiteral("The passphrase is wrong."));
    }

    void paramsLimits_data()
    {
        QTest::addColumn<int>("log2N");
        QTest::addColumn<quint32>("r");
        QTest::addColumn<quint32>("p");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("lowest cost") << 10 << 8u << 1u << true;
        QTest::newRow("default") << 17 << 8u << 1u << true;
        QTest::newRow("below lowest") << 9 << 8u << 1u << false;
        QTest::newRow("above highest") << 23 << 1u << 1u << false;
        QTest::newRow("r zero") << 12 << 0u << 1u << false;
        QTest::newRow("p zero") << 12 << 8u << 0u << false;
        QTest::newRow("p huge") << 12 << 8u << 1000u << false;
        QTest::newRow("2 GiB of memory") << 21 << 8u << 1u << false;
    }

    void paramsLimits()
    {
        QFETCH(int, log2N);
        QFETCH(quint32, r);
        QFETCH(quint32, p);
        QFETCH(bool, accepted);
        const ScryptParams params{log2N, r, p};
        const auto checked = VaultFormat::checkParams(params);
        QCOMPARE(checked.ok(), accepted);
        if (!accepted) {
            QCOMPARE(checked.error().code, ErrorCode::VaultDamaged);
            const auto sealed = VaultFormat::seal(m_document, m_passphrase, params);
            REQUIRE_CODE(sealed, ErrorCode::Internal);
        }
    }

    void defaultCost()
    {
        // The one test at the real cost: N = 2^17 needs 128 MiB, above OpenSSL's default limit.
        const ScryptParams defaults;
        QCOMPARE(defaults.log2N, 17);
        auto sealed = VaultFormat::seal(m_document, m_passphrase, defaults);
        REQUIRE_OK(sealed);
        QCOMPARE(static_cast<int>(sealed->at(kLog2NAt)), 17);
        auto opened = VaultFormat::open(sealed.value(), m_passphrase);
        REQUIRE_OK(opened);
        QVERIFY(opened.value() == m_document);
    }

    void deriveKeysIsScrypt()
    {
        // RFC 7914 §12, second vector: "password" / "NaCl", N=1024, r=8, p=16, 64 bytes.
        auto derived = VaultFormat::deriveKeys(text("password"), "NaCl", ScryptParams{10, 8, 16});
        REQUIRE_OK(derived);
        QCOMPARE(derived->toByteArray().toHex(),
                 QByteArray("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
                            "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"));
    }
};

QTEST_GUILESS_MAIN(tst_VaultFormat)
#include "tst_VaultFormat.moc"
