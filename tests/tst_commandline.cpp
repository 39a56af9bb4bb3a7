// `embedscope render` end to end: the real executable, run headless, against
// the built-in provider and a real local server on 127.0.0.1.
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QString standardError;
};

// The local test server, started on a free port; it prints its base URL as
// its first line.
class LocalServer
{
public:
    bool start(const QString &vectorsPath)
    {
        m_process.setProgram(QStringLiteral(EMBEDSCOPE_TEST_SERVER));
        m_process.setArguments({QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--vectors"), vectorsPath});
        m_process.start();
        if (!m_process.waitForStarted(5000) || !m_process.waitForReadyRead(5000))
            return false;
        const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
        m_baseUrl = line.section(u' ', -1);
        return m_baseUrl.startsWith(QStringLiteral("http://127.0.0.1:"));
    }

    ~LocalServer()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }

    QString baseUrl() const { return m_baseUrl; }

private:
    QProcess m_process;
    QString m_baseUrl;
};

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rendersPangramsWithBuiltinProvider();
    void readsStandardInput();
    void badUsageExitsWithTwo_data();
    void badUsageExitsWithTwo();
    void localServerVectorsGiveTheirMatrix_data();
    void localServerVectorsGiveTheirMatrix();
    void unreachableServerExitsWithOne();
    void missingKeyNamesTheVariable();

private:
    Run render(const QStringList &arguments, const QByteArray &standardInput = {});
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QList<QStringList> readCsv(const QString &file) const;

    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

Run TestCommandLine::render(const QStringList &arguments, const QByteArray &standardInput)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A headless machine: no display and no platform chosen; the command
    // must pick the offscreen one itself.
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    environment.remove(QStringLiteral("OPENROUTER_API_KEY"));
    environment.remove(QStringLiteral("OPENAI_API_KEY"));
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), m_dir.filePath(QStringLiteral("cache")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(EMBEDSCOPE_BINARY), QStringList{QStringLiteral("render")} + arguments);
    process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardError())};
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
    QTest::newRow("unsupported image format") << QStringList{input, QStringLiteral("-o"), QStringLiteral("x.bmp")}
                                              << QStringLiteral("x.bmp");
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

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
