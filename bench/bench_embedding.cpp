// The embedding client against embedscope-test-server on 127.0.0.1. It
// times a large run against a server with fixed latency and compares it
// with the ideal (requests x latency / concurrency), then times the same
// run again from the cache, and measures the response parser's throughput
// for float and base64 bodies.
//
// Usage: bench_embedding [PHRASES] [LATENCY_MS] [DIMENSIONS]
//        (defaults 10000, 50 and 64)
#include "embedding/cachingprovider.h"
#include "embedding/httpprovider.h"
#include "embedding/responseparser.h"
#include "fakeembeddingendpoint.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

#include <sys/resource.h>
#include <unistd.h>

using namespace embedscope::embedding;

static constexpr int BATCH_SIZE = 100;
static constexpr int CONCURRENCY = 4;
static constexpr int PARSE_DIMENSIONS = 2048;

static QStringList benchPhrases(int count, const QString &topic = QStringLiteral("a quick brown fox"))
{
    QStringList phrases;
    phrases.reserve(count);
    for (int i = 0; i < count; ++i)
        phrases << QStringLiteral("benchmark phrase number %1 about %2").arg(i).arg(topic);
    return phrases;
}

// CPU time of this process so far, user and system, in milliseconds.
static double cpuMilliseconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto milliseconds = [](const timeval &time) { return double(time.tv_sec) * 1e3 + double(time.tv_usec) / 1e3; };
    return milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime);
}

// CPU time of another process so far, from fields 14 and 15 of
// /proc/PID/stat (utime and stime in clock ticks); -1 when unreadable.
static double processCpuMilliseconds(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return -1.0;
    // The command name in field 2 may contain spaces, so count from its ")".
    const QByteArray line = stat.readAll();
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13)
        return -1.0;
    const double ticks = fields[11].toDouble() + fields[12].toDouble();
    return ticks * 1000.0 / double(sysconf(_SC_CLK_TCK));
}

// Runs one embedding to its end; returns the milliseconds it took, or -1.
static double timedRun(EmbeddingProvider &provider, const QStringList &phrases)
{
    QEventLoop loop;
    EmbeddingOutcome result;
    QElapsedTimer clock;
    clock.start();
    EmbeddingJob *job = provider.embed(phrases, &loop);
    QObject::connect(job, &EmbeddingJob::finished, &loop, [&](const EmbeddingOutcome &outcome) {
        result = outcome;
        loop.quit();
    });
    loop.exec();
    const double elapsed = double(clock.nsecsElapsed()) / 1e6;
    if (!result.succeeded()) {
        std::fprintf(stderr, "bench_embedding: run failed: %s\n", qPrintable(result.errorMessage));
        return -1.0;
    }
    return elapsed;
}

static bool startServer(QProcess &server, int latencyMs, int dimensions, QString *baseUrl)
{
    server.setProgram(QStringLiteral(EMBEDSCOPE_TEST_SERVER));
    server.setArguments({QStringLiteral("--latency-ms"), QString::number(latencyMs), QStringLiteral("--dimensions"),
                         QString::number(dimensions)});
    server.setProcessChannelMode(QProcess::SeparateChannels);
    server.setStandardErrorFile(QProcess::nullDevice());
    server.start();
    if (!server.waitForStarted(5000) || !server.waitForReadyRead(5000))
        return false;
    *baseUrl = QString::fromUtf8(server.readLine()).trimmed().section(u' ', -1);
    return baseUrl->startsWith(QStringLiteral("http://127.0.0.1:"));
}

