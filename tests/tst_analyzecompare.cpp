// `embedscope analyze` and `embedscope compare` end to end: the real
// executable against the built-in provider and real local servers.
#include "embedscoperun.h"
#include "serverprocess.h"

#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

class TestAnalyzeCompare : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }
    void analyzeWritesEverySection();
    void analyzeClassifiesAgainstLabels();
    void analyzeWarnsAboutUnknownLabels();
    void analyzeRejectsTwoCuts();
    void analyzeWarnsUnderEuclidean();
    void compareTwoServersMatchesHandFigures();
    void compareSameRunAgreesPerfectly();
    void compareWarnsWhenKCoversEveryPhrase();
    void compareRejectsBadSpec_data();
    void compareRejectsBadSpec();
    void compareMaxSizeLimitsDifference();
    void compareOrderDrawsDendrograms();

private:
    int run(const QStringList &arguments, QString *standardError = nullptr);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString writeFile(const QString &name, const QByteArray &bytes) const;
    QJsonObject readJson(const QString &file) const;

    QTemporaryDir m_dir;
};

int TestAnalyzeCompare::run(const QStringList &arguments, QString *standardError)
{
    const EmbedscopeRun result =
        runEmbedscope(QStringLiteral(EMBEDSCOPE_BINARY), arguments, m_dir.filePath(QStringLiteral("cache")));
    if (standardError)
        *standardError = result.standardError;
    return result.exitCode;
}

QString TestAnalyzeCompare::writeFile(const QString &name, const QByteArray &bytes) const
{
    QFile file(path(name));
    if (file.open(QIODevice::WriteOnly))
        file.write(bytes);
    return file.fileName();
}

