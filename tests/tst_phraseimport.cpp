// Phrase import from .txt, .csv, .tsv, .jsonl and pasted spreadsheet cells:
// encodings, line endings, quoting, delimiters, headers, columns and limits.
#include "text/delimitedtext.h"
#include "text/importlimits.h"
#include "text/phraseimport.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace embedscope;
using text::ColumnChoice;
using text::PhraseImportOptions;

namespace {

struct PhraseFileCase
{
    QString fileName;
    QByteArray bytes;
    PhraseImportOptions options;
    QStringList phrases;
    QStringList labels;
};

struct PhraseErrorCase
{
    QString fileName;
    QByteArray bytes;
    PhraseImportOptions options;
    QStringList messageParts; // each must appear in the error message
};

QByteArray utf16le(const QString &text)
{
    return QByteArray(reinterpret_cast<const char *>(text.utf16()), text.size() * 2);
}

QByteArray utf16be(const QString &text)
{
    QByteArray bytes;
    for (QChar c : text)
        bytes.append(char(c.unicode() >> 8)).append(char(c.unicode() & 0xFF));
    return bytes;
}

PhraseImportOptions textColumn(const ColumnChoice &choice)
{
    PhraseImportOptions options;
    options.textColumn = choice;
    return options;
}

PhraseImportOptions labelColumn(const ColumnChoice &choice)
{
    PhraseImportOptions options;
    options.labelColumn = choice;
    return options;
}

} // namespace

Q_DECLARE_METATYPE(PhraseFileCase)
Q_DECLARE_METATYPE(PhraseErrorCase)

class TestPhraseImport : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void importsPhraseFile_data();
    void importsPhraseFile();
    void rejectsBadFile_data();
    void rejectsBadFile();
    void rejectsMissingFile();
    void importsPastedCells_data();
    void importsPastedCells();
    void sniffsDelimiter_data();
    void sniffsDelimiter();
    void windows1252IsReportedAsWarning();
    void utf8HasNoWarning();
    void columnNamesComeFromHeader();
    void emptyTextCellsAreSkippedWithWarning();
    void plainTextFormatKeepsTabs();

private:
    QString writeFixture(const QString &name, const QByteArray &bytes);

    QTemporaryDir m_dir;
};

void TestPhraseImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestPhraseImport::writeFixture(const QString &name, const QByteArray &bytes)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write fixture %s", qPrintable(path));
    return path;
}

