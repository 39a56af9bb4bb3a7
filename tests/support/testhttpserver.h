#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <functional>
#include <utility>

using HttpHeaders = QList<std::pair<QByteArray, QByteArray>>;

// One HTTP request as the test server parsed it.
struct TestHttpRequest
{
    QByteArray method;
    QByteArray path; // request target, such as "/v1/embeddings"
    HttpHeaders headers;
    QByteArray body;
    QJsonDocument json; // the body parsed as JSON; null when it is not JSON

    // Returns the value of the first header with this name, compared
    // case-insensitively, or an empty array when there is none.
    QByteArray header(const QByteArray &name) const;
    bool hasHeader(const QByteArray &name) const;
};

// What the handler sends back, and how it is delivered.
struct TestHttpResponse
{
    enum class Delivery {
        Complete,
        DropConnection, // close the connection without responding
        Stall,          // keep the connection open and never respond
        TruncateBody,   // announce the full Content-Length, send half the body, close
    };

    int status = 200;
    HttpHeaders headers; // Content-Length is added unless given
    QByteArray body;
    int delayMs = 0; // wait before delivering
    Delivery delivery = Delivery::Complete;

    static TestHttpResponse json(int status, const QJsonDocument &body);
    static TestHttpResponse text(int status, const QByteArray &contentType, const QByteArray &body);
};

// A real HTTP/1.1 server on 127.0.0.1 for tests and local trials. It parses
// requests with Content-Length bodies, however the TCP segments split them,
// passes each to a handler and records it. Connections stay open between
// requests unless the client sends "Connection: close". Request bodies with
// Transfer-Encoding: chunked get 501, because QNetworkAccessManager sends
// Content-Length for the QByteArray bodies used here.
class TestHttpServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<TestHttpResponse(const TestHttpRequest &)>;

    explicit TestHttpServer(QObject *parent = nullptr);
    ~TestHttpServer() override;

    // Listens on 127.0.0.1 only; port 0 picks a free one.
    bool listen(quint16 port = 0);
    quint16 port() const;
    QString errorString() const;

    // http://127.0.0.1:<port> followed by path, such as "/v1".
    QUrl url(const QString &path = {}) const;

    // Without a handler every request gets 404.
    void setHandler(Handler handler);
    // Sets a handler that keeps every connection open and never responds,
    // for timeouts and cancels.
    void stallEveryRequest();

    // Delays every response until count requests have arrived, and only then
    // starts each response's own delay, so a test can check that the client
    // sent those requests before it got any response. Later responses go out
    // as usual.
    void holdResponsesUntil(int count);

    const QList<TestHttpRequest> &requests() const { return m_requests; }
    int requestCount() const { return int(m_requests.size()); }
    // Responses written or connections dropped so far; stalled ones are not
    // counted.
    int responseCount() const { return m_responseCount; }

signals:
    void requestReceived(const TestHttpRequest &request);

private:
    struct Connection
    {
        QByteArray buffer;
        bool busy = false; // a response is pending, so later requests wait
    };

    void onNewConnection();
    void onReadyRead(QTcpSocket *socket);
    void processBuffer(QTcpSocket *socket);
    void respond(QTcpSocket *socket, const TestHttpRequest &request);
    void schedule(QTcpSocket *socket, const TestHttpResponse &response, bool closeAfter);
    void deliver(QTcpSocket *socket, const TestHttpResponse &response, bool closeAfter);

    QTcpServer m_server;
    Handler m_handler;
    QList<TestHttpRequest> m_requests;
    QHash<QTcpSocket *, Connection> m_connections;

    struct HeldResponse
    {
        QPointer<QTcpSocket> socket;
        TestHttpResponse response;
        bool closeAfter = false;
    };
    int m_holdUntil = 0;
    QList<HeldResponse> m_held;
    int m_responseCount = 0;
};
