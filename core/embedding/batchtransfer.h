#pragma once

#include "retrypolicy.h"

#include <QByteArray>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QUrl>

#include <chrono>

class QNetworkAccessManager;

namespace embedscope::embedding {

// One POST of a JSON body to an embeddings endpoint.
struct TransferRequest
{
    QUrl url;
    QByteArray body;
    QByteArray authorization; // full header value such as "Bearer …"; empty for none
    std::chrono::milliseconds timeout{60000};
};

// The outcome of a transfer: an HTTP response of any status, or a failure
// below HTTP described for the user.
struct TransferResult
{
    int statusCode = 0; // 0 when no complete response arrived
    QString reasonPhrase;
    QString contentType;
    HeaderList headers;
    QByteArray body;
    QUrl url; // the last URL tried, after any redirects

    QString failure;        // user text for a failure below HTTP or a refused redirect; empty otherwise
    bool retryable = false; // whether the failure is one that may pass on another try
    bool timedOut = false;

    bool isResponse() const { return failure.isEmpty(); }
};

// Sends one request and follows redirects on the same server, then emits
// finished() once. The request is bounded twice over by the timeout: Qt's
// transfer timeout ends a transfer that stops moving, and a timer on the
// whole request also covers a server that accepts the connection and never
// responds. TLS errors fail the handshake and are named in the failure.
class BatchTransfer : public QObject
{
    Q_OBJECT

public:
    static constexpr int MAX_REDIRECTS = 5;

    BatchTransfer(QNetworkAccessManager *network, TransferRequest request, QObject *parent);
    ~BatchTransfer() override;

    void start();
    // Stops the transfer without emitting finished().
    void abort();

    const TransferResult &result() const { return m_result; }

signals:
    void finished();

private:
    void send();
    void onReplyFinished();
    void onTimedOut();
    void readResponse(QNetworkReply *reply);
    void followRedirect(int statusCode, const QByteArray &location);
    QString describeNetworkError(QNetworkReply *reply) const;
    void finish();

    QPointer<QNetworkAccessManager> m_network;
    TransferRequest m_request;
    int m_redirectCount = 0;
    QPointer<QNetworkReply> m_reply;
    QTimer m_timer;
    bool m_responseStarted = false;
    bool m_timedOut = false;
    QStringList m_tlsErrors;
    TransferResult m_result;
};

} // namespace embedscope::embedding
