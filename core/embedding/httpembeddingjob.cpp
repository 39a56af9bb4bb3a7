#include "httpembeddingjob.h"

#include "apikey.h"
#include "batchtransfer.h"
#include "common/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QRandomGenerator>
#include <QRegularExpression>

#include <algorithm>

namespace embedscope::embedding {

using std::chrono::milliseconds;

static QUrl endpointUrl(const QString &baseUrl)
{
    QString base = baseUrl.trimmed();
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base + QStringLiteral("/embeddings"));
}

static QByteArray requestBody(const ProviderSettings &settings, const QStringList &inputs)
{
    QJsonObject body{
        {QStringLiteral("model"), settings.model},
        {QStringLiteral("input"), QJsonArray::fromStringList(inputs)},
        {QStringLiteral("encoding_format"), encodingFormatName(settings)},
    };
    if (settings.dimensions > 0)
        body.insert(QStringLiteral("dimensions"), settings.dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

// A 413, or a 400 or 422 whose message blames the size of the request, as
// text-embeddings-inference sends for more than 32 inputs ("batch size 64 >
// maximum allowed batch size 32") and OpenAI for too many tokens.
static bool isTooLargeResponse(int statusCode, const QString &message)
{
    if (statusCode == 413)
        return true;
    if (statusCode != 400 && statusCode != 422)
        return false;
    static const QRegularExpression tooLarge(
        QStringLiteral("too (large|long|big|many)|exceed|batch size|max(imum)?[ _-]*(allowed )?(client[ _-]*)?batch|"
                       "payload|request entity|must have less than|maximum context length|tokens per request"),
        QRegularExpression::CaseInsensitiveOption);
    return tooLarge.match(message).hasMatch();
}

static QString sentence(const QString &text)
{
    static const QRegularExpression sentenceEnd(QStringLiteral("[.!?…]$"));
    return sentenceEnd.match(text).hasMatch() ? text : text + u'.';
}

static QString withRetryNote(const QString &message, int retries)
{
    if (retries == 0)
        return message;
    return sentence(message) + QStringLiteral(" Gave up after %1 %2.").arg(retries).arg(retries == 1 ? u"retry" : u"retries");
}

HttpEmbeddingJob::HttpEmbeddingJob(QNetworkAccessManager *network, const ProviderSettings &settings,
                                   const QStringList &texts, QObject *parent)
    : EmbeddingJob(parent)
    , m_network(network)
    , m_settings(settings)
    , m_texts(texts)
    , m_url(endpointUrl(settings.baseUrl))
    , m_limits(batchLimitsFor(settings))
{
    m_clock.start();
    m_wakeTimer.setSingleShot(true);
    connect(&m_wakeTimer, &QTimer::timeout, this, &HttpEmbeddingJob::sendReadyBatches);
    m_countdownTimer.setInterval(std::chrono::seconds(1));
    connect(&m_countdownTimer, &QTimer::timeout, this, [this] { updateCountdown(nextWakeMs()); });
    if (network)
        connect(network, &QObject::destroyed, this, &HttpEmbeddingJob::onNetworkDestroyed);

    // A queued start lets the caller connect to finished() first, even when
    // the job fails at once.
    QTimer::singleShot(0, this, &HttpEmbeddingJob::start);
}

HttpEmbeddingJob::~HttpEmbeddingJob()
{
    abortTransfers();
}

void HttpEmbeddingJob::cancel()
{
    if (m_finished)
        return;
    qCDebug(lcNet).noquote() << "cancelling embedding requests to" << m_url.toDisplayString() << "after" << m_done
                             << "of" << m_texts.size() << "inputs;" << m_inFlight.size() << "requests in flight";
    finish({EmbeddingOutcome::Status::Cancelled, {}, {}});
}

void HttpEmbeddingJob::start()
{
    if (m_finished)
        return;
    if (!m_network)
        return failWith(QStringLiteral("the provider was closed before the request started"));

    const QString emptyInputs = describeEmptyInputs(m_texts);
    if (!emptyInputs.isEmpty())
        return failWith(emptyInputs);
    if (m_texts.isEmpty())
        return finish({EmbeddingOutcome::Status::Succeeded, {}, {}});

    lookUpApiKey(m_settings, this, [this](const Expected<QByteArray> &key) { onKeyFound(key); });
}

void HttpEmbeddingJob::onKeyFound(const Expected<QByteArray> &key)
{
    if (m_finished)
        return;
    if (!key)
        return failWith(key.error());

    m_authorization = key->isEmpty() ? QByteArray() : "Bearer " + *key;
    m_pending = {Batch{0, int(m_texts.size())}};
    qCDebug(lcNet).noquote() << "embedding" << m_texts.size() << "inputs with" << m_url.toDisplayString() << "in batches of"
                             << m_limits.maxInputs << "inputs," << m_settings.concurrency << "in flight";
    sendReadyBatches();
}

// Starts as many ready batches as the concurrency allows, then sets the
// timer for the next batch that is waiting to be retried. One clock reading
// serves both steps: with two, a wait that ended between them left a batch
// neither sent nor timed, and the job hung on a loaded machine.
void HttpEmbeddingJob::sendReadyBatches()
{
    if (m_finished)
        return;
    const int concurrency = std::max(1, m_settings.concurrency);
    const qint64 now = m_clock.elapsed();
    while (m_inFlight.size() < concurrency) {
        const std::optional<Batch> batch = takeReadyBatch(now);
        if (!batch)
            break;
        send(*batch);
    }

    const qint64 wakeMs = nextWakeMs();
    if (wakeMs >= 0 && m_inFlight.size() < concurrency)
        m_wakeTimer.start(milliseconds(std::max<qint64>(0, wakeMs - now)));
    else
        m_wakeTimer.stop();
    updateCountdown(wakeMs);
}

// Takes the first pending batch whose wait is over at `now`, cut to the
// current limits. The rest of a cut batch stays in its place.
std::optional<HttpEmbeddingJob::Batch> HttpEmbeddingJob::takeReadyBatch(qint64 now)
{
    if (now < m_pausedUntilMs)
        return std::nullopt;

    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        Batch batch = m_pending[i];
        if (batch.notBeforeMs > now)
            continue;

        const int length = nextBatchLength(m_texts, batch.first, batch.count, m_limits);
        if (length < batch.count)
            m_pending[i] = Batch{batch.first + length, batch.count - length};
        else
            m_pending.removeAt(i);
        batch.count = length;
        return batch;
    }
    return std::nullopt;
}

// The time on m_clock at which the next pending batch may be sent, or -1
// when none is pending.
qint64 HttpEmbeddingJob::nextWakeMs() const
{
    qint64 earliest = -1;
    for (const Batch &batch : m_pending) {
        const qint64 ready = std::max(batch.notBeforeMs, m_pausedUntilMs);
        earliest = earliest < 0 ? ready : std::min(earliest, ready);
    }
    return earliest;
}

void HttpEmbeddingJob::updateCountdown(qint64 wakeMs)
{
    const qint64 remainingMs = wakeMs - m_clock.elapsed();
    if (remainingMs <= 0 || m_finished) {
        if (m_countdownTimer.isActive()) {
            m_countdownTimer.stop();
            emit statusChanged(QString());
        }
        return;
    }
    if (!m_countdownTimer.isActive())
        m_countdownTimer.start();
    const qint64 seconds = (remainingMs + 999) / 1000;
    emit statusChanged(QStringLiteral("%1; retrying in %2 s").arg(m_waitReason).arg(seconds));
}

void HttpEmbeddingJob::send(const Batch &batch)
{
    const QStringList inputs = m_texts.mid(batch.first, batch.count);
    const QString retry = batch.retries > 0 ? QStringLiteral(" (retry %1)").arg(batch.retries) : QString();
    const QString authorization = m_authorization.isEmpty() ? QStringLiteral("no Authorization")
                                                            : QStringLiteral("Authorization: Bearer <redacted>");
    qCDebug(lcNet).noquote() << QStringLiteral("POST %1 %2 of %3%4, model %5, encoding_format %6; headers: "
                                               "Content-Type: application/json, %7")
                                    .arg(m_url.toDisplayString(), describeInputs(batch))
                                    .arg(m_texts.size())
                                    .arg(retry, m_settings.model, encodingFormatName(m_settings), authorization);

    TransferRequest request{m_url, requestBody(m_settings, inputs), m_authorization,
                            std::chrono::seconds(std::max(1, m_settings.timeoutSeconds))};
    auto *transfer = new BatchTransfer(m_network, std::move(request), this);
    m_inFlight.insert(transfer, batch);
    connect(transfer, &BatchTransfer::finished, this, [this, transfer] { onTransferFinished(transfer); });
    transfer->start();
}

void HttpEmbeddingJob::onTransferFinished(BatchTransfer *transfer)
{
    const auto found = m_inFlight.find(transfer);
    if (found == m_inFlight.end())
        return;
    const Batch batch = found.value();
    m_inFlight.erase(found);
    const TransferResult result = transfer->result();
    transfer->deleteLater();
    if (m_finished)
        return;

    const bool succeeded = result.isResponse() && result.statusCode >= 200 && result.statusCode <= 299;
    if (succeeded)
        handleResponse(batch, result);
    else
        handleFailure(batch, result);
    sendReadyBatches();
}

void HttpEmbeddingJob::handleResponse(const Batch &batch, const TransferResult &result)
{
    const QString url = result.url.toDisplayString();
    if (!result.body.trimmed().isEmpty() && !looksLikeJson(result.body, result.contentType)) {
        const QString message = describeNonJsonResponse(
            {result.statusCode, result.reasonPhrase, result.contentType, url, result.body, m_settings.apiKeyVariable});
        qCWarning(lcNet).noquote() << "non-JSON response for" << describeInputs(batch) << "-" << message;
        return failWith(message);
    }

    const Expected<EmbeddingSet> vectors = parseEmbeddingResponse(result.body, parserBatch(batch));
    if (!vectors) {
        qCWarning(lcNet).noquote() << "invalid embedding response from" << url << "for" << describeInputs(batch) << "-"
                                   << vectors.error();
        return failWith(QStringLiteral("invalid response from %1: %2").arg(url, vectors.error()));
    }
    store(batch, *vectors);
}

void HttpEmbeddingJob::handleFailure(const Batch &batch, const TransferResult &result)
{
    if (result.isResponse())
        return handleHttpError(batch, result);

    const int maxRetries = m_settings.retry.maxRetries;
    if (result.retryable && batch.retries < maxRetries) {
        const milliseconds wait =
            backoffDelay(m_settings.retry, batch.retries + 1, QRandomGenerator::global()->generateDouble());
        return retryLater(batch, wait, result.failure, false);
    }
    qCWarning(lcNet).noquote() << "request for" << describeInputs(batch) << "failed after" << batch.retries
                               << "retries:" << result.failure;
    failWith(withRetryNote(result.failure, batch.retries));
}

void HttpEmbeddingJob::handleHttpError(const Batch &batch, const TransferResult &result)
{
    const QString url = result.url.toDisplayString();
    const HttpErrorResponse response{result.statusCode, result.reasonPhrase, result.contentType,
                                     url,               result.body,         m_settings.apiKeyVariable};
    QString serverMessage = serverErrorMessage(result.body);
    if (serverMessage.isEmpty())
        serverMessage = bodyExcerpt(result.body, result.contentType);
    if (isTooLargeResponse(result.statusCode, serverMessage))
        return splitTooLargeBatch(batch, result, serverMessage);

    if (isRetryableStatus(result.statusCode) && batch.retries < m_settings.retry.maxRetries) {
        const auto requested = requestedWait(result.statusCode, result.headers, QDateTime::currentDateTimeUtc());
        if (requested && *requested > m_settings.retry.maxWait) {
            qCWarning(lcNet).noquote() << "HTTP" << result.statusCode << "from" << url << "for" << describeInputs(batch)
                                       << "asks to wait" << requested->count() << "ms, more than the limit of"
                                       << m_settings.retry.maxWait.count() << "ms; not retrying";
            return failWith(QStringLiteral("%1 The server asks to wait %2 s before the next request, longer than "
                                           "the %3 s Embedscope waits at most; try again later.")
                                .arg(sentence(describeHttpError(response)))
                                .arg((requested->count() + 999) / 1000)
                                .arg(m_settings.retry.maxWait.count() / 1000));
        }
        const milliseconds wait = requested ? *requested
                                            : backoffDelay(m_settings.retry, batch.retries + 1,
                                                           QRandomGenerator::global()->generateDouble());
        const bool pauseAll = requested.has_value() || result.statusCode == 429;
        return retryLater(batch, wait, QStringLiteral("HTTP %1 from %2").arg(result.statusCode).arg(url), pauseAll);
    }

    qCWarning(lcNet).noquote() << "embedding request failed:" << url << describeInputs(batch) << "status"
                               << result.statusCode << "after" << batch.retries << "retries -" << serverMessage;
    failWith(withRetryNote(describeHttpError(response), batch.retries));
}

void HttpEmbeddingJob::splitTooLargeBatch(const Batch &batch, const TransferResult &result, const QString &message)
{
    const QString url = result.url.toDisplayString();
    if (batch.count == 1) {
        qCWarning(lcNet).noquote() << "HTTP" << result.statusCode << "from" << url << "rejects"
                                   << describeInputs(batch) << "on its own:" << message;
        const QString phrase = parserBatch(batch).inputs.first();
        const QString excerpt = phrase.size() > 40 ? phrase.left(39) + u'…' : phrase;
        return failWith(QStringLiteral("HTTP %1 from %2 rejects phrase %3 (\"%4\") as too large even on its own: "
                                       "%5. Shorten or remove that phrase.")
                            .arg(result.statusCode)
                            .arg(url)
                            .arg(phraseNumber(batch.first))
                            .arg(excerpt, message));
    }

    const int half = (batch.count + 1) / 2;
    m_limits.maxInputs = m_limits.maxInputs > 0 ? std::min(m_limits.maxInputs, half) : half;
    qCWarning(lcNet).noquote() << "HTTP" << result.statusCode << "from" << url << "rejects" << batch.count
                               << "inputs as too large (" << message << "); sending" << describeInputs(batch)
                               << "again in batches of at most" << m_limits.maxInputs;
    m_pending.prepend(Batch{batch.first + half, batch.count - half});
    m_pending.prepend(Batch{batch.first, half});
}

void HttpEmbeddingJob::retryLater(Batch batch, milliseconds wait, const QString &reason, bool pauseAll)
{
    batch.retries += 1;
    batch.notBeforeMs = m_clock.elapsed() + wait.count();
    if (pauseAll)
        m_pausedUntilMs = std::max(m_pausedUntilMs, batch.notBeforeMs);
    m_waitReason = reason;
    qCWarning(lcNet).noquote() << QStringLiteral("retrying %1 (retry %2 of %3) in %4 ms after %5%6")
                                      .arg(describeInputs(batch))
                                      .arg(batch.retries)
                                      .arg(m_settings.retry.maxRetries)
                                      .arg(wait.count())
                                      .arg(reason, pauseAll ? QStringLiteral("; holding all requests until then")
                                                            : QString());
    m_pending.prepend(batch);
}

void HttpEmbeddingJob::store(const Batch &batch, const EmbeddingSet &vectors)
{
    if (m_vectors.isEmpty())
        m_vectors = EmbeddingSet(int(m_texts.size()), vectors.dimensions());
    if (vectors.dimensions() != m_vectors.dimensions()) {
        return failWith(QStringLiteral("invalid response from %1: %2 got %3-dimensional vectors, but other "
                                       "phrases got %4-dimensional ones")
                            .arg(m_url.toDisplayString(), describePhrases(batch))
                            .arg(vectors.dimensions())
                            .arg(m_vectors.dimensions()));
    }

    for (int row = 0; row < vectors.rows(); ++row)
        std::ranges::copy(vectors.row(row), m_vectors.row(batch.first + row).begin());
    m_done += vectors.rows();
    qCDebug(lcNet).noquote() << QStringLiteral("received %1 vectors of %2 dimensions for %3; %4 of %5 done")
                                    .arg(vectors.rows())
                                    .arg(vectors.dimensions())
                                    .arg(describeInputs(batch))
                                    .arg(m_done)
                                    .arg(m_texts.size());
    emit vectorsReceived(batch.first, vectors);
    emit progressChanged(m_done, int(m_texts.size()));

    if (m_done == m_texts.size())
        finish({EmbeddingOutcome::Status::Succeeded, std::move(m_vectors), {}});
}

EmbeddingBatch HttpEmbeddingJob::parserBatch(const Batch &batch) const
{
    EmbeddingBatch parsed{m_texts.mid(batch.first, batch.count), batch.first, m_settings.dimensions, {}};
    if (!phraseNumbers().isEmpty())
        parsed.phraseNumbers = phraseNumbers().mid(batch.first, batch.count);
    return parsed;
}

// "inputs 129 to 256", positions in this job's list, for logs.
QString HttpEmbeddingJob::describeInputs(const Batch &batch) const
{
    if (batch.count == 1)
        return QStringLiteral("input %1").arg(batch.first + 1);
    return QStringLiteral("inputs %1 to %2").arg(batch.first + 1).arg(batch.first + batch.count);
}

// "phrases 129 to 256", numbered as the user sees them, for messages.
QString HttpEmbeddingJob::describePhrases(const Batch &batch) const
{
    if (batch.count == 1)
        return QStringLiteral("phrase %1").arg(phraseNumber(batch.first));
    return QStringLiteral("phrases %1 to %2").arg(phraseNumber(batch.first)).arg(phraseNumber(batch.first + batch.count - 1));
}

void HttpEmbeddingJob::onNetworkDestroyed()
{
    if (m_finished)
        return;
    failWith(QStringLiteral("the provider was closed before the request to %1 finished").arg(m_url.toDisplayString()));
}

void HttpEmbeddingJob::abortTransfers()
{
    const QList<BatchTransfer *> transfers = m_inFlight.keys();
    m_inFlight.clear();
    for (BatchTransfer *transfer : transfers) {
        transfer->abort();
        transfer->deleteLater();
    }
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
    abortTransfers();
    m_wakeTimer.stop();
    if (m_countdownTimer.isActive()) {
        m_countdownTimer.stop();
        emit statusChanged(QString());
    }
    QTimer::singleShot(0, this, [this, outcome = std::move(outcome)] { emit finished(outcome); });
}

} // namespace embedscope::embedding