void TestPhraseImport::importsPhraseFile_data()
{
    QTest::addColumn<PhraseFileCase>("testCase");
    const QString cafe = QStringLiteral("caf\u00E9");
    const QString naive = QStringLiteral("na\u00EFve");
    const QStringList applePear = {QStringLiteral("apple"), QStringLiteral("pear")};

    QTest::newRow("Excel CSV with BOM and CRLF finds the header")
        << PhraseFileCase{QStringLiteral("excel.csv"), QByteArray("\xEF\xBB\xBFphrase\r\napple\r\npear\r\n"), {}, applePear, {}};
    QTest::newRow("Notepad text with BOM and CRLF")
        << PhraseFileCase{QStringLiteral("notepad.txt"), QByteArray("\xEF\xBB\xBF" "apple\r\npear\r\n"), {}, applePear, {}};
    QTest::newRow("mixed line endings and no final newline")
        << PhraseFileCase{QStringLiteral("mixed.txt"), QByteArray("apple\r\npear\nplum"), {},
                          {QStringLiteral("apple"), QStringLiteral("pear"), QStringLiteral("plum")}, {}};
    QTest::newRow("CSV with CRLF and no final newline")
        << PhraseFileCase{QStringLiteral("last.csv"), QByteArray("text\r\napple\r\npear"), {}, applePear, {}};
    QTest::newRow("classic Mac OS line breaks")
        << PhraseFileCase{QStringLiteral("mac.txt"), QByteArray("apple\rpear\r"), {}, applePear, {}};
    QTest::newRow("blank lines and surrounding spaces dropped")
        << PhraseFileCase{QStringLiteral("spaces.txt"), QByteArray("  apple \n\n\t\npear\t\n"), {}, applePear, {}};
    QTest::newRow("duplicate lines kept")
        << PhraseFileCase{QStringLiteral("twice.txt"), QByteArray("apple\napple\n"), {},
                          {QStringLiteral("apple"), QStringLiteral("apple")}, {}};
    QTest::newRow("Windows-1252 cafe")
        << PhraseFileCase{QStringLiteral("legacy.txt"), QByteArray("caf\xE9\n"), {}, {cafe}, {}};
    QTest::newRow("UTF-16LE with BOM from Excel Unicode Text")
        << PhraseFileCase{QStringLiteral("unicode.txt"),
                          QByteArray("\xFF\xFE") + utf16le(QStringLiteral("text\tscore\r\n") + naive + QStringLiteral("\t1\r\n")),
                          {}, {naive}, {}};
    QTest::newRow("UTF-16LE without BOM")
        << PhraseFileCase{QStringLiteral("nobom.txt"),
                          utf16le(QStringLiteral("text\tscore\r\n") + naive + QStringLiteral("\t1\r\n")), {}, {naive}, {}};
    QTest::newRow("UTF-16BE with BOM")
        << PhraseFileCase{QStringLiteral("bigendian.txt"),
                          QByteArray("\xFE\xFF") + utf16be(cafe + QStringLiteral("\n") + naive + QStringLiteral("\n")),
                          {}, {cafe, naive}, {}};
    QTest::newRow("quoted fields with commas, quotes and newlines")
        << PhraseFileCase{QStringLiteral("quoted.csv"),
                          QByteArray("text,label\n\"apple, red\",fruit\n\"say \"\"hi\"\"\",greeting\n\"line one\nline two\",multi\n"),
                          {},
                          {QStringLiteral("apple, red"), QStringLiteral("say \"hi\""), QStringLiteral("line one\nline two")},
                          {QStringLiteral("fruit"), QStringLiteral("greeting"), QStringLiteral("multi")}};
    QTest::newRow("quoted field after a space")
        << PhraseFileCase{QStringLiteral("spaced.csv"), QByteArray("label, text\nfruit, \"apple, red\"\n"), {},
                          {QStringLiteral("apple, red")}, {QStringLiteral("fruit")}};
    QTest::newRow("German Excel export with semicolons and Windows-1252")
        << PhraseFileCase{QStringLiteral("excel-de.csv"),
                          QByteArray("Text;Kategorie;Wert\r\n\xC4pfel, rot;Obst;0,87\r\nBirne;Obst;1,5\r\n"),
                          labelColumn(ColumnChoice::byName(QStringLiteral("Kategorie"))),
                          {QStringLiteral("\u00C4pfel, rot"), QStringLiteral("Birne")},
                          {QStringLiteral("Obst"), QStringLiteral("Obst")}};
    QTest::newRow("Excel sep line names the delimiter")
        << PhraseFileCase{QStringLiteral("sepline.csv"), QByteArray("sep=;\r\nText;Label\r\napple, red;fruit\r\n"), {},
                          {QStringLiteral("apple, red")}, {QStringLiteral("fruit")}};
    QTest::newRow("CSV without header")
        << PhraseFileCase{QStringLiteral("bare.csv"), QByteArray("apple,fruit\npear,fruit\n"), {}, applePear, {}};
    QTest::newRow("header detected above a column of numbers")
        << PhraseFileCase{QStringLiteral("scores.csv"), QByteArray("name,score\napple,1\npear,2\n"), {}, applePear, {}};
    QTest::newRow("header detected above a column of categories")
        << PhraseFileCase{QStringLiteral("reviews.csv"),
                          QByteArray("comment;sentiment\ngreat film;pos\nawful plot;neg\nfine acting;pos\nbad sound;neg\n"),
                          {},
                          {QStringLiteral("great film"), QStringLiteral("awful plot"), QStringLiteral("fine acting"),
                           QStringLiteral("bad sound")},
                          {}};
    QTest::newRow("distinct second column is data, not a header")
        << PhraseFileCase{QStringLiteral("pairs.csv"),
                          QByteArray("apple,red\npear,green\nplum,purple\nlime,green\nfig,brown\n"), {},
                          {QStringLiteral("apple"), QStringLiteral("pear"), QStringLiteral("plum"), QStringLiteral("lime"),
                           QStringLiteral("fig")},
                          {}};
    QTest::newRow("prose commas in a one-column CSV")
        << PhraseFileCase{QStringLiteral("prose.csv"), QByteArray("Hello, world\nGood night\n"), {},
                          {QStringLiteral("Hello, world"), QStringLiteral("Good night")}, {}};
    QTest::newRow("TSV with label column chosen by number")
        << PhraseFileCase{QStringLiteral("pairs.tsv"), QByteArray("apple\tfruit\nsteel\tmetal\n"),
                          labelColumn(ColumnChoice::byIndex(1)), {QStringLiteral("apple"), QStringLiteral("steel")},
                          {QStringLiteral("fruit"), QStringLiteral("metal")}};
    QTest::newRow("text column chosen by name ignoring case")
        << PhraseFileCase{QStringLiteral("named.csv"), QByteArray("id,Sentence\n1,apple\n2,pear\n"),
                          textColumn(ColumnChoice::byName(QStringLiteral("sentence"))), applePear, {}};
    QTest::newRow("JSON Lines with text and label")
        << PhraseFileCase{QStringLiteral("records.jsonl"),
                          QByteArray("{\"text\": \"apple\", \"label\": \"fruit\"}\n\n{\"text\": \"steel\", \"label\": 3}\n"),
                          {}, {QStringLiteral("apple"), QStringLiteral("steel")}, {QStringLiteral("fruit"), QStringLiteral("3")}};

    PhraseImportOptions sentenceField;
    sentenceField.textField = QStringLiteral("body");
    QTest::newRow("JSON Lines with a named text field")
        << PhraseFileCase{QStringLiteral("named.jsonl"), QByteArray("{\"id\": 1, \"body\": \"apple\"}\r\n{\"id\": 2, \"body\": \"pear\"}"),
                          sentenceField, applePear, {}};
}

