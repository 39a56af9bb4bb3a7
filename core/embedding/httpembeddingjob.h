#pragma once

#include "batchplanner.h"
#include "embeddingjob.h"
#include "providersettings.h"
#include "responseparser.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <optional>

class QNetworkAccessManager;

namespace embedscope::embedding {

class BatchTransfer;
struct TransferResult;

// Embeds texts with POST {baseUrl}/embeddings: in batches that respect
// batchLimitsFor(), with up to settings.concurrency requests in flight, and
// reassembles the vectors in input order.
//
// A batch that fails in a way worth retrying (isRetryableStatus(), a
// timeout, a dropped connection) is sent again after the wait the server
// requests, else after exponential backoff, up to settings.retry.maxRetries
// times. After a 429, or any response that names a wait, no batch is sent
// until that wait is over. A batch the server rejects as too large is
// halved, down to a single input, and later batches use the smaller size.
// The job fails with the first error that retrying cannot fix, and cancel()
// aborts every request in flight at once.
class HttpEmbeddingJob : public EmbeddingJob
{
    Q_OBJECT

public:
    // Starts on the next event loop iteration. The manager belongs to the
    // provider; if it is destroyed first, the job fails.
    HttpEmbeddingJob(QNetworkAccessManager *network, const ProviderSettings &settings, const QStringList &texts,
                     QObject *parent);
    ~HttpEmbeddingJob() override;

    void cancel() override;

private:
    // A run of consecutive inputs sent in one request.
    struct Batch
    {
        int first = 0;
        int count = 0;
        int retries = 0;        // tries so far after the first
        qint64 notBeforeMs = 0; // on m_clock; later for a batch waiting to be retried
    };

    void start();
    void onKeyFound(const Expected<QByteArray> &key);
    void sendReadyBatches();
    std::optional<Batch> takeReadyBatch(qint64 now);
    qint64 nextWakeMs() const;
    void updateCountdown(qint64 wakeMs);
    void send(const Batch &batch);
    void onTransferFinished(BatchTransfer *transfer);
    void handleResponse(const Batch &batch, const TransferResult &result);
    void handleFailure(const Batch &batch, const TransferResult &result);
    void handleHttpError(const Batch &batch, const TransferResult &result);
    void splitTooLargeBatch(const Batch &batch, const TransferResult &result, const QString &message);
    void retryLater(Batch batch, std::chrono::milliseconds wait, const QString &reason, bool pauseAll);
    void store(const Batch &batch, const EmbeddingSet &vectors);
    void onNetworkDestroyed();
    EmbeddingBatch parserBatch(const Batch &batch) const;
    QString describeInputs(const Batch &batch) const;
    QString describePhrases(const Batch &batch) const;
    void abortTransfers();
    void failWith(const QString &message);
    void finish(EmbeddingOutcome outcome);

    QPointer<QNetworkAccessManager> m_network;
    ProviderSettings m_settings;
    QStringList m_texts;
    QUrl m_url;
    QByteArray m_authorization;
    BatchLimits m_limits;

    QList<Batch> m_pending;
    QHash<BatchTransfer *, Batch> m_inFlight;
    QElapsedTimer m_clock;
    qint64 m_pausedUntilMs = 0; // no batch starts before this, after a server named a wait
    QTimer m_wakeTimer;         // fires when the next waiting batch may go
    QTimer m_countdownTimer;    // refreshes the status line while batches wait
    QString m_waitReason;

    EmbeddingSet m_vectors; // allocated when the first batch arrives
    int m_done = 0;
    bool m_finished = false;
};

} // namespace embedscope::embedding