static void benchmarkRuns(int phraseCount, int latencyMs, int dimensions)
{
    QProcess server;
    QString baseUrl;
    if (!startServer(server, latencyMs, dimensions, &baseUrl)) {
        std::fprintf(stderr, "bench_embedding: cannot start %s\n", EMBEDSCOPE_TEST_SERVER);
        return;
    }
    QTemporaryDir cacheFolder;
    ProviderSettings settings = presetFor(ProviderKind::Custom);
    settings.baseUrl = baseUrl;
    settings.model = QStringLiteral("bench-model");
    settings.batchSize = BATCH_SIZE;
    settings.concurrency = CONCURRENCY;
    const QStringList phrases = benchPhrases(phraseCount);
    const CacheSpace space{settings.baseUrl, settings.model, settings.dimensions};
    auto makeProvider = [&] {
        CacheOptions options;
        options.path = cacheFolder.filePath(QStringLiteral("embeddings.sqlite"));
        return CachingProvider(std::make_shared<HttpProvider>(settings), std::make_shared<EmbeddingCache>(options), space);
    };

    // One untimed run of other phrases first, so that the server process
    // and the code paths are warm for every timed run alike.
    CachingProvider warmUp(std::make_shared<HttpProvider>(settings), nullptr, space);
    timedRun(warmUp, benchPhrases(BATCH_SIZE * CONCURRENCY * 2, QStringLiteral("warming up")));

    // The provider goes out of scope before the cache run, which waits for
    // its cache writer to store the last batches.
    auto cold = std::make_unique<CachingProvider>(makeProvider());
    const double cpuBefore = cpuMilliseconds();
    const double serverCpuBefore = processCpuMilliseconds(server.processId());
    const double coldMs = timedRun(*cold, phrases);
    const double clientCpuMs = cpuMilliseconds() - cpuBefore;
    const double serverCpuMs = processCpuMilliseconds(server.processId()) - serverCpuBefore;
    cold.reset();
    const int requests = (phraseCount + BATCH_SIZE - 1) / BATCH_SIZE;
    const double idealMs = double(requests) * latencyMs / CONCURRENCY;
    std::printf("network run: %d phrases, %d dimensions, %d requests of %d, %d in flight, %d ms latency\n", phraseCount,
                dimensions, requests, BATCH_SIZE, CONCURRENCY, latencyMs);
    std::printf("  wall %.0f ms, ideal %.0f ms, ratio %.2f (target at most 1.30)\n", coldMs, idealMs, coldMs / idealMs);
    std::printf("  CPU: client %.0f ms, test server %.0f ms (one thread)\n", clientCpuMs, serverCpuMs);

    CachingProvider warm = makeProvider();
    const double warmMs = timedRun(warm, phrases);
    std::printf("cache run: %d phrases from the cache in %.0f ms (target under 300 ms)\n", phraseCount, warmMs);

    // The same network run without the cache, to show what storing costs.
    CachingProvider uncached(std::make_shared<HttpProvider>(settings), nullptr, space);
    const double uncachedMs = timedRun(uncached, phrases);
    std::printf("network run without the cache: wall %.0f ms, ratio %.2f\n", uncachedMs, uncachedMs / idealMs);

    server.kill();
    server.waitForFinished(5000);
}

// A response body as the test server writes it, in either encoding.
static QByteArray responseBody(int inputs, bool base64)
{
    FakeEmbeddingEndpoint endpoint(PARSE_DIMENSIONS);
    TestHttpRequest request;
    request.method = "POST";
    request.path = "/v1/embeddings";
    request.json = QJsonDocument(QJsonObject{
        {QStringLiteral("model"), QStringLiteral("bench-model")},
        {QStringLiteral("input"), QJsonArray::fromStringList(benchPhrases(inputs))},
        {QStringLiteral("encoding_format"), base64 ? QStringLiteral("base64") : QStringLiteral("float")},
    });
    return endpoint.handle(request).body;
}

static void benchmarkParser(bool base64)
{
    const QByteArray body = responseBody(BATCH_SIZE, base64);
    const EmbeddingBatch batch{benchPhrases(BATCH_SIZE), 0, 0, {}};
    constexpr int ROUNDS = 20;

    QElapsedTimer clock;
    clock.start();
    for (int round = 0; round < ROUNDS; ++round) {
        if (!parseEmbeddingResponse(body, batch)) {
            std::fprintf(stderr, "bench_embedding: the parser rejected its own benchmark body\n");
            return;
        }
    }
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    const double megabytes = double(body.size()) * ROUNDS / 1e6;
    std::printf("parse %s: %d vectors of %d dimensions, %.2f MB per body, %.0f MB/s, %.1f ms per body\n",
                base64 ? "base64" : "float JSON", BATCH_SIZE, PARSE_DIMENSIONS, double(body.size()) / 1e6,
                megabytes / seconds, seconds * 1000.0 / ROUNDS);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    qputenv("EMBEDSCOPE_NO_KEYCHAIN", "1");
    const QStringList arguments = app.arguments();
    const int phraseCount = arguments.value(1, QStringLiteral("10000")).toInt();
    const int latencyMs = arguments.value(2, QStringLiteral("50")).toInt();
    const int dimensions = arguments.value(3, QStringLiteral("64")).toInt();
    if (phraseCount <= 0 || latencyMs < 0 || dimensions <= 0) {
        std::fprintf(stderr, "usage: bench_embedding [PHRASES] [LATENCY_MS] [DIMENSIONS]\n");
        return 2;
    }

    benchmarkRuns(phraseCount, latencyMs, dimensions);
    benchmarkParser(false);
    benchmarkParser(true);
    return 0;
}