QJsonObject TestAnalyzeCompare::readJson(const QString &file) const
{
    QFile json(file);
    if (!json.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(json.readAll()).object();
}

void TestAnalyzeCompare::analyzeWritesEverySection()
{
    const QString report = path(QStringLiteral("pangrams.json"));
    QString errors;
    const int exitCode = run({QStringLiteral("analyze"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                              QStringLiteral("--report"), report, QStringLiteral("--query"), QStringLiteral("quick brown fox"),
                              QStringLiteral("--clusters"), QStringLiteral("3")},
                             &errors);

    QVERIFY2(exitCode == 0, qPrintable(errors));
    const QJsonObject json = readJson(report);
    for (const char *section : {"neighbours", "nearDuplicates", "clusters", "outliers", "distribution", "search"})
        QVERIFY2(json.contains(QLatin1String(section)), section);
    QCOMPARE(json.value(u"phrases").toArray().size(), 8);

    // The Lorem ipsum line shares nothing with the fox variants: the
    // search ranks it last.
    const QJsonArray ranking = json.value(u"search").toObject().value(u"ranking").toArray();
    QVERIFY(!ranking.isEmpty());
    QCOMPARE(ranking.last().toObject().value(u"index").toInt(), 7);
}

void TestAnalyzeCompare::analyzeClassifiesAgainstLabels()
{
    const QString input = writeFile(QStringLiteral("labelled.csv"),
                                    "text,label\n"
                                    "apple pie with cream,fruit\n"
                                    "apple tart,fruit\n"
                                    "steel girder bridge,metal\n"
                                    "steel beam,metal\n");
    const QString labels = writeFile(QStringLiteral("labels.txt"), "fruit: apple pie tart\nmetal: steel girder beam\n");
    const QString report = path(QStringLiteral("labelled.json"));

    QString errors;
    const int exitCode = run({QStringLiteral("analyze"), input, QStringLiteral("--report"), report,
                              QStringLiteral("--labels"), labels},
                             &errors);

    QVERIFY2(exitCode == 0, qPrintable(errors));
    const QJsonObject classification = readJson(report).value(u"classification").toObject();
    QVERIFY2(!classification.isEmpty(), QJsonDocument(readJson(report)).toJson().constData());
    const QJsonObject evaluation = classification.value(u"evaluation").toObject();
    QCOMPARE(evaluation.value(u"accuracy").toDouble(), 1.0);
    QCOMPARE(evaluation.value(u"evaluatedCount").toInt(), 4);
}

void TestAnalyzeCompare::analyzeWarnsAboutUnknownLabels()
{
    const QString input = writeFile(QStringLiteral("mislabelled.csv"), "text,label\napple pie,fruit\nsteel beam,metal\n");
    const QString labels = writeFile(QStringLiteral("other-labels.txt"), "food\nmaterial\n");

    QString errors;
    const int exitCode = run({QStringLiteral("analyze"), input, QStringLiteral("--report"),
                              path(QStringLiteral("mislabelled.json")), QStringLiteral("--labels"), labels},
                             &errors);

    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.contains(QStringLiteral("\"fruit\", \"metal\" are not in")), qPrintable(errors));
    QVERIFY2(errors.contains(QStringLiteral("the accuracy is empty")), qPrintable(errors));
}

void TestAnalyzeCompare::analyzeRejectsTwoCuts()
{
    QString errors;
    const int exitCode = run({QStringLiteral("analyze"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                              QStringLiteral("--report"), path(QStringLiteral("cuts.json")), QStringLiteral("--clusters"),
                              QStringLiteral("3"), QStringLiteral("--cut-distance"), QStringLiteral("0.4")},
                             &errors);

    QCOMPARE(exitCode, 2);
    QVERIFY2(errors.contains(QStringLiteral("give only one of them")), qPrintable(errors));
}

void TestAnalyzeCompare::analyzeWarnsUnderEuclidean()
{
    QString errors;
    const int exitCode = run({QStringLiteral("analyze"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                              QStringLiteral("--report"), path(QStringLiteral("euclidean.json")), QStringLiteral("--metric"),
                              QStringLiteral("euclidean")},
                             &errors);

    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.contains(QStringLiteral("default cut of the clustering is meant for cosine")), qPrintable(errors));
    QVERIFY2(errors.contains(QStringLiteral("warning: nearDuplicates: no near-duplicate threshold")), qPrintable(errors));
}

// Server A returns a = [3, 4], b = [6, 8], c = [4, -3]; server B gives c
// the direction of a. Pair cosines: A (ab, ac, bc) = (1, 0, 0), B = (1, 1, 1).
void TestAnalyzeCompare::compareTwoServersMatchesHandFigures()
{
    ServerProcess first(QStringLiteral(EMBEDSCOPE_TEST_SERVER));
    ServerProcess second(QStringLiteral(EMBEDSCOPE_TEST_SERVER));
    QVERIFY(first.start({QStringLiteral("--vectors"),
                         writeFile(QStringLiteral("a.json"), R"({"a": [3, 4], "b": [6, 8], "c": [4, -3]})")}));
    QVERIFY(second.start({QStringLiteral("--vectors"),
                          writeFile(QStringLiteral("b.json"), R"({"a": [3, 4], "b": [6, 8], "c": [3, 4]})")}));
    const QString input = writeFile(QStringLiteral("abc.txt"), "a\nb\nc\n");
    const QString report = path(QStringLiteral("compare.json"));
    const QString image = path(QStringLiteral("difference.png"));

    QString errors;
    const int exitCode = run({QStringLiteral("compare"), input,
                              QStringLiteral("--run"), QStringLiteral("base-url=%1,model=a,name=first").arg(first.baseUrl()),
                              QStringLiteral("--run"), QStringLiteral("base-url=%1,model=b,name=second").arg(second.baseUrl()),
                              QStringLiteral("--report"), report, QStringLiteral("-o"), image, QStringLiteral("--neighbours"),
                              QStringLiteral("1")},
                             &errors);

    QVERIFY2(exitCode == 0, qPrintable(errors));
    const QJsonObject json = readJson(report);
    const QJsonArray runs = json.value(u"runs").toArray();
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs.at(0).toObject().value(u"name").toString(), QStringLiteral("first"));
    QCOMPARE(runs.at(1).toObject().value(u"model").toString(), QStringLiteral("b"));

    // B's pairs all tie, so B has no rank order and Spearman is undefined.
    const QJsonObject comparison = json.value(u"comparisons").toArray().at(0).toObject();
    QVERIFY(comparison.value(u"pairSpearman").isNull());

    // Phrase a: nearest other in A is b (cosine 1); in B, b and c tie at 1
    // and the lower index, b, wins. Phrase c: in A, a and b tie at 0 -> a;
    // in B, a and b tie at 1 -> a. Jaccard at k = 1 is 1 for both.
    const QJsonArray phrases = comparison.value(u"phrases").toArray();
    QCOMPARE(phrases.at(0).toObject().value(u"neighbourJaccard").toDouble(), 1.0);
    QCOMPARE(phrases.at(2).toObject().value(u"neighbourJaccard").toDouble(), 1.0);
    // The title names the runs; the endpoints go to the wrapped subtitle,
    // so they cannot widen the image beyond the heatmap's minimum width.
    const QImage difference(image);
    QVERIFY(!difference.isNull());
    QCOMPARE(difference.text(QStringLiteral("Title")), QStringLiteral("first − second"));
    QVERIFY2(difference.text(QStringLiteral("Description")).contains(first.baseUrl()),
             qPrintable(difference.text(QStringLiteral("Description"))));
    QCOMPARE(difference.width(), 2 * 640);
}

void TestAnalyzeCompare::compareSameRunAgreesPerfectly()
{
    const QString report = path(QStringLiteral("same.json"));
    QString errors;
    const int exitCode = run({QStringLiteral("compare"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                              QStringLiteral("--run"), QStringLiteral("provider=builtin"), QStringLiteral("--run"),
                              QStringLiteral("provider=builtin,dims=512"), QStringLiteral("--report"), report,
                              QStringLiteral("--neighbours"), QStringLiteral("3")},
                             &errors);

    QVERIFY2(exitCode == 0, qPrintable(errors));
    QVERIFY2(!errors.contains(QStringLiteral("warning")), qPrintable(errors));
    const QJsonObject comparison = readJson(report).value(u"comparisons").toArray().at(0).toObject();
    QVERIFY(std::abs(comparison.value(u"pairSpearman").toDouble() - 1.0) < 1e-12);
    for (const QJsonValue &phrase : comparison.value(u"phrases").toArray())
        QCOMPARE(phrase.toObject().value(u"neighbourJaccard").toDouble(), 1.0);
}

void TestAnalyzeCompare::compareWarnsWhenKCoversEveryPhrase()
{
    QString errors;
    const int exitCode = run({QStringLiteral("compare"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                              QStringLiteral("--run"), QStringLiteral("provider=builtin"), QStringLiteral("--run"),
                              QStringLiteral("provider=builtin,dims=64"), QStringLiteral("--report"),
                              path(QStringLiteral("wide-k.json"))},
                             &errors);

    QCOMPARE(exitCode, 0);
    QVERIFY2(errors.contains(QStringLiteral("--neighbours 10 covers every other phrase of the 8")), qPrintable(errors));
}

void TestAnalyzeCompare::compareRejectsBadSpec_data()
{
    QTest::addColumn<QStringList>("runs");
    QTest::addColumn<QString>("expectedMessage");

    QTest::newRow("only one run") << QStringList{QStringLiteral("provider=builtin")} << QStringLiteral("at least two");
    QTest::newRow("unknown key") << QStringList{QStringLiteral("provider=builtin"), QStringLiteral("colour=red")}
                                 << QStringLiteral("unknown key \"colour\"");
    QTest::newRow("custom endpoint without model")
        << QStringList{QStringLiteral("provider=builtin"), QStringLiteral("base-url=http://127.0.0.1:9/v1")}
        << QStringLiteral("no model");
    QTest::newRow("dims not a number") << QStringList{QStringLiteral("provider=builtin"), QStringLiteral("dims=many")}
                                       << QStringLiteral("invalid dims \"many\"");
    QTest::newRow("dims above the vector length")
        << QStringList{QStringLiteral("provider=builtin"), QStringLiteral("provider=builtin,dims=99999")}
        << QStringLiteral("dims=99999 exceeds the 512 dimensions");
}

void TestAnalyzeCompare::compareRejectsBadSpec()
{
    QFETCH(QStringList, runs);
    QFETCH(QString, expectedMessage);

    QStringList arguments{QStringLiteral("compare"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                          QStringLiteral("--report"), path(QStringLiteral("bad.json"))};
    for (const QString &spec : runs)
        arguments << QStringLiteral("--run") << spec;

    QString errors;
    QCOMPARE(run(arguments, &errors), 2);
    QVERIFY2(errors.contains(expectedMessage), qPrintable(errors));
}

// --max-size caps the difference map's grid as it caps render's heatmap,
// and rejects the same values.
void TestAnalyzeCompare::compareMaxSizeLimitsDifference()
{
    const QStringList arguments{QStringLiteral("compare"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                                QStringLiteral("--run"), QStringLiteral("provider=builtin"), QStringLiteral("--run"),
                                QStringLiteral("provider=builtin,dims=64"), QStringLiteral("--neighbours"),
                                QStringLiteral("3")};
    const QString plain = path(QStringLiteral("difference-default.png"));
    const QString capped = path(QStringLiteral("difference-capped.png"));
    QString errors;
    QVERIFY2(run(arguments + QStringList{QStringLiteral("-o"), plain}, &errors) == 0, qPrintable(errors));
    QVERIFY2(run(arguments + QStringList{QStringLiteral("-o"), capped, QStringLiteral("--max-size"),
                                         QStringLiteral("100")},
                 &errors)
                 == 0,
             qPrintable(errors));

    // The heading keeps the figure at least 640 logical pixels wide, so the
    // cap shows in the height.
    const QImage large(plain);
    const QImage small(capped);
    QVERIFY(!large.isNull());
    QVERIFY(!small.isNull());
    QVERIFY2(small.height() < large.height() - 200,
             qPrintable(QStringLiteral("%1 and %2 pixels high").arg(small.height()).arg(large.height())));

    const QString rejected = path(QStringLiteral("difference-rejected.png"));
    QCOMPARE(run(arguments + QStringList{QStringLiteral("-o"), rejected, QStringLiteral("--max-size"),
                                         QStringLiteral("50")},
                 &errors),
             2);
    QVERIFY2(errors.contains(QStringLiteral("invalid --max-size 50; use a value from 100 to 30000")),
             qPrintable(errors));
    QVERIFY(!QFile::exists(rejected));
}

// --order clustered and joint draw the difference in a clustering's order
// with its dendrograms beside the rows and above the columns, which makes
// the image larger than the phrase list's order at the same grid size.
void TestAnalyzeCompare::compareOrderDrawsDendrograms()
{
    const QStringList arguments{QStringLiteral("compare"), QStringLiteral(EMBEDSCOPE_EXAMPLES "/pangrams.txt"),
                                QStringLiteral("--run"), QStringLiteral("provider=builtin"), QStringLiteral("--run"),
                                QStringLiteral("provider=builtin,dims=64"), QStringLiteral("--neighbours"),
                                QStringLiteral("3"), QStringLiteral("--max-size"), QStringLiteral("300")};
    QString errors;
    const QString original = path(QStringLiteral("order-original.png"));
    QVERIFY2(run(arguments + QStringList{QStringLiteral("-o"), original}, &errors) == 0, qPrintable(errors));
    const QImage originalImage(original);
    QVERIFY(!originalImage.isNull());

    for (const QString &order : {QStringLiteral("clustered"), QStringLiteral("joint")}) {
        const QString clustered = path(QStringLiteral("order-%1.png").arg(order));
        QVERIFY2(run(arguments + QStringList{QStringLiteral("-o"), clustered, QStringLiteral("--order"), order},
                     &errors)
                     == 0,
                 qPrintable(errors));
        const QImage clusteredImage(clustered);
        QVERIFY(!clusteredImage.isNull());
        QVERIFY2(clusteredImage.height() > originalImage.height(),
                 qPrintable(QStringLiteral("%1: %2 pixels high, original %3")
                                .arg(order)
                                .arg(clusteredImage.height())
                                .arg(originalImage.height())));
    }

    QCOMPARE(run(arguments + QStringList{QStringLiteral("-o"), path(QStringLiteral("order-bad.png")),
                                         QStringLiteral("--order"), QStringLiteral("reference")},
                 &errors),
             2);
    QVERIFY2(errors.contains(QStringLiteral("unknown --order \"reference\"; use original, clustered or joint")),
             qPrintable(errors));
}

QTEST_GUILESS_MAIN(TestAnalyzeCompare)
#include "tst_analyzecompare.moc"
