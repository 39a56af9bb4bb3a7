// `embedscope render` end to end: the real executable, run headless, against
// the built-in provider and a real local server on 127.0.0.1.
#include "embedscoperun.h"
#include "serverprocess.h"

#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

using Run = EmbedscopeRun;

// The local test server, started on a free port of 127.0.0.1.
class LocalServer : public ServerProcess
{
public:
    LocalServer()
        : ServerProcess(QStringLiteral(EMBEDSCOPE_TEST_SERVER))
    {
    }

    bool start(const QString &vectorsPath, const QStringList &options = {})
    {
        QStringList arguments = options;
        if (!vectorsPath.isEmpty())
            arguments << QStringLiteral("--vectors") << vectorsPath;
        return ServerProcess::start(arguments);
    }
};

// One phrase per line; the test server gives each a hashed vector.
static const QByteArray ANIMALS = "cat\ndog\nbird\nfish\nowl\n";

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rendersPangramsWithBuiltinProvider();
    void readsStandardInput();
    void windowWithoutDisplayPointsToRender();
    void missingFileIsNamed();
    void writesScoresToStandardOutput();
    void warnsWhenNoColumnIsNamedText();
    void textColumnOptionChoosesTheColumn();
    void badUsageExitsWithTwo_data();
    void badUsageExitsWithTwo();
    void otherCommandsCheckOutputsFirst_data();
    void otherCommandsCheckOutputsFirst();
    void localServerVectorsGiveTheirMatrix_data();
    void localServerVectorsGiveTheirMatrix();
    void unreachableServerExitsWithOne();
    void missingKeyNamesTheVariable();
    void secondIdenticalRunSendsNoRequest();
    void endsWithMatrixOrErrorUnderFaults_data();
    void endsWithMatrixOrErrorUnderFaults();
    void verboseLogsRequestsWithoutKey();

private:
    Run render(const QStringList &arguments, const QByteArray &standardInput = {}, const QString &cacheHome = {},
               const QStringList &environment = {});
    // Runs embedscope with arguments as given, with no display.
    Run run(const QStringList &arguments, const QByteArray &standardInput = {}, const QString &cacheHome = {},
            const QStringList &environment = {});
    QStringList serverArguments(const LocalServer &server, const QString &name) const;
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString writeFile(const QString &name, const QByteArray &contents) const;
    QList<QStringList> readCsv(const QString &file) const;

    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

Run TestCommandLine::render(const QStringList &arguments, const QByteArray &standardInput, const QString &cacheHome,
                            const QStringList &environmentEntries)
{
    return run(QStringList{QStringLiteral("render")} + arguments, standardInput, cacheHome, environmentEntries);
}

Run TestCommandLine::run(const QStringList &arguments, const QByteArray &standardInput, const QString &cacheHome,
                         const QStringList &environmentEntries)
{
    return runEmbedscope(QStringLiteral(EMBEDSCOPE_BINARY), arguments,
                         cacheHome.isEmpty() ? m_dir.filePath(QStringLiteral("cache")) : cacheHome, standardInput,
                         environmentEntries);
}

QString TestCommandLine::writeFile(const QString &name, const QByteArray &contents) const
{
    QFile file(path(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(contents) != contents.size())
        qFatal("cannot write the test input %s", qPrintable(file.fileName()));
    return file.fileName();
}

QList<QStringList> TestCommandLine::readCsv(const QString &file) const
{
    QFile csv(file);
    if (!csv.open(QIODevice::ReadOnly))
        return {};
    QList<QStringList> rows;
    for (const QByteArray &line : csv.readAll().split('\n')) {
        if (!line.isEmpty())
            rows.append(QString::fromUtf8(line).split(u','));
    }
    return rows;
}

void TestCommandLine::rendersPangramsWithBuiltinProvider()
{
    const QString png = path(QStringLiteral("pangrams.png"));
    const QString matrix = path(QStringLiteral("matrix.csv"));
    const QString scores = path(QStringLiteral("scores.csv"));

    const Run run = render({QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"), QStringLiteral("-o"), png,
                            QStringLiteral("--matrix"), matrix, QStringLiteral("--scores"), scores});

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 800);
    QVERIFY(image.height() > 600);
    QCOMPARE(readCsv(matrix).size(), 9);

    const QList<QStringList> ranked = readCsv(scores);
    QCOMPARE(ranked.size(), 9);
    QCOMPARE(ranked.at(1).at(1), QStringLiteral("1"));
    QCOMPARE(ranked.at(1).at(3), QStringLiteral("1"));
    QVERIFY(ranked.last().at(2).startsWith(QStringLiteral("\"Lorem ipsum")));
}

