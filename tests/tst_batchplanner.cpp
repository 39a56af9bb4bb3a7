#include "embedding/batchplanner.h"

#include <QTest>

using namespace embedscope::embedding;

Q_DECLARE_METATYPE(BatchLimits)

class TestBatchPlanner : public QObject
{
    Q_OBJECT

private slots:
    void limitsFollowSettingsAndServer();
    void estimatesTokensAsUtf8Bytes_data();
    void estimatesTokensAsUtf8Bytes();
    void cutsBatches_data();
    void cutsBatches();
    void namesEmptyInputs();
};

void TestBatchPlanner::limitsFollowSettingsAndServer()
{
    ProviderSettings custom = presetFor(ProviderKind::Custom);
    ProviderSettings openAi = presetFor(ProviderKind::OpenAI);
    openAi.batchSize = 5000;

    const BatchLimits customLimits = batchLimitsFor(custom);
    const BatchLimits openAiLimits = batchLimitsFor(openAi);

    QCOMPARE(customLimits.maxInputs, 128);
    QCOMPARE(customLimits.maxCharacters, 100'000);
    QCOMPARE(customLimits.maxEstimatedTokens, 0);
    QCOMPARE(openAiLimits.maxInputs, 2048);
    QCOMPARE(openAiLimits.maxEstimatedTokens, 300'000);
}

void TestBatchPlanner::estimatesTokensAsUtf8Bytes_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("ASCII") << QStringLiteral("quick brown fox");
    QTest::newRow("Latin accents") << QStringLiteral("café naïve");
    QTest::newRow("CJK") << QStringLiteral("敏捷的棕色狐狸");
    QTest::newRow("emoji outside the BMP") << QStringLiteral("fox 🦊 dog 🐕");
}

void TestBatchPlanner::estimatesTokensAsUtf8Bytes()
{
    QFETCH(QString, text);

    QCOMPARE(estimateTokens(text), text.toUtf8().size());
}

void TestBatchPlanner::cutsBatches_data()
{
    QTest::addColumn<QStringList>("texts");
    QTest::addColumn<BatchLimits>("limits");
    QTest::addColumn<int>("expected");

    const QStringList tenShort{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                               QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g"), QStringLiteral("h"),
                               QStringLiteral("i"), QStringLiteral("j")};
    const QString forty(40, u'x');

    QTest::newRow("input count") << tenShort << BatchLimits{4, 0, 0} << 4;
    QTest::newRow("fewer inputs than the limit") << tenShort << BatchLimits{128, 0, 0} << 10;
    QTest::newRow("character cap ends before the input that passes it")
        << QStringList{forty, forty, forty} << BatchLimits{128, 100, 0} << 2;
    QTest::newRow("one input longer than the cap still goes alone")
        << QStringList{QString(500, u'x'), QStringLiteral("a")} << BatchLimits{128, 100, 0} << 1;
    QTest::newRow("token estimate") << QStringList{QStringLiteral("ééé"), QStringLiteral("ééé"), QStringLiteral("ééé")}
                                    << BatchLimits{128, 0, 12} << 2;
}

void TestBatchPlanner::cutsBatches()
{
    QFETCH(QStringList, texts);
    QFETCH(BatchLimits, limits);
    QFETCH(int, expected);

    QCOMPARE(nextBatchLength(texts, 0, int(texts.size()), limits), expected);
}

void TestBatchPlanner::namesEmptyInputs()
{
    QCOMPARE(describeEmptyInputs({QStringLiteral("a"), QStringLiteral("b")}), QString());
    QCOMPARE(describeEmptyInputs({QStringLiteral("a"), QStringLiteral(" ")}),
             QStringLiteral("phrase 2 is empty or only whitespace; remove it, because embedding servers reject "
                            "empty input"));
    QCOMPARE(describeEmptyInputs({QString(), QStringLiteral("a"), QStringLiteral("\t")}),
             QStringLiteral("phrases 1, 3 are empty or only whitespace; remove them, because embedding servers "
                            "reject empty input"));
}

QTEST_GUILESS_MAIN(TestBatchPlanner)
#include "tst_batchplanner.moc"
