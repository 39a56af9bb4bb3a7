// embedscope-test-server: an OpenAI-compatible embeddings server on
// 127.0.0.1 with deterministic vectors, for the end-to-end tests, the
// benchmarks and trying Embedscope without an account or a network.

#include "fakeembeddingendpoint.h"
#include "testhttpserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdlib>

static int readNumberOption(const QCommandLineParser &parser, const QString &name, int minimum, int maximum)
{
    bool valid = false;
    const int value = parser.value(name).toInt(&valid);
    if (valid && value >= minimum && value <= maximum)
        return value;
    QTextStream(stderr) << "embedscope-test-server: --" << name << " must be a whole number from " << minimum
                        << " to " << maximum << ", not \"" << parser.value(name) << "\"\n";
    std::exit(2);
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("embedscope-test-server"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves POST /v1/embeddings on 127.0.0.1 with deterministic unit-length vectors seeded "
        "from a hash of each text. Prints \"listening on http://127.0.0.1:PORT/v1\" as its first "
        "line; use that URL as the base URL of a custom provider."));
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("port"), QStringLiteral("TCP port on 127.0.0.1; 0 picks a free one."),
         QStringLiteral("port"), QStringLiteral("0")},
        {QStringLiteral("dimensions"), QStringLiteral("Length of the hashed vectors."),
         QStringLiteral("count"), QStringLiteral("64")},
        {QStringLiteral("vectors"), QStringLiteral("JSON object mapping texts to vectors to serve for "
                                                   "those texts; other texts get hashed vectors of the "
                                                   "same length."),
         QStringLiteral("file")},
        {QStringLiteral("latency-ms"), QStringLiteral("Delay before each response, in milliseconds."),
         QStringLiteral("milliseconds"), QStringLiteral("0")},
        {QStringLiteral("fault"),
         QStringLiteral("Misbehave as real servers do: %1. Faults ending in -once hit only the first request.")
             .arg(FakeEmbeddingEndpoint::faultNames().join(QStringLiteral(", "))),
         QStringLiteral("name"), QStringLiteral("none")},
        {QStringLiteral("max-batch"),
         QStringLiteral("Answer requests with more inputs with 413, as text-embeddings-inference does above 32; "
                        "0 accepts any number."),
         QStringLiteral("inputs"), QStringLiteral("0")},
    });
    parser.process(app);

    FakeEmbeddingEndpoint endpoint(readNumberOption(parser, QStringLiteral("dimensions"), 1, 16384));
    endpoint.setLatencyMs(readNumberOption(parser, QStringLiteral("latency-ms"), 0, 3'600'000));
    endpoint.setMaxBatchSize(readNumberOption(parser, QStringLiteral("max-batch"), 0, 1'000'000));
    const auto fault = FakeEmbeddingEndpoint::faultFromName(parser.value(QStringLiteral("fault")));
    if (!fault) {
        QTextStream(stderr) << "embedscope-test-server: unknown --fault \"" << parser.value(QStringLiteral("fault"))
                            << "\"; use one of " << FakeEmbeddingEndpoint::faultNames().join(QStringLiteral(", "))
                            << "\n";
        return 2;
    }
    endpoint.setFault(*fault);
    if (parser.isSet(QStringLiteral("vectors"))) {
        const QString error = endpoint.loadVectors(parser.value(QStringLiteral("vectors")));
        if (!error.isEmpty()) {
            QTextStream(stderr) << "embedscope-test-server: " << error << "\n";
            return 1;
        }
    }

    TestHttpServer server;
    server.setHandler([&endpoint](const TestHttpRequest &request) {
        const TestHttpResponse response = endpoint.handle(request);
        QTextStream(stderr) << request.method << ' ' << request.path << " -> " << response.status << "\n";
        return response;
    });
    const int port = readNumberOption(parser, QStringLiteral("port"), 0, 65535);
    if (!server.listen(quint16(port))) {
        QTextStream(stderr) << "embedscope-test-server: cannot listen on 127.0.0.1:" << port << ": "
                            << server.errorString() << "\n";
        return 1;
    }

    QTextStream(stdout) << "listening on " << server.url(QStringLiteral("/v1")).toString() << Qt::endl;
    return app.exec();
}