void TestCommandLine::readsStandardInput()
{
    const QString png = path(QStringLiteral("stdin.png"));
    const QString matrix = path(QStringLiteral("stdin.csv"));

    const Run run = render({QStringLiteral("-"), QStringLiteral("-o"), png, QStringLiteral("--matrix"), matrix},
                           "alpha\nbeta\n\ngamma\n");

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QCOMPARE(readCsv(matrix).size(), 4);
    QVERIFY(QFile::exists(png));
}

void TestCommandLine::windowWithoutDisplayPointsToRender()
{
    const Run result = run({});

    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.standardError.contains(QStringLiteral("no display found")), qPrintable(result.standardError));
    QVERIFY2(result.standardError.contains(QStringLiteral("embedscope render")), qPrintable(result.standardError));
}

void TestCommandLine::missingFileIsNamed()
{
    const Run result = run({path(QStringLiteral("absent.txt"))});

    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains(QStringLiteral("absent.txt not found")), qPrintable(result.standardError));
}

void TestCommandLine::writesScoresToStandardOutput()
{
    const Run run = render({QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"), QStringLiteral("-o"),
                            path(QStringLiteral("stdout.png")), QStringLiteral("--scores"), QStringLiteral("-")});

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QVERIFY(!QFile::exists(QStringLiteral("-")));
    const QList<QByteArray> lines = run.standardOutput.trimmed().split('\n');
    QCOMPARE(lines.size(), 9);
    QVERIFY(lines.first().startsWith("rank,"));
}

// The phrases sit in the second column under a header no importer guesses.
static const QByteArray REVIEWS = "id,review\n1,a gripping film\n2,an awful plot\n3,fine acting\n";

void TestCommandLine::warnsWhenNoColumnIsNamedText()
{
    const QString input = writeFile(QStringLiteral("reviews.csv"), REVIEWS);
    const QString matrix = path(QStringLiteral("reviews-first.csv"));

    const Run run = render({input, QStringLiteral("-o"), path(QStringLiteral("reviews.png")),
                            QStringLiteral("--matrix"), matrix});

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QVERIFY2(run.standardError.contains(QStringLiteral("no column is named text or phrase")),
             qPrintable(run.standardError));
    QVERIFY2(run.standardError.contains(QStringLiteral("\"id\"")), qPrintable(run.standardError));
    QCOMPARE(readCsv(matrix).at(0).value(1), QStringLiteral("1"));
}

void TestCommandLine::textColumnOptionChoosesTheColumn()
{
    const QString input = writeFile(QStringLiteral("reviews.csv"), REVIEWS);
    const QString matrix = path(QStringLiteral("reviews-chosen.csv"));

    const Run run = render({input, QStringLiteral("-o"), path(QStringLiteral("reviews.png")), QStringLiteral("--matrix"),
                            matrix, QStringLiteral("--text-column"), QStringLiteral("review")});

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QVERIFY2(!run.standardError.contains(QStringLiteral("no column")), qPrintable(run.standardError));
    QCOMPARE(readCsv(matrix).at(0).value(1), QStringLiteral("a gripping film"));
}

