// Phrase splitting, label shortening and text decoding.
#include "text/labels.h"
#include "text/phraselist.h"
#include "text/textdecoding.h"

#include <QTest>

using namespace embedscope;

class TestLabels : public QObject
{
    Q_OBJECT

private slots:
    void phrasesSkipBlankLinesAndCarriageReturns();
    void phrasesKeepDuplicates();
    void shortLabelIsUnchanged();
    void longLabelEndsInEllipsis();
    void clashingLabelsAreNumbered();
    void reorderedClashesKeepLineNumbers();
    void decodeText_data();
    void decodeText();
    void decodeRejectsBinary();
};

void TestLabels::phrasesSkipBlankLinesAndCarriageReturns()
{
    const QStringList phrases = text::parsePhrases(QStringLiteral("apple\r\n\r\n  pear  \n\t\nplum"));
    QCOMPARE(phrases, (QStringList{QStringLiteral("apple"), QStringLiteral("pear"), QStringLiteral("plum")}));
}

void TestLabels::phrasesKeepDuplicates()
{
    const QStringList phrases = text::parsePhrases(QStringLiteral("apple\napple\n"));
    QCOMPARE(phrases.size(), 2);
}

void TestLabels::shortLabelIsUnchanged()
{
    const QString fifty(50, u'x');
    QCOMPARE(text::shortenLabel(fifty), fifty);
}

// The notebook's rule: 47 characters and "..." for anything over 50.
void TestLabels::longLabelEndsInEllipsis()
{
    const QString lorem = QStringLiteral("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Vivamus");
    const QString label = text::shortenLabel(lorem);
    QCOMPARE(label, QStringLiteral("Lorem ipsum dolor sit amet, consectetur adipisc..."));
    QCOMPARE(label.size(), 50);
}

void TestLabels::clashingLabelsAreNumbered()
{
    const QStringList phrases{
        QStringLiteral("Quarterly revenue summary for the northern region"),
        QStringLiteral("Quarterly revenue summary for the southern region"),
        QStringLiteral("apple"),
        QStringLiteral("apple"),
    };

    const QStringList labels = text::distinctLabels(phrases, 30);

    QCOMPARE(labels.size(), 4);
    QCOMPARE(QSet<QString>(labels.begin(), labels.end()).size(), 4);
    QCOMPARE(labels.at(0), QStringLiteral("Quarterly revenue summary f... #1"));
    QCOMPARE(labels.at(1), QStringLiteral("Quarterly revenue summary f... #2"));
    QCOMPARE(labels.at(2), QStringLiteral("apple #3"));
    QCOMPARE(labels.at(3), QStringLiteral("apple #4"));
}

// In a clustered or sorted heatmap the suffix must still name the phrase's
// line, or "apple #1" would point at a different row in each order.
void TestLabels::reorderedClashesKeepLineNumbers()
{
    const QStringList reordered{QStringLiteral("apple"), QStringLiteral("pear"), QStringLiteral("apple")};
    const std::vector<int> positions{6, 0, 2};

    const QStringList labels = text::distinctLabels(reordered, 30, positions);

    QCOMPARE(labels, (QStringList{QStringLiteral("apple #7"), QStringLiteral("pear"), QStringLiteral("apple #3")}));
}

void TestLabels::decodeText_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expectedText");
    QTest::addColumn<QString>("expectedEncoding");

    QTest::newRow("UTF-8 with a byte order mark and CRLF")
        << QByteArray("\xEF\xBB\xBFphrase\r\napple\r\n") << QStringLiteral("phrase\r\napple\r\n") << QStringLiteral("UTF-8");
    QTest::newRow("Windows-1252 cafe with an acute e")
        << QByteArray("caf\xE9\n") << QStringLiteral("caf\u00E9\n") << QStringLiteral("Windows-1252");
    QTest::newRow("Windows-1252 curly quotes")
        << QByteArray("\x93quoted\x94") << QStringLiteral("\u201Cquoted\u201D") << QStringLiteral("Windows-1252");
    QTest::newRow("UTF-16LE with a byte order mark")
        << QByteArray("\xFF\xFEn\0a\0\xEF\0v\0e\0", 12) << QStringLiteral("na\u00EFve") << QStringLiteral("UTF-16LE");
    QTest::newRow("UTF-16LE without a byte order mark")
        << QByteArray("t\0e\0x\0t\0\t\0n\0a\0\xEF\0v\0e\0", 20) << QStringLiteral("text\tna\u00EFve")
        << QStringLiteral("UTF-16LE");
}

void TestLabels::decodeText()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expectedText);
    QFETCH(QString, expectedEncoding);

    const auto decoded = text::decodeText(bytes);

    QVERIFY2(decoded.has_value(), qPrintable(decoded.has_value() ? QString() : decoded.error()));
    QCOMPARE(decoded->text, expectedText);
    QCOMPARE(decoded->encoding, expectedEncoding);
    QVERIFY(!decoded->text.contains(QChar(0)));
}

void TestLabels::decodeRejectsBinary()
{
    const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20);
    const auto decoded = text::decodeText(png);
    QVERIFY(!decoded.has_value());
    QVERIFY(decoded.error().contains(QStringLiteral("binary")));
}

QTEST_GUILESS_MAIN(TestLabels)
#include "tst_labels.moc"
