#include "httpembeddingjob.h"

#include "common/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <algorithm>
#include <chrono>

namespace embedscope::embedding {

static QUrl endpointUrl(const QString &baseUrl)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base + QStringLiteral("/embeddings"));
}

// Reads the key when the request is made, so that it is never stored with
// the settings and a key exported after start-up is still found.
static Expected<QByteArray> readApiKey(const ProviderSettings &settings)
{
    if (settings.apiKeyVariable.isEmpty())
        return QByteArray();

    const QByteArray key = qgetenv(settings.apiKeyVariable.toLocal8Bit().constData()).trimmed();
    if (!key.isEmpty())
        return key;

    const bool namedService = settings.kind == ProviderKind::OpenRouter
                              || settings.kind == ProviderKind::OpenAI;
    const QString keyOwner = namedService
                                 ? QStringLiteral("your %1").arg(providerKindTitle(settings.kind))
                                 : QStringLiteral("the server's");
    return fail(QStringLiteral("%1 is not set; export it with %2 key or choose the built-in provider")
                    .arg(settings.apiKeyVariable, keyOwner));
}

static QByteArray requestBody(const ProviderSettings &settings, const EmbeddingBatch &batch)
{
    QJsonObject body{
        {QStringLiteral("model"), settings.model},
        {QStringLiteral("input"), QJsonArray::fromStringList(batch.inputs)},
        {QStringLiteral("encoding_format"), QStringLiteral("float")},
    };
    if (batch.dimensions > 0)
        body.insert(QStringLiteral("dimensions"), batch.dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

static QString describeEmptyPhrases(const QStringList &texts)
{
    QStringList numbers;
    for (int i = 0; i < texts.size(); ++i) {
        if (texts[i].trimmed().isEmpty())
            numbers << QString::number(i + 1);
    }
    if (numbers.isEmpty())
        return {};
    const QString subject = numbers.size() == 1
                                ? QStringLiteral("phrase %1 is").arg(numbers.first())
                                : QStringLiteral("phrases %1 are").arg(numbers.join(QStringLiteral(", ")));
    return subject + QStringLiteral(" empty or only whitespace; remove them, because embedding servers "
                                    "reject empty input");
}

HttpEmbeddingJob::HttpEmbeddingJob(QNetworkAccessManager *network, const ProviderSettings &settings,
                                   const QStringList &texts, QObject *parent)
    : EmbeddingJob(parent)
    , m_network(network)
    , m_settings(settings)
    , m_texts(texts)
    , m_url(endpointUrl(settings.baseUrl))
{
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(std::chrono::seconds(std::max(1, m_settings.timeoutSeconds)));
    connect(&m_requestTimer, &QTimer::timeout, this, &HttpEmbeddingJob::onRequestTimedOut);
    if (network)
        connect(network, &QObject::destroyed, this, &HttpEmbeddingJob::onNetworkDestroyed);

    // A queued start lets the caller connect to finished() first, even when
    // the job fails at once.
    QTimer::singleShot(0, this, &HttpEmbeddingJob::start);
}

HttpEmbeddingJob::~HttpEmbeddingJob()
{
    abortReply();
}

void HttpEmbeddingJob::cancel()
{
    if (m_finished)
        return;
    qCDebug(lcNet).noquote() << "cancelling embedding request to" << m_url.toDisplayString() << "after"
                             << m_done << "of" << m_texts.size() << "inputs";
    abortReply();
    finish({EmbeddingOutcome::Status::Cancelled, {}, {}});
}

void HttpEmbeddingJob::start()
{
    if (m_finished)
        return;
    if (!m_network)
        return failWith(QStringLiteral("the provider was closed before the request started"));

    const QString emptyPhrases = describeEmptyPhrases(m_texts);
    if (!emptyPhrases.isEmpty())
        return failWith(emptyPhrases);
    if (m_texts.isEmpty())
        return finish({EmbeddingOutcome::Status::Succeeded, {}, {}});

    sendNextBatch();
}

void HttpEmbeddingJob::sendNextBatch()
{
    const int count = std::min<int>(MAX_BATCH_SIZE, int(m_texts.size()) - m_done);
    m_batch = {m_texts.mid(m_done, count), m_done, m_settings.dimensions};
    sendBatch();
}

void HttpEmbeddingJob::sendBatch()
{
    const Expected<QByteArray> key = readApiKey(m_settings);
    if (!key)
        return failWith(key.error());

    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("User-Agent", "Embedscope/" EMBEDSCOPE_VERSION);
    if (!key->isEmpty())
        request.setRawHeader("Authorization", "Bearer " + *key);
    // followRedirect() handles redirects, because Qt 6.4.2 was seen sending
    // the original POST a second time when it followed a 307 or 308 itself,
    // which failed about one reply in three.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setTransferTimeout(int(m_requestTimer.interval()));

    qCDebug(lcNet).noquote() << "POST" << m_url.toDisplayString() << "inputs" << m_done + 1 << "to"
                             << m_done + m_batch.inputs.size() << "of" << m_texts.size() << "model" << m_settings.model
                             << "headers: Content-Type: application/json"
                             << (key->isEmpty() ? "(no Authorization)" : "Authorization: Bearer <redacted>");

    m_responseStarted = false;
    m_tlsErrors.clear();
    m_reply = m_network->post(request, requestBody(m_settings, m_batch));
    connect(m_reply, &QNetworkReply::finished, this, &HttpEmbeddingJob::onReplyFinished);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, [this] { m_responseStarted = true; });
#if QT_CONFIG(ssl)
    // Not ignored: the handshake fails and the errors go into the message.
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &error : errors)
            m_tlsErrors << error.errorString();
        qCWarning(lcNet).noquote() << "TLS errors from" << m_url.toDisplayString() << m_tlsErrors;
    });