void TestCommandLine::badUsageExitsWithTwo_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedMessage");

    const QString input = QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt");
    QTest::newRow("unknown provider") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                     QStringLiteral("--provider"), QStringLiteral("acme")}
                                      << QStringLiteral("unknown provider \"acme\"");
    QTest::newRow("missing output") << QStringList{input} << QStringLiteral("-o OUT.png");
    QTest::newRow("missing input file") << QStringList{QStringLiteral("/nonexistent/phrases.txt"), QStringLiteral("-o"),
                                                       QStringLiteral("x.png")}
                                        << QStringLiteral("/nonexistent/phrases.txt");
    QTest::newRow("unknown metric") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                   QStringLiteral("--metric"), QStringLiteral("manhattan")}
                                    << QStringLiteral("unknown metric \"manhattan\"");
    QTest::newRow("reference past the end") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                           QStringLiteral("--reference"), QStringLiteral("9")}
                                            << QStringLiteral("--reference 9");
    QTest::newRow("batch size of zero") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                       QStringLiteral("--batch-size"), QStringLiteral("0")}
                                        << QStringLiteral("invalid --batch-size \"0\"; give a whole number from 1 to 2048");
    QTest::newRow("concurrency above Qt's connections per server")
        << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"), QStringLiteral("--concurrency"), QStringLiteral("9")}
        << QStringLiteral("invalid --concurrency \"9\"; give a whole number from 1 to 6");
    QTest::newRow("timeout that is not a number")
        << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"), QStringLiteral("--timeout"), QStringLiteral("soon")}
        << QStringLiteral("invalid --timeout \"soon\"; give a whole number from 1 to 3600");
    QTest::newRow("negative retries") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                     QStringLiteral("--retries=-1")}
                                      << QStringLiteral("invalid --retries \"-1\"; give a whole number from 0 to 10");
    QTest::newRow("unknown encoding format")
        << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"), QStringLiteral("--encoding-format"),
                       QStringLiteral("text")}
        << QStringLiteral("unknown --encoding-format \"text\"; use base64 or float");
    QTest::newRow("malformed base URL") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                       QStringLiteral("--base-url"), QStringLiteral("ftp//bad"),
                                                       QStringLiteral("--model"), QStringLiteral("m")}
                                        << QStringLiteral("invalid base URL \"ftp//bad\"");
    QTest::newRow("unknown option") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"),
                                                   QStringLiteral("--colour")}
                                    << QStringLiteral("unknown option 'colour'; run embedscope render --help");
    QTest::newRow("unsupported image format") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.bmp")}
                                              << QStringLiteral("x.bmp");
    QTest::newRow("image in a missing folder")
        << QStringList{input, QStringLiteral("-o"), QStringLiteral("/nonexistent/dir/x.png")}
        << QStringLiteral("the folder of -o \"/nonexistent/dir/x.png\" does not exist");
    QTest::newRow("matrix in a missing folder")
        << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.png"), QStringLiteral("--matrix"),
                       QStringLiteral("/nonexistent/m.csv")}
        << QStringLiteral("the folder of --matrix \"/nonexistent/m.csv\" does not exist");
}

// analyze and compare reject outputs they cannot write, and an empty query,
// before any phrase is embedded.
void TestCommandLine::otherCommandsCheckOutputsFirst_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expectedMessage");

    const QString input = QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt");
    QTest::newRow("analyze report in a missing folder")
        << QStringList{QStringLiteral("analyze"), input, QStringLiteral("--report"), QStringLiteral("/nonexistent/r.json")}
        << QStringLiteral("the folder of --report \"/nonexistent/r.json\" does not exist");
    QTest::newRow("analyze with an empty query")
        << QStringList{QStringLiteral("analyze"), input, QStringLiteral("--report"), QStringLiteral("-"),
                       QStringLiteral("--query"), QString()}
        << QStringLiteral("--query is empty");
    QTest::newRow("compare image in a missing folder")
        << QStringList{QStringLiteral("compare"), input, QStringLiteral("--run"), QStringLiteral("provider=builtin"),
                       QStringLiteral("--run"), QStringLiteral("provider=builtin,dims=64"), QStringLiteral("-o"),
                       QStringLiteral("/nonexistent/d.png")}
        << QStringLiteral("the folder of -o \"/nonexistent/d.png\" does not exist");
}

void TestCommandLine::otherCommandsCheckOutputsFirst()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedMessage);

    const Run result = run(arguments);

    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.standardError.contains(expectedMessage), qPrintable(result.standardError));
}

void TestCommandLine::badUsageExitsWithTwo()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expectedMessage);

    const Run run = render(arguments);

    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.standardError.contains(expectedMessage), qPrintable(run.standardError));
    QCOMPARE(run.standardError.count(u'\n'), 1);
}

