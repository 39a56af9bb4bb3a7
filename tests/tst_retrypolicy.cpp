#include "embedding/retrypolicy.h"

#include <QTest>
#include <QTimeZone>

using namespace embedscope::embedding;
using std::chrono::milliseconds;

// The moment the header tests treat as now.
static QDateTime testNow()
{
    return QDateTime(QDate(2015, 10, 21), QTime(7, 27, 30), QTimeZone::utc());
}

class TestRetryPolicy : public QObject
{
    Q_OBJECT

private slots:
    void retryableStatuses_data();
    void retryableStatuses();
    void requestedWait_data();
    void requestedWait();
    void backoffDoublesUpToCaps();
    void jitterShortensByAtMostAQuarter();
};

void TestRetryPolicy::retryableStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("retryable");

    for (int status : {408, 409, 429, 500, 502, 503, 504})
        QTest::addRow("%d is retried", status) << status << true;
    for (int status : {200, 400, 401, 402, 403, 404, 413, 422, 501})
        QTest::addRow("%d is not retried", status) << status << false;
}

void TestRetryPolicy::retryableStatuses()
{
    QFETCH(int, status);
    QFETCH(bool, retryable);

    QCOMPARE(isRetryableStatus(status), retryable);
}

void TestRetryPolicy::requestedWait_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<HeaderList>("headers");
    QTest::addColumn<qint64>("expectedMs"); // -1 for no requested wait

    const QByteArray inFiveSeconds = QByteArray::number(testNow().toMSecsSinceEpoch() + 5000);
    const QByteArray inNineSeconds = QByteArray::number(testNow().toSecsSinceEpoch() + 9);

    QTest::newRow("no headers") << 429 << HeaderList{} << qint64(-1);
    QTest::newRow("Retry-After in seconds") << 429 << HeaderList{{"Retry-After", "3"}} << qint64(3000);
    QTest::newRow("Retry-After with a fraction") << 503 << HeaderList{{"retry-after", "2.5"}} << qint64(2500);
    QTest::newRow("Retry-After as an HTTP date")
        << 429 << HeaderList{{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}} << qint64(30000);
    QTest::newRow("Retry-After date in the past") << 503 << HeaderList{{"Retry-After", "Wed, 21 Oct 2015 07:00:00 GMT"}}
                                                  << qint64(0);
    QTest::newRow("unreadable Retry-After") << 429 << HeaderList{{"Retry-After", "soon"}} << qint64(-1);
    QTest::newRow("retry-after-ms wins over Retry-After")
        << 429 << HeaderList{{"Retry-After", "3"}, {"retry-after-ms", "1500"}} << qint64(1500);
    QTest::newRow("used-up request limit as a duration")
        << 429 << HeaderList{{"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "6m0s"}}
        << qint64(360000);
    QTest::newRow("only the used-up limit counts")
        << 429
        << HeaderList{{"x-ratelimit-remaining-requests", "12"}, {"x-ratelimit-reset-requests", "1s"},
                      {"x-ratelimit-remaining-tokens", "0"}, {"x-ratelimit-reset-tokens", "20ms"}}
        << qint64(20);
    QTest::newRow("hours, minutes and seconds")
        << 429 << HeaderList{{"x-ratelimit-reset-tokens", "1h2m3.5s"}} << qint64(3723500);
    QTest::newRow("reset as Unix milliseconds, as OpenRouter sends")
        << 429 << HeaderList{{"X-RateLimit-Reset", inFiveSeconds}} << qint64(5000);
    QTest::newRow("reset as Unix seconds") << 429 << HeaderList{{"x-ratelimit-reset", inNineSeconds}} << qint64(9000);
    QTest::newRow("reset as seconds from now") << 429 << HeaderList{{"RateLimit-Reset", "7"}} << qint64(7000);
    QTest::newRow("reset headers count only for 429")
        << 503 << HeaderList{{"x-ratelimit-reset-requests", "1s"}} << qint64(-1);
}

void TestRetryPolicy::requestedWait()
{
    QFETCH(int, status);
    QFETCH(HeaderList, headers);
    QFETCH(qint64, expectedMs);

    const auto wait = embedscope::embedding::requestedWait(status, headers, testNow());

    QCOMPARE(wait.has_value(), expectedMs >= 0);
    if (wait)
        QCOMPARE(wait->count(), expectedMs);
}

void TestRetryPolicy::backoffDoublesUpToCaps()
{
    RetryPolicy policy;

    QCOMPARE(backoffDelay(policy, 1, 0.0), milliseconds(500));
    QCOMPARE(backoffDelay(policy, 2, 0.0), milliseconds(1000));
    QCOMPARE(backoffDelay(policy, 3, 0.0), milliseconds(2000));
    QCOMPARE(backoffDelay(policy, 5, 0.0), milliseconds(8000));
    QCOMPARE(backoffDelay(policy, 40, 0.0), milliseconds(8000));

    policy.maxWait = milliseconds(3000);
    QCOMPARE(backoffDelay(policy, 5, 0.0), milliseconds(3000));
}

void TestRetryPolicy::jitterShortensByAtMostAQuarter()
{
    const RetryPolicy policy;

    QCOMPARE(backoffDelay(policy, 2, 1.0), milliseconds(750));
    QCOMPARE(backoffDelay(policy, 2, 0.5), milliseconds(875));
}

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