void TestPhraseImport::importsPhraseFile()
{
    QFETCH(PhraseFileCase, testCase);
    const QString path = writeFixture(testCase.fileName, testCase.bytes);

    const auto imported = text::importPhraseFile(path, testCase.options);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, testCase.phrases);
    QCOMPARE(imported->labels, testCase.labels);
    for (const QString &phrase : imported->phrases) {
        QVERIFY2(!phrase.contains(QChar(0)), qPrintable(phrase));
        QVERIFY2(!phrase.contains(u'\r'), qPrintable(phrase));
        QVERIFY2(!phrase.contains(QChar(0xFEFF)), qPrintable(phrase));
    }
}

void TestPhraseImport::rejectsBadFile_data()
{
    QTest::addColumn<PhraseErrorCase>("testCase");
    const QByteArray longLine = QByteArray(text::MAX_PHRASE_CHARACTERS + 1, 'a');
    QByteArray manyLines;
    manyLines.reserve((text::MAX_FILE_LINES + 1) * 2);
    for (qsizetype i = 0; i <= text::MAX_FILE_LINES; ++i)
        manyLines.append("a\n");

    QTest::newRow("empty file")
        << PhraseErrorCase{QStringLiteral("empty.txt"), QByteArray(), {}, {QStringLiteral("empty.txt is empty")}};
    QTest::newRow("only blank lines")
        << PhraseErrorCase{QStringLiteral("blank.txt"), QByteArray("\n  \r\n\t\n"), {},
                           {QStringLiteral("blank.txt contains no phrases")}};
    QTest::newRow("binary file")
        << PhraseErrorCase{QStringLiteral("image.txt"), QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10", 20), {},
                           {QStringLiteral("image.txt"), QStringLiteral("binary")}};
    QTest::newRow("binary file without NUL bytes")
        << PhraseErrorCase{QStringLiteral("controls.txt"), QByteArray("\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"), {},
                           {QStringLiteral("controls.txt"), QStringLiteral("binary")}};
    QTest::newRow("Excel workbook instead of CSV")
        << PhraseErrorCase{QStringLiteral("book.xlsx"), QByteArray("PK\x03\x04\x14\0\x06\0", 8), {},
                           {QStringLiteral("book.xlsx"), QStringLiteral("CSV UTF-8")}};
    QTest::newRow("phrase one character too long")
        << PhraseErrorCase{QStringLiteral("long.txt"), QByteArray("short\n") + longLine + '\n', {},
                           {QStringLiteral("long.txt, line 2"), QStringLiteral("100,001 characters"), QStringLiteral("100,000")}};
    QTest::newRow("one line more than the limit")
        << PhraseErrorCase{QStringLiteral("huge.txt"), manyLines, {},
                           {QStringLiteral("huge.txt has 500,001 lines"), QStringLiteral("at most 500,000 lines")}};
    QTest::newRow("quoted field never closed")
        << PhraseErrorCase{QStringLiteral("open.csv"), QByteArray("text,label\napple,fruit\n\"pear,fruit\nplum,fruit\n"), {},
                           {QStringLiteral("open.csv, line 3, column 1"), QStringLiteral("never closed")}};
    QTest::newRow("text after a closing quote")
        << PhraseErrorCase{QStringLiteral("stray.csv"), QByteArray("text,label\n\"say \"hi\"\",greeting\n"), {},
                           {QStringLiteral("stray.csv, line 2, column 1"), QStringLiteral("two quotes")}};
    QTest::newRow("text column name not in header")
        << PhraseErrorCase{QStringLiteral("typo.csv"), QByteArray("text,label\napple,fruit\n"),
                           textColumn(ColumnChoice::byName(QStringLiteral("phrse"))),
                           {QStringLiteral("\"phrse\""), QStringLiteral("\"text\", \"label\"")}};
    QTest::newRow("text column number past the last column")
        << PhraseErrorCase{QStringLiteral("narrow.csv"), QByteArray("apple,fruit\npear,fruit\n"),
                           textColumn(ColumnChoice::byIndex(4)), {QStringLiteral("column 5"), QStringLiteral("2 columns")}};
    QTest::newRow("row too short for the text column")
        << PhraseErrorCase{QStringLiteral("ragged.csv"), QByteArray("id,text\n1,apple\n2,pear\n3\n"), {},
                           {QStringLiteral("ragged.csv, line 4"), QStringLiteral("column 2")}};
    QTest::newRow("invalid JSON line")
        << PhraseErrorCase{QStringLiteral("broken.jsonl"), QByteArray("{\"text\": \"apple\"}\n{\"text\": \"pear\"\n"), {},
                           {QStringLiteral("broken.jsonl, line 2"), QStringLiteral("invalid JSON")}};
    QTest::newRow("JSON record without the text field")
        << PhraseErrorCase{QStringLiteral("typo.jsonl"), QByteArray("{\"sentense\": \"apple\"}\n"), {},
                           {QStringLiteral("typo.jsonl, line 1"), QStringLiteral("no field \"text\""), QStringLiteral("\"sentense\"")}};
    QTest::newRow("JSON line that is an array")
        << PhraseErrorCase{QStringLiteral("array.jsonl"), QByteArray("[\"apple\"]\n"), {},
                           {QStringLiteral("array.jsonl, line 1"), QStringLiteral("not an object")}};
}

