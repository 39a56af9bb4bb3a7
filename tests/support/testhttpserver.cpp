#include "testhttpserver.h"

#include <QTcpSocket>
#include <QTimer>

#include <utility>

// A larger request head gets 431, so a client that never ends its head cannot
// grow the buffer without bound.
static constexpr qsizetype MAX_HEAD_SIZE = 64 * 1024;

QByteArray TestHttpRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool TestHttpRequest::hasHeader(const QByteArray &name) const
{
    for (const auto &entry : headers) {
        if (entry.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

TestHttpResponse TestHttpResponse::json(int status, const QJsonDocument &body)
{
    return text(status, "application/json", body.toJson(QJsonDocument::Compact));
}

TestHttpResponse TestHttpResponse::text(int status, const QByteArray &contentType, const QByteArray &body)
{
    TestHttpResponse response;
    response.status = status;
    response.headers = {{"Content-Type", contentType}};
    response.body = body;
    return response;
}

static QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 402: return "Payment Required";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

// Parses the request line and header fields, without the blank line.
static bool parseHead(const QByteArray &head, TestHttpRequest *request)
{
    const QList<QByteArray> lines = head.split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return false;
    request->method = requestLine[0];
    request->path = requestLine[1];

    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return false;
        request->headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return true;
}

static QByteArray responseHead(const TestHttpResponse &response, bool closeAfter)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
                      + reasonPhrase(response.status) + "\r\n";
    bool hasLength = false;
    for (const auto &[name, value] : response.headers) {
        head += name + ": " + value + "\r\n";
        hasLength = hasLength || name.compare("Content-Length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength)
        head += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    head += closeAfter ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    return head + "\r\n";
}

TestHttpServer::TestHttpServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TestHttpServer::onNewConnection);
}

TestHttpServer::~TestHttpServer()
{
    // The sockets are children of m_server, which outlives m_connections, so
    // their disconnected() must not reach this object while they close.
    for (QTcpSocket *socket : m_connections.keys())
        socket->disconnect(this);
}

bool TestHttpServer::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

quint16 TestHttpServer::port() const
{
    return m_server.serverPort();
}

QString TestHttpServer::errorString() const
{
    return m_server.errorString();
}

QUrl TestHttpServer::url(const QString &path) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path));
}

void TestHttpServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void TestHttpServer::holdResponsesUntil(int count)
{
    m_holdUntil = count;
}

void TestHttpServer::stallEveryRequest()
{
    setHandler([](const TestHttpRequest &) {
        TestHttpResponse response;
        response.delivery = TestHttpResponse::Delivery::Stall;
        return response;
    });
}

void TestHttpServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        m_connections.insert(socket, {});
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_connections.remove(socket);
            socket->deleteLater();
        });
    }
}

void TestHttpServer::onReadyRead(QTcpSocket *socket)
{
    const auto connection = m_connections.find(socket);
    if (connection == m_connections.end())
        return;
    connection->buffer += socket->readAll();
    processBuffer(socket);
}

// Responds to every complete request in the buffer, one at a time. A request
// whose body has only partly arrived waits for the next readyRead().
void TestHttpServer::processBuffer(QTcpSocket *socket)
{
    auto connection = m_connections.find(socket);
    while (connection != m_connections.end() && !connection->busy) {
        QByteArray &buffer = connection->buffer;
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            if (buffer.size() > MAX_HEAD_SIZE)
                deliver(socket, TestHttpResponse::text(431, "text/plain", "request head too large\n"), true);
            return;
        }

        TestHttpRequest request;
        if (!parseHead(buffer.left(headEnd), &request))
            return deliver(socket, TestHttpResponse::text(400, "text/plain", "malformed request head\n"), true);
        if (request.hasHeader("Transfer-Encoding"))
            return deliver(socket, TestHttpResponse::text(501, "text/plain", "chunked bodies are not supported\n"), true);

        bool validLength = true;
        const QByteArray lengthHeader = request.header("Content-Length");
        const qsizetype length = lengthHeader.isEmpty() ? 0 : lengthHeader.toLongLong(&validLength);
        if (!validLength || length < 0)
            return deliver(socket, TestHttpResponse::text(400, "text/plain", "invalid Content-Length\n"), true);
        if (buffer.size() < headEnd + 4 + length)
            return;

        request.body = buffer.mid(headEnd + 4, length);
        buffer.remove(0, headEnd + 4 + length);
        request.json = QJsonDocument::fromJson(request.body);
        respond(socket, request);
        connection = m_connections.find(socket);
    }
}

void TestHttpServer::respond(QTcpSocket *socket, const TestHttpRequest &request)
{
    m_requests.append(request);
    emit requestReceived(request);

    const TestHttpResponse response = m_handler
        ? m_handler(request)
        : TestHttpResponse::text(404, "text/plain", "no handler is set\n");
    const bool closeAfter = request.header("Connection").compare("close", Qt::CaseInsensitive) == 0;

    m_connections[socket].busy = true;
    if (requestCount() < m_holdUntil) {
        m_held.append({socket, response, closeAfter});
        return;
    }

    const QList<HeldResponse> held = std::exchange(m_held, {});
    for (const HeldResponse &entry : held) {
        if (entry.socket && m_connections.contains(entry.socket))
            schedule(entry.socket, entry.response, entry.closeAfter);
    }
    schedule(socket, response, closeAfter);
}

void TestHttpServer::schedule(QTcpSocket *socket, const TestHttpResponse &response, bool closeAfter)
{
    if (response.delayMs <= 0)
        return deliver(socket, response, closeAfter);
    QTimer::singleShot(response.delayMs, socket, [this, socket, response, closeAfter] {
        deliver(socket, response, closeAfter);
    });
}

void TestHttpServer::deliver(QTcpSocket *socket, const TestHttpResponse &response, bool closeAfter)
{
    if (response.delivery != TestHttpResponse::Delivery::Stall)
        ++m_responseCount;
    switch (response.delivery) {
    case TestHttpResponse::Delivery::DropConnection:
        socket->abort();
        return;
    case TestHttpResponse::Delivery::Stall:
        return;
    case TestHttpResponse::Delivery::TruncateBody:
        socket->write(responseHead(response, true));
        socket->write(response.body.left(response.body.size() / 2));
        socket->disconnectFromHost();
        return;
    case TestHttpResponse::Delivery::Complete:
        break;
    }

    socket->write(responseHead(response, closeAfter));
    socket->write(response.body);
    if (closeAfter) {
        socket->disconnectFromHost();
        return;
    }

    const auto connection = m_connections.find(socket);
    if (connection == m_connections.end())
        return;
    connection->busy = false;
    processBuffer(socket);
}