#endif
    m_requestTimer.start();
}

void HttpEmbeddingJob::onReplyFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    m_requestTimer.stop();
    if (!reply)
        return;
    reply->deleteLater();
    if (!m_finished)
        handleReply(reply);
}

void HttpEmbeddingJob::handleReply(QNetworkReply *reply)
{
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const int statusCode = status.toInt();
    if (statusCode >= 300 && statusCode <= 399 && reply->hasRawHeader("Location"))
        return followRedirect(statusCode, reply->rawHeader("Location"));

    const bool httpError = status.isValid() && (statusCode < 200 || statusCode > 299);
    if (httpError || reply->error() != QNetworkReply::NoError) {
        const QString message = describeReplyFailure(reply);
        qCWarning(lcNet).noquote() << "embedding request failed:" << m_url.toDisplayString() << "inputs"
                                   << m_done + 1 << "to" << m_done + m_batch.inputs.size() << "status"
                                   << status.toInt() << "error" << reply->error() << "-" << message;
        return failWith(message);
    }

    const Expected<EmbeddingSet> vectors = parseEmbeddingResponse(reply->readAll(), m_batch);
    if (!vectors) {
        qCWarning(lcNet).noquote() << "invalid embedding response from" << m_url.toDisplayString()
                                   << "inputs" << m_done + 1 << "to" << m_done + m_batch.inputs.size()
                                   << "-" << vectors.error();
        return failWith(QStringLiteral("invalid response from %1: %2")
                            .arg(m_url.toDisplayString(), vectors.error()));
    }
    storeBatch(*vectors);
}

// Sends the same POST to the new location, whatever the 3xx status, because
// turning it into a GET as browsers do for 301 to 303 cannot return vectors.
void HttpEmbeddingJob::followRedirect(int statusCode, const QByteArray &location)
{
    const QUrl target = m_url.resolved(QUrl::fromEncoded(location));
    const bool sameServer = target.scheme() == m_url.scheme() && target.host() == m_url.host()
                            && target.port(-1) == m_url.port(-1);
    if (!sameServer) {
        qCWarning(lcNet).noquote() << "not following redirect" << statusCode << "from" << m_url.toDisplayString()
                                   << "to" << target.toDisplayString() << "on another server";
        return failWith(QStringLiteral("%1 redirected to %2, which is on another server; requests follow "
                                       "redirects only on the same server, so use that address as the base URL")
                            .arg(m_url.toDisplayString(), target.toDisplayString()));
    }
    if (++m_redirectCount > MAX_REDIRECTS) {
        qCWarning(lcNet).noquote() << "too many redirects, last from" << m_url.toDisplayString();
        return failWith(QStringLiteral("%1 redirected more than %2 times; check the base URL")
                            .arg(m_url.toDisplayString())
                            .arg(MAX_REDIRECTS));
    }

    qCDebug(lcNet).noquote() << "following redirect" << statusCode << "from" << m_url.toDisplayString() << "to"
                             << target.toDisplayString();
    m_url = target;
    sendBatch();
}