void TestPhraseImport::rejectsBadFile()
{
    QFETCH(PhraseErrorCase, testCase);
    const QString path = writeFixture(testCase.fileName, testCase.bytes);

    const auto imported = text::importPhraseFile(path, testCase.options);

    QVERIFY(!imported.has_value());
    for (const QString &part : testCase.messageParts)
        QVERIFY2(imported.error().contains(part), qPrintable(imported.error()));
}

void TestPhraseImport::rejectsMissingFile()
{
    const auto imported = text::importPhraseFile(m_dir.filePath(QStringLiteral("absent.txt")));

    QVERIFY(!imported.has_value());
    QVERIFY2(imported.error().contains(QStringLiteral("absent.txt was not found")), qPrintable(imported.error()));
}

void TestPhraseImport::importsPastedCells_data()
{
    QTest::addColumn<QString>("pasted");
    QTest::addColumn<QStringList>("phrases");
    QTest::addColumn<QStringList>("labels");

    QTest::newRow("two columns with a header")
        << QStringLiteral("text\tlabel\napple\tfruit\nsteel\tmetal\n") << QStringList{QStringLiteral("apple"), QStringLiteral("steel")}
        << QStringList{QStringLiteral("fruit"), QStringLiteral("metal")};
    QTest::newRow("cell with a line break arrives quoted")
        << QStringLiteral("\"two\nlines\"\tx\r\nplain\ty\r\n") << QStringList{QStringLiteral("two\nlines"), QStringLiteral("plain")}
        << QStringList();
    QTest::newRow("one column is one phrase per line")
        << QStringLiteral("apple\r\n\"quoted\" pear\r\n") << QStringList{QStringLiteral("apple"), QStringLiteral("\"quoted\" pear")}
        << QStringList();
}

void TestPhraseImport::importsPastedCells()
{
    QFETCH(QString, pasted);
    QFETCH(QStringList, phrases);
    QFETCH(QStringList, labels);

    const auto imported = text::importPastedText(pasted);

    QVERIFY2(imported.has_value(), qPrintable(imported ? QString() : imported.error()));
    QCOMPARE(imported->phrases, phrases);
    QCOMPARE(imported->labels, labels);
}

