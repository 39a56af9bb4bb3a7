#pragma once

#include "embeddingjob.h"
#include "providersettings.h"
#include "responseparser.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

namespace embedscope::embedding {

// Embeds texts with POST {baseUrl}/embeddings, one request at a time of at
// most MAX_BATCH_SIZE inputs, and reassembles the vectors in input order.
// Redirects are followed only to the same scheme, host and port, so that the
// key never reaches a server other than the configured one.
// Each request is bounded by settings.timeoutSeconds twice over: Qt's
// transfer timeout, which ends a stalled transfer, and a timer on the whole
// request, which also covers a server that accepts the connection and never
// responds.
class HttpEmbeddingJob : public EmbeddingJob
{
    Q_OBJECT

public:
    static constexpr int MAX_BATCH_SIZE = 128;
    static constexpr int MAX_REDIRECTS = 5;

    // Starts on the next event loop iteration. The manager belongs to the
    // provider; if it is destroyed first, the job fails.
    HttpEmbeddingJob(QNetworkAccessManager *network, const ProviderSettings &settings,
                     const QStringList &texts, QObject *parent);
    ~HttpEmbeddingJob() override;

    void cancel() override;

private:
    void start();
    void sendNextBatch();
    void sendBatch();
    void followRedirect(int statusCode, const QByteArray &location);
    void onReplyFinished();
    void onRequestTimedOut();
    void onNetworkDestroyed();
    void handleReply(QNetworkReply *reply);
    void storeBatch(const EmbeddingSet &vectors);
    QString describeReplyFailure(QNetworkReply *reply) const;
    void abortReply();
    void failWith(const QString &message);
    void finish(EmbeddingOutcome outcome);

    QPointer<QNetworkAccessManager> m_network;
    ProviderSettings m_settings;
    QStringList m_texts;
    QUrl m_url; // the endpoint, changed by redirects
    int m_redirectCount = 0;

    EmbeddingBatch m_batch; // the request in flight
    EmbeddingSet m_vectors; // allocated when the first batch arrives
    int m_done = 0;

    QPointer<QNetworkReply> m_reply;
    QTimer m_requestTimer;
    bool m_responseStarted = false;
    QStringList m_tlsErrors;
    bool m_finished = false;
};

} // namespace embedscope::embedding