void HttpEmbeddingJob::storeBatch(const EmbeddingSet &vectors)
{
    if (m_done == 0)
        m_vectors = EmbeddingSet(int(m_texts.size()), vectors.dimensions());

    if (vectors.dimensions() != m_vectors.dimensions()) {
        return failWith(QStringLiteral("invalid response from %1: phrases %2 to %3 got %4-dimensional "
                                       "vectors, but the phrases before them got %5-dimensional ones")
                            .arg(m_url.toDisplayString())
                            .arg(m_done + 1)
                            .arg(m_done + vectors.rows())
                            .arg(vectors.dimensions())
                            .arg(m_vectors.dimensions()));
    }

    for (int row = 0; row < vectors.rows(); ++row)
        std::ranges::copy(vectors.row(row), m_vectors.row(m_done + row).begin());
    m_done += vectors.rows();
    qCDebug(lcNet) << "received" << vectors.rows() << "vectors of" << vectors.dimensions()
                   << "dimensions;" << m_done << "of" << m_texts.size() << "done";
    emit progressChanged(m_done, int(m_texts.size()));

    if (m_done < m_texts.size())
        return sendNextBatch();
    finish({EmbeddingOutcome::Status::Succeeded, std::move(m_vectors), {}});
}

// Turns a failed reply into user text. HTTP error statuses are described by
// describeHttpError(); this covers the failures below HTTP.
QString HttpEmbeddingJob::describeReplyFailure(QNetworkReply *reply) const
{
    const QString url = m_url.toDisplayString();
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (status.isValid() && (status.toInt() < 200 || status.toInt() > 299)) {
        return describeHttpError({
            status.toInt(),
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString(),
            reply->header(QNetworkRequest::ContentTypeHeader).toString(),
            url,
            reply->readAll(),
            m_settings.apiKeyVariable,
        });
    }

    const qint64 seconds = std::chrono::duration_cast<std::chrono::seconds>(
                               m_requestTimer.intervalAsDuration())
                               .count();
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError: // our timer or Qt's transfer timeout aborted it
    case QNetworkReply::TimeoutError:
        if (m_responseStarted)
            return QStringLiteral("the response from %1 did not complete within %2 s").arg(url).arg(seconds);
        return QStringLiteral("no response from %1 after %2 s").arg(url).arg(seconds);
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("could not connect to %1: connection refused; check that the server is "
                              "running and the base URL is right")
            .arg(url);
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host %1 not found; check the base URL").arg(m_url.host());
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("%1 closed the connection before the response was complete").arg(url);
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("secure connection to %1 failed: %2")
            .arg(m_url.host(), m_tlsErrors.isEmpty() ? reply->errorString() : m_tlsErrors.join(QStringLiteral("; ")));
    default:
        return QStringLiteral("request to %1 failed: %2").arg(url, reply->errorString());
    }
}

void HttpEmbeddingJob::onRequestTimedOut()
{
    if (!m_reply)
        return;
    qCWarning(lcNet).noquote() << "no complete response from" << m_url.toDisplayString() << "within"
                     << m_requestTimer.interval() << "ms; aborting";
    m_reply->abort(); // finished() follows, handled as a timeout
}

void HttpEmbeddingJob::onNetworkDestroyed()
{
    m_reply = nullptr; // deleted with its manager
    if (!m_finished)
        failWith(QStringLiteral("the provider was closed before the request to %1 finished")
                     .arg(m_url.toDisplayString()));
}

void HttpEmbeddingJob::abortReply()
{
    m_requestTimer.stop();
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    if (!reply)
        return;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void HttpEmbeddingJob::failWith(const QString &message)
{
    finish({EmbeddingOutcome::Status::Failed, {}, message});
}

// Emits finished() once, on the next event loop iteration, so that no caller
// ever receives it from inside its own call to cancel() or embed().
void HttpEmbeddingJob::finish(EmbeddingOutcome outcome)
{
    if (m_finished)
        return;
    m_finished = true;
    abortReply();
    QTimer::singleShot(0, this, [this, outcome = std::move(outcome)] { emit finished(outcome); });
}

} // namespace embedscope::embedding