void TestPhraseImport::sniffsDelimiter_data()
{
    QTest::addColumn<QString>("sample");
    QTest::addColumn<QString>("delimiter"); // empty: one cell per line

    QTest::newRow("comma") << QStringLiteral("a,b\nc,d\n") << QStringLiteral(",");
    QTest::newRow("semicolon with decimal commas") << QStringLiteral("Text;Wert\nApfel;0,5\nBirne;1,25\n") << QStringLiteral(";");
    QTest::newRow("tab") << QStringLiteral("a\tb, c\nd\te, f\n") << QStringLiteral("\t");
    QTest::newRow("commas inside quotes ignored") << QStringLiteral("a;\"b, c\"\nd;e\n") << QStringLiteral(";");
    QTest::newRow("prose with a stray comma") << QStringLiteral("Hello, world\nGood night\nSee you\n") << QString();
    QTest::newRow("ragged last column") << QStringLiteral("text,label\napple,fruit\npear\n") << QStringLiteral(",");
}

void TestPhraseImport::sniffsDelimiter()
{
    QFETCH(QString, sample);
    QFETCH(QString, delimiter);

    const auto sniffed = text::sniffDelimiter(sample);

    QCOMPARE(sniffed.has_value(), !delimiter.isEmpty());
    if (sniffed)
        QCOMPARE(QString(*sniffed), delimiter);
}

void TestPhraseImport::windows1252IsReportedAsWarning()
{
    const QString path = writeFixture(QStringLiteral("warned.txt"), QByteArray("caf\xE9\n\x93quoted\x94\n"));

    const auto imported = text::importPhraseFile(path);

    QVERIFY(imported.has_value());
    QCOMPARE(imported->encoding, QStringLiteral("Windows-1252"));
    QCOMPARE(imported->warnings.size(), 1);
    QVERIFY2(imported->warnings.first().contains(QStringLiteral("warned.txt")), qPrintable(imported->warnings.first()));
    QVERIFY2(imported->warnings.first().contains(QStringLiteral("Windows-1252")), qPrintable(imported->warnings.first()));
    QCOMPARE(imported->phrases.at(1), QStringLiteral("\u201Cquoted\u201D"));
}

void TestPhraseImport::utf8HasNoWarning()
{
    const QString path = writeFixture(QStringLiteral("clean.txt"), QStringLiteral("caf\u00E9\n").toUtf8());

    const auto imported = text::importPhraseFile(path);

    QVERIFY(imported.has_value());
    QCOMPARE(imported->encoding, QStringLiteral("UTF-8"));
    QVERIFY(imported->warnings.isEmpty());
}

void TestPhraseImport::columnNamesComeFromHeader()
{
    const QString withHeader = writeFixture(QStringLiteral("header.csv"), QByteArray("id, text ,label\n1,apple,fruit\n"));
    const QString withoutHeader = writeFixture(QStringLiteral("noheader.csv"), QByteArray("apple,fruit\npear,fruit\n"));

    const auto named = text::importPhraseFile(withHeader);
    const auto numbered = text::importPhraseFile(withoutHeader);

    QVERIFY(named.has_value());
    QCOMPARE(named->columnNames, (QStringList{QStringLiteral("id"), QStringLiteral("text"), QStringLiteral("label")}));
    QCOMPARE(named->phrases, QStringList{QStringLiteral("apple")});
    QVERIFY(numbered.has_value());
    QCOMPARE(numbered->columnNames, (QStringList{QStringLiteral("Column 1"), QStringLiteral("Column 2")}));
}

void TestPhraseImport::emptyTextCellsAreSkippedWithWarning()
{
    const QString path = writeFixture(QStringLiteral("gaps.csv"), QByteArray("text,label\napple,fruit\n,metal\npear,fruit\n"));

    const auto imported = text::importPhraseFile(path);

    QVERIFY(imported.has_value());
    QCOMPARE(imported->phrases, (QStringList{QStringLiteral("apple"), QStringLiteral("pear")}));
    QCOMPARE(imported->labels, (QStringList{QStringLiteral("fruit"), QStringLiteral("fruit")}));
    QCOMPARE(imported->warnings.size(), 1);
    QVERIFY2(imported->warnings.first().contains(QStringLiteral("lines 3")), qPrintable(imported->warnings.first()));
}

void TestPhraseImport::plainTextFormatKeepsTabs()
{
    const QString path = writeFixture(QStringLiteral("tabs.txt"), QByteArray("a\tb\nc\td\n"));
    PhraseImportOptions options;
    options.format = text::PhraseFormat::PlainText;

    const auto imported = text::importPhraseFile(path, options);

    QVERIFY(imported.has_value());
    QCOMPARE(imported->phrases, (QStringList{QStringLiteral("a\tb"), QStringLiteral("c\td")}));
}

QTEST_GUILESS_MAIN(TestPhraseImport)
#include "tst_phraseimport.moc"
