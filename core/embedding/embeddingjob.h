#pragma once

#include "embeddingset.h"

#include <QObject>
#include <QString>
#include <QStringList>

namespace embedscope::embedding {

// How an embedding job ended. Exactly one of these reaches the caller.
struct EmbeddingOutcome
{
    enum class Status { Succeeded, Failed, Cancelled };

    Status status = Status::Failed;
    EmbeddingSet vectors; // one row per input text, in input order, when Succeeded
    QString errorMessage; // user-facing text when Failed

    bool succeeded() const { return status == Status::Succeeded; }
};

// One asynchronous embedding of a list of texts. A job starts when created
// and emits finished() exactly once, also after cancel(), and never from
// inside the call that created it, so callers can connect first.
class EmbeddingJob : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    // Aborts all work in flight; finished() follows with Status::Cancelled
    // unless the job has already finished.
    virtual void cancel() = 0;

signals:
    void progressChanged(int done, int total);
    void finished(const embedscope::embedding::EmbeddingOutcome &outcome);
};

// A source of embeddings. Implementations hold their own settings (endpoint,
// model, key) and know nothing of phrase editors, caches or views.
class EmbeddingProvider
{
public:
    virtual ~EmbeddingProvider() = default;

    // Short description for titles and exports, such as "OpenRouter ·
    // nvidia/llama-nemotron-embed-vl-1b-v2:free".
    virtual QString description() const = 0;

    // Starts embedding texts, which must be non-empty. The job is owned by
    // parent and should be deleted by the caller after finished().
    virtual EmbeddingJob *embed(const QStringList &texts, QObject *parent) = 0;
};

} // namespace embedscope::embedding

Q_DECLARE_METATYPE(embedscope::embedding::EmbeddingOutcome)
