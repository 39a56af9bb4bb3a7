#include "batchtransfer.h"

#include "common/logging.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

namespace embedscope::embedding {

// QNetworkReply numbers the errors below HTTP (connection, timeout, TLS)
// from 1 to 99 and proxy errors from 101 to 199; larger numbers stand for
// HTTP statuses, which the response itself describes better.
static bool isBelowHttp(QNetworkReply::NetworkError error)
{
    return error > QNetworkReply::NoError && error < QNetworkReply::ContentAccessDenied;
}

// Failures that may pass on another try. A refused connection or an unknown
// host usually means a wrong base URL or a server that is not running, so
// retrying them only delays the message.
static bool isRetryableNetworkError(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::RemoteHostClosedError:
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError: // a timeout; cancel() never reaches here
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::ProxyConnectionClosedError:
    case QNetworkReply::ProxyTimeoutError:
    case QNetworkReply::UnknownNetworkError:
        return true;
    default:
        return false;
    }
}

BatchTransfer::BatchTransfer(QNetworkAccessManager *network, TransferRequest request, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_request(std::move(request))
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(m_request.timeout);
    connect(&m_timer, &QTimer::timeout, this, &BatchTransfer::onTimedOut);
}

BatchTransfer::~BatchTransfer()
{
    abort();
}

void BatchTransfer::start()
{
    m_result.url = m_request.url;
    if (!m_network) {
        m_result.failure = QStringLiteral("the provider was closed before the request to %1 was sent")
                               .arg(m_request.url.toDisplayString());
        QTimer::singleShot(0, this, &BatchTransfer::finish);
        return;
    }
    send();
}

void BatchTransfer::abort()
{
    m_timer.stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void BatchTransfer::send()
{
    QNetworkRequest request(m_request.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Embedscope/" EMBEDSCOPE_VERSION);
    if (!m_request.authorization.isEmpty())
        request.setRawHeader("Authorization", m_request.authorization);
    // followRedirect() handles redirects, because Qt 6.4.2 was seen sending
    // the original POST a second time when it followed a 307 or 308 itself,
    // which failed about one reply in three.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_request.timeout.count()));

    m_responseStarted = false;
    m_timedOut = false;
    m_tlsErrors.clear();
    m_reply = m_network->post(request, m_request.body);
    connect(m_reply, &QNetworkReply::finished, this, &BatchTransfer::onReplyFinished);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { m_responseStarted = true; });
#if QT_CONFIG(ssl)
    // Not ignored: the handshake fails and the errors go into the message.
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_tlsErrors << error.errorString();
        qCWarning(lcNet).noquote() << "TLS errors from" << m_request.url.toDisplayString() << m_tlsErrors;
    });
#endif
    m_timer.start();
}

void BatchTransfer::onTimedOut()
{
    if (!m_reply)
        return;
    qCDebug(lcNet).noquote() << "no complete response from" << m_request.url.toDisplayString() << "within"
                             << m_request.timeout.count() << "ms; aborting";
    m_timedOut = true;
    m_reply->abort(); // finished() follows and is read as a timeout
}

void BatchTransfer::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_timer.stop();
    if (!reply)
        return;
    reply->deleteLater();

    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (m_timedOut || isBelowHttp(reply->error()) || !status.isValid()) {
        m_result.failure = describeNetworkError(reply);
        m_result.timedOut = m_timedOut || reply->error() == QNetworkReply::TimeoutError
                            || reply->error() == QNetworkReply::OperationCanceledError;
        m_result.retryable = m_result.timedOut || isRetryableNetworkError(reply->error());
        return finish();
    }

    const int statusCode = status.toInt();
    if (statusCode >= 300 && statusCode <= 399 && reply->hasRawHeader("Location"))
        return followRedirect(statusCode, reply->rawHeader("Location"));

    readResponse(reply);
    finish();
}

void BatchTransfer::readResponse(QNetworkReply *reply)
{
    m_result.statusCode = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.reasonPhrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    m_result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toString();
    m_result.headers = reply->rawHeaderPairs();
    m_result.body = reply->readAll();
}

// Sends the same POST to the new location, whatever the 3xx status, because
// turning it into a GET as browsers do for 301 to 303 cannot return vectors.
// Only the same scheme, host and port are followed, so that the key never
// reaches a server other than the configured one.
void BatchTransfer::followRedirect(int statusCode, const QByteArray &location)
{
    const QUrl &current = m_request.url;
    const QUrl target = current.resolved(QUrl::fromEncoded(location));
    const bool sameServer = target.scheme() == current.scheme() && target.host() == current.host()
                            && target.port(-1) == current.port(-1);
    if (!sameServer) {
        qCWarning(lcNet).noquote() << "not following redirect" << statusCode << "from" << current.toDisplayString()
                                   << "to" << target.toDisplayString() << "on another server";
        m_result.failure = QStringLiteral("%1 redirected to %2, which is on another server; requests follow "
                                          "redirects only on the same server, so use that address as the base URL")
                               .arg(current.toDisplayString(), target.toDisplayString());
        return finish();
    }
    if (++m_redirectCount > MAX_REDIRECTS) {
        qCWarning(lcNet).noquote() << "too many redirects, last from" << current.toDisplayString();
        m_result.failure = QStringLiteral("%1 redirected more than %2 times; check the base URL")
                               .arg(current.toDisplayString())
                               .arg(MAX_REDIRECTS);
        return finish();
    }

    qCDebug(lcNet).noquote() << "following redirect" << statusCode << "from" << current.toDisplayString() << "to"
                             << target.toDisplayString();
    m_request.url = target;
    m_result.url = target;
    send();
}

// Turns a failure below HTTP into user text; this is the one place that
// does so. HTTP error statuses are described by describeHttpError().
QString BatchTransfer::describeNetworkError(QNetworkReply *reply) const
{
    const QString url = m_request.url.toDisplayString();
    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(m_request.timeout).count();
    const bool timedOut = m_timedOut || reply->error() == QNetworkReply::OperationCanceledError
                          || reply->error() == QNetworkReply::TimeoutError;
    if (timedOut)
        return m_responseStarted
                   ? QStringLiteral("the response from %1 did not complete within %2 s").arg(url).arg(seconds)
                   : QStringLiteral("no response from %1 after %2 s").arg(url).arg(seconds);

    switch (reply->error()) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("could not connect to %1: connection refused; check that the server is "
                              "running and the base URL is right")
            .arg(url);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host %1 not found; check the base URL").arg(m_request.url.host());
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection before the response was complete").arg(url);
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("secure connection to %1 failed: %2")
            .arg(m_request.url.host(),
                 m_tlsErrors.isEmpty() ? reply->errorString() : m_tlsErrors.join(QStringLiteral("; ")));
    case QNetworkReply::NoError:
        return QStringLiteral("%1 sent a response without an HTTP status").arg(url);
    default:
        return QStringLiteral("request to %1 failed: %2").arg(url, reply->errorString());
    }
}

void BatchTransfer::finish()
{
    m_timer.stop();
    emit finished();
}

} // namespace embedscope::embedding
