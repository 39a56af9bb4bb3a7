#pragma once

#include "embeddingset.h"

#include <QObject>
#include <QString>
#include <QList>
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

    // Sets the phrase number, counted from 1, that error messages use for
    // each input, for a caller that passes on only some of its phrases.
    // Without it input i is phrase i + 1. Call it before control returns to
    // the event loop, because the job starts there.
    void setPhraseNumbers(const QList<int> &numbers) { m_phraseNumbers = numbers; }

signals:
    void progressChanged(int done, int total);
    // Vectors for the inputs from first to first + vectors.rows() - 1, sent
    // as each part arrives and before finished(), so that a caller can keep
    // them even if a later part fails. Jobs that compute everything at once
    // may not emit it.
    void vectorsReceived(int first, const embedscope::embedding::EmbeddingSet &vectors);
    // A line about the job's state worth showing, such as a retry countdown;
    // empty when there is nothing to add to the progress.
    void statusChanged(const QString &message);
    void finished(const embedscope::embedding::EmbeddingOutcome &outcome);

protected:
    int phraseNumber(int input) const { return m_phraseNumbers.value(input, input + 1); }
    const QList<int> &phraseNumbers() const { return m_phraseNumbers; }

private:
    QList<int> m_phraseNumbers;
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