void TestCommandLine::localServerVectorsGiveTheirMatrix_data()
{
    QTest::addColumn<QString>("metric");
    QTest::addColumn<QList<QStringList>>("expectedRows");

    QTest::newRow("cosine of a, 2a and an orthogonal vector")
        << QStringLiteral("cosine")
        << QList<QStringList>{{QStringLiteral("phrase"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                              {QStringLiteral("a"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("0")},
                              {QStringLiteral("b"), QStringLiteral("1"), QStringLiteral("1"), QStringLiteral("0")},
                              {QStringLiteral("c"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("1")}};
    QTest::newRow("dot product keeps the lengths")
        << QStringLiteral("dot")
        << QList<QStringList>{{QStringLiteral("phrase"), QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")},
                              {QStringLiteral("a"), QStringLiteral("25"), QStringLiteral("50"), QStringLiteral("0")},
                              {QStringLiteral("b"), QStringLiteral("50"), QStringLiteral("100"), QStringLiteral("0")},
                              {QStringLiteral("c"), QStringLiteral("0"), QStringLiteral("0"), QStringLiteral("25")}};
}

void TestCommandLine::localServerVectorsGiveTheirMatrix()
{
    QFETCH(QString, metric);
    QFETCH(QList<QStringList>, expectedRows);

    const QString vectors = path(QStringLiteral("vectors.json"));
    QFile file(vectors);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"a": [3, 4], "b": [6, 8], "c": [4, -3]})");
    file.close();

    LocalServer server;
    QVERIFY(server.start(vectors));

    const QString matrix = path(metric + QStringLiteral(".csv"));
    const Run run = render({QStringLiteral("-"), QStringLiteral("-o"), path(metric + QStringLiteral(".png")),
                            QStringLiteral("--base-url"), server.baseUrl(), QStringLiteral("--model"),
                            QStringLiteral("test-model"), QStringLiteral("--metric"), metric, QStringLiteral("--matrix"),
                            matrix},
                           "a\nb\nc\n");

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QCOMPARE(readCsv(matrix), expectedRows);
}

void TestCommandLine::unreachableServerExitsWithOne()
{
    // Port 9 (discard) on loopback has no listener here, so the connection
    // is refused at once.
    const Run run = render({QStringLiteral("-"), QStringLiteral("-o"), path(QStringLiteral("none.png")),
                            QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9/v1"),
                            QStringLiteral("--model"), QStringLiteral("m")},
                           "alpha\n");

    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.standardError.contains(QStringLiteral("127.0.0.1:9")), qPrintable(run.standardError));
    QVERIFY(!QFile::exists(path(QStringLiteral("none.png"))));
}

void TestCommandLine::missingKeyNamesTheVariable()
{
    const Run run = render({QStringLiteral("-"), QStringLiteral("-o"), path(QStringLiteral("nokey.png")),
                            QStringLiteral("--base-url"), QStringLiteral("http://127.0.0.1:9/v1"),
                            QStringLiteral("--model"), QStringLiteral("m"), QStringLiteral("--api-key-env"),
                            QStringLiteral("EMBEDSCOPE_TEST_UNSET_KEY")},
                           "alpha\n");

    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.standardError.contains(QStringLiteral("EMBEDSCOPE_TEST_UNSET_KEY")), qPrintable(run.standardError));
}

QStringList TestCommandLine::serverArguments(const LocalServer &server, const QString &name) const
{
    return {QStringLiteral("-"), QStringLiteral("-o"), path(name + QStringLiteral(".png")), QStringLiteral("--matrix"),
            path(name + QStringLiteral(".csv")), QStringLiteral("--base-url"), server.baseUrl(), QStringLiteral("--model"),
            QStringLiteral("test-model")};
}

void TestCommandLine::secondIdenticalRunSendsNoRequest()
{
    LocalServer server;
    QVERIFY(server.start({}));
    const QString cacheHome = m_dir.filePath(QStringLiteral("cache-second-run"));

    const Run first = render(serverArguments(server, QStringLiteral("first")), ANIMALS, cacheHome);
    const int afterFirst = server.requestCount();
    const Run second = render(serverArguments(server, QStringLiteral("second")), ANIMALS, cacheHome);
    const int afterSecond = server.requestCount();
    const Run uncached = render(serverArguments(server, QStringLiteral("uncached")) << QStringLiteral("--no-cache"),
                                ANIMALS, cacheHome);

    QVERIFY2(first.exitCode == 0, qPrintable(first.standardError));
    QVERIFY2(second.exitCode == 0, qPrintable(second.standardError));
    QVERIFY2(uncached.exitCode == 0, qPrintable(uncached.standardError));
    QCOMPARE(afterFirst, 1);
    QCOMPARE(afterSecond, 1);
    QCOMPARE(server.requestCount(), 2);
    QCOMPARE(readCsv(path(QStringLiteral("second.csv"))), readCsv(path(QStringLiteral("first.csv"))));
    QCOMPARE(readCsv(path(QStringLiteral("uncached.csv"))), readCsv(path(QStringLiteral("first.csv"))));
    QVERIFY(QFile::exists(cacheHome + QStringLiteral("/Embedscope/embedscope/embeddings.sqlite")));
}

void TestCommandLine::endsWithMatrixOrErrorUnderFaults_data()
{
    QTest::addColumn<QStringList>("serverOptions");
    QTest::addColumn<QStringList>("renderOptions");
    QTest::addColumn<QString>("expectedError"); // empty when the run must give the fault-free matrix

    const QStringList small{QStringLiteral("--batch-size"), QStringLiteral("2"), QStringLiteral("--concurrency"),
                            QStringLiteral("2")};
    auto fault = [](const char *name) { return QStringList{QStringLiteral("--fault"), QString::fromLatin1(name)}; };

    QTest::newRow("items out of order") << fault("shuffle") << small << QString();
    QTest::newRow("base64 whatever was asked") << fault("always-base64") << small << QString();
    QTest::newRow("429 with Retry-After, then success") << fault("rate-limit-once") << small << QString();
    QTest::newRow("500, then success") << fault("server-error-once") << small << QString();
    QTest::newRow("dropped connection, then success") << fault("drop-once") << small << QString();
    QTest::newRow("truncated JSON, then success") << fault("truncate-once") << small << QString();
    QTest::newRow("stall past the timeout, then success")
        << fault("stall-once") << (QStringList(small) << QStringLiteral("--timeout") << QStringLiteral("1")) << QString();
    QTest::newRow("batch limit of 2 under a batch size of 4")
        << QStringList{QStringLiteral("--max-batch"), QStringLiteral("2")}
        << QStringList{QStringLiteral("--batch-size"), QStringLiteral("4")} << QString();
    QTest::newRow("502 HTML page every time")
        << fault("bad-gateway") << (QStringList(small) << QStringLiteral("--retries") << QStringLiteral("1"))
        << QStringLiteral("(text/html): 502 Bad Gateway nginx. The server or a proxy in front of it failed; try again "
                          "later. Gave up after 1 retry.");
    QTest::newRow("one item missing") << fault("missing-item") << small << QStringLiteral("no vector for phrase");
    QTest::newRow("NaN in a vector") << fault("non-finite") << small << QStringLiteral("non-finite value NaN");
    QTest::newRow("HTML login page with status 200") << fault("html-page") << small << QStringLiteral("not JSON: Sign in");
}

// Every run uses its own cache folder, so that each one reaches the server.
void TestCommandLine::endsWithMatrixOrErrorUnderFaults()
{
    QFETCH(QStringList, serverOptions);
    QFETCH(QStringList, renderOptions);
    QFETCH(QString, expectedError);
    const QString tag = QString::fromLatin1(QTest::currentDataTag()).replace(u' ', u'-');

    LocalServer healthy;
    QVERIFY(healthy.start({}));
    const Run reference = render(serverArguments(healthy, tag + QStringLiteral("-reference")) + renderOptions, ANIMALS,
                                 m_dir.filePath(tag + QStringLiteral("-reference-cache")));
    QVERIFY2(reference.exitCode == 0, qPrintable(reference.standardError));

    LocalServer faulty;
    QVERIFY(faulty.start({}, serverOptions));
    const Run run = render(serverArguments(faulty, tag) + renderOptions, ANIMALS, m_dir.filePath(tag + QStringLiteral("-cache")));

    if (expectedError.isEmpty()) {
        QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
        // Both servers derive the same vectors from the same texts, so the
        // matrices must agree cell for cell.
        QCOMPARE(readCsv(path(tag + QStringLiteral(".csv"))), readCsv(path(tag + QStringLiteral("-reference.csv"))));
        return;
    }
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.standardError.contains(expectedError), qPrintable(run.standardError));
    QVERIFY(!QFile::exists(path(tag + QStringLiteral(".png"))));
}

void TestCommandLine::verboseLogsRequestsWithoutKey()
{
    LocalServer server;
    QVERIFY(server.start({}));
    const QString secret = QStringLiteral("sk-test-0123456789abcdef");

    const Run run = render(serverArguments(server, QStringLiteral("verbose"))
                               << QStringLiteral("-v") << QStringLiteral("--api-key-env") << QStringLiteral("EMBEDSCOPE_TEST_KEY"),
                           ANIMALS, m_dir.filePath(QStringLiteral("verbose-cache")),
                           {QStringLiteral("EMBEDSCOPE_TEST_KEY=") + secret});

    QVERIFY2(run.exitCode == 0, qPrintable(run.standardError));
    QVERIFY2(run.standardError.contains(QStringLiteral("POST %1/embeddings inputs 1 to 5 of 5").arg(server.baseUrl())),
             qPrintable(run.standardError));
    QVERIFY2(run.standardError.contains(u"Authorization: Bearer <redacted>"), qPrintable(run.standardError));
    QVERIFY(!run.standardError.contains(secret));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
