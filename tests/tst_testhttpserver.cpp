#include "testhttpserver.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

// Writes each segment separately, pausing so that the server receives them
// in separate reads.
static void writeSegments(QTcpSocket &socket, const QList<QByteArray> &segments)
{
    for (const QByteArray &segment : segments) {
        socket.write(segment);
        socket.flush();
        QTest::qWait(30);
    }
}

// Reads from socket until it has received `count` complete responses with
// Content-Length bodies, or 5 s have passed. The event loop keeps running,
// because the server lives in the same thread.
static QList<QByteArray> readResponses(QTcpSocket &socket, int count)
{
    QByteArray received;
    QList<QByteArray> responses;
    const bool complete = QTest::qWaitFor([&] {
        received += socket.readAll();
        qsizetype headEnd;
        while ((headEnd = received.indexOf("\r\n\r\n")) >= 0) {
            const qsizetype lengthAt = received.indexOf("Content-Length: ") + 16;
            const qsizetype length = received.mid(lengthAt, received.indexOf("\r\n", lengthAt) - lengthAt).toLongLong();
            if (received.size() < headEnd + 4 + length)
                break;
            responses << received.left(headEnd + 4 + length);
            received.remove(0, headEnd + 4 + length);
        }
        return responses.size() >= count;
    }, 5000);
    if (!complete)
        qWarning("received %d of %d responses", int(responses.size()), count);
    return responses;
}

class TestTestHttpServer : public QObject
{
    Q_OBJECT

private slots:
    void parsesRequestInSegments_data();
    void parsesRequestInSegments();
    void answersSeveralRequestsOnOneConnection();
};

void TestTestHttpServer::parsesRequestInSegments_data()
{
    QTest::addColumn<QList<QByteArray>>("segments");

    const QByteArray head = "POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            "Content-Length: 25\r\n\r\n";
    const QByteArray body = R"({"input":["a","b"],"n":1})";

    QTest::newRow("head and body in one segment") << QList<QByteArray>{head + body};
    QTest::newRow("body split over three segments") << QList<QByteArray>{head + body.left(5), body.mid(5, 10), body.mid(15)};
    QTest::newRow("head split in the middle of a line") << QList<QByteArray>{head.left(20), head.mid(20) + body};
    QTest::newRow("blank line split from the head") << QList<QByteArray>{head.chopped(2), "\r\n", body};
}

void TestTestHttpServer::parsesRequestInSegments()
{
    QFETCH(QList<QByteArray>, segments);
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const TestHttpRequest &) { return TestHttpResponse::text(200, "text/plain", "done"); });
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(socket.waitForConnected(5000));

    writeSegments(socket, segments);
    const QList<QByteArray> responses = readResponses(socket, 1);

    QCOMPARE(responses.size(), 1);
    QVERIFY2(responses.first().startsWith("HTTP/1.1 200 OK\r\n"), responses.first().constData());
    QVERIFY(responses.first().endsWith("\r\n\r\ndone"));
    QCOMPARE(server.requestCount(), 1);
    const TestHttpRequest &request = server.requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/embeddings"));
    QCOMPARE(request.header("content-type"), QByteArray("application/json"));
    QCOMPARE(request.body, QByteArray(R"({"input":["a","b"],"n":1})"));
    QCOMPARE(request.json.object().value(u"n").toInt(), 1);
}

void TestTestHttpServer::answersSeveralRequestsOnOneConnection()
{
    TestHttpServer server;
    QVERIFY(server.listen());
    server.setHandler([](const TestHttpRequest &request) {
        TestHttpResponse response = TestHttpResponse::text(200, "text/plain", request.path);
        response.delayMs = request.path == "/first" ? 100 : 0;
        return response;
    });
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, server.port());
    QVERIFY(socket.waitForConnected(5000));

    writeSegments(socket, {"GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\n\r\n"});
    const QList<QByteArray> responses = readResponses(socket, 2);

    QCOMPARE(responses.size(), 2);
    QVERIFY2(responses[0].endsWith("/first"), "a delayed response must not be overtaken");
    QVERIFY(responses[1].endsWith("/second"));
    QCOMPARE(server.requestCount(), 2);
}

QTEST_GUILESS_MAIN(TestTestHttpServer)
#include "tst_testhttpserver.moc"
