#include "builtinprovider.h"

#include "common/logging.h"

#include <QFutureWatcher>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>

namespace embedscope::embedding {

namespace {

// Feature weights: words carry more meaning than single character n-grams,
// but n-grams are what lets "rbown" still match "brown".
constexpr float WORD_WEIGHT = 2.0f;
constexpr float TRIGRAM_WEIGHT = 1.0f;
constexpr float FOURGRAM_WEIGHT = 1.0f;

// Phrases per progress step, small enough that a cancel takes effect quickly.
constexpr int CHUNK = 256;

// FNV-1a over UTF-8: stable across runs, platforms and Qt versions, unlike
// qHash, which is seeded per process.
quint64 stableHash(QStringView feature, quint64 salt)
{
    quint64 hash = 14695981039346656037ULL ^ salt;
    const QByteArray bytes = feature.toUtf8();
    for (char byte : bytes) {
        hash ^= quint8(byte);
        hash *= 1099511628211ULL;
    }
    return hash;
}

// Feature hashing without a sign bit: every coordinate is a non-negative
// count, so two texts never score below 0. A signed hash would cancel
// collisions, but it gives unrelated texts small negative cosines, which
// turn the default heatmap into a diverging one for no real reason.
void addFeature(std::span<float> vector, QStringView feature, quint64 salt, float weight)
{
    const quint64 hash = stableHash(feature, salt);
    const size_t slot = size_t(hash % quint64(vector.size()));
    vector[slot] += weight;
}

// Lowercase, letters and digits kept, everything else a single space.
QString normalise(const QString &text)
{
    QString out;
    out.reserve(text.size());
    bool lastWasSpace = true;
    for (QChar c : text) {
        if (c.isLetterOrNumber()) {
            out.append(c.toLower());
            lastWasSpace = false;
        } else if (!lastWasSpace) {
            out.append(u' ');
            lastWasSpace = true;
        }
    }
    return out.trimmed();
}

void addNgrams(std::span<float> vector, const QString &padded, int n, quint64 salt, float weight)
{
    for (qsizetype i = 0; i + n <= padded.size(); ++i)
        addFeature(vector, QStringView(padded).mid(i, n), salt, weight);
}

void embedOne(const QString &text, std::span<float> vector)
{
    const QString normalised = normalise(text);
    const auto words = QStringView(normalised).split(u' ', Qt::SkipEmptyParts);
    for (QStringView word : words)
        addFeature(vector, word, 0x776f7264ULL, WORD_WEIGHT);

    // Spaces around the text mark word starts and ends, so "fox" at the start
    // of a phrase matches "fox" anywhere.
    const QString padded = u' ' + normalised + u' ';
    addNgrams(vector, padded, 3, 0x336772ULL, TRIGRAM_WEIGHT);
    addNgrams(vector, padded, 4, 0x346772ULL, FOURGRAM_WEIGHT);

    double squared = 0.0;
    for (float value : vector)
        squared += double(value) * double(value);
    if (squared == 0.0)
        return; // no letters or digits: a zero vector, which cosine reports as undefined
    const float scale = float(1.0 / std::sqrt(squared));
    for (float &value : vector)
        value *= scale;
}

class BuiltinJob : public EmbeddingJob
{
public:
    BuiltinJob(const QStringList &texts, QObject *parent)
        : EmbeddingJob(parent)
        , m_total(int(texts.size()))
    {
        connect(&m_watcher, &QFutureWatcher<EmbeddingSet>::progressValueChanged, this,
                [this](int done) { emit progressChanged(done, m_total); });
        connect(&m_watcher, &QFutureWatcher<EmbeddingSet>::finished, this, &BuiltinJob::onFinished);
        m_watcher.setFuture(QtConcurrent::run(&BuiltinJob::compute, texts));
    }

    ~BuiltinJob() override
    {
        // Only a running task needs stopping; a finished future whose result
        // was taken must not be waited on, because Qt 6.4 then blocks forever.
        if (m_finished)
            return;
        m_watcher.cancel();
        m_watcher.waitForFinished();
    }

    void cancel() override
    {
        if (m_finished)
            return;
        m_cancelled = true;
        m_watcher.cancel();
    }

private:
    static void compute(QPromise<EmbeddingSet> &promise, const QStringList &texts)
    {
        EmbeddingSet set(int(texts.size()), BuiltinProvider::DIMENSIONS);
        promise.setProgressRange(0, int(texts.size()));
        for (int i = 0; i < texts.size(); ++i) {
            if (i % CHUNK == 0) {
                if (promise.isCanceled())
                    return;
                promise.setProgressValue(i);
            }
            embedOne(texts.at(i), set.row(i));
        }
        promise.setProgressValue(int(texts.size()));
        promise.addResult(std::move(set));
    }

    void onFinished()
    {
        // Qt 6.4 can signal a QPromise-based task's end twice; the job's
        // contract is one finished() per job.
        if (m_finished)
            return;
        m_finished = true;
        EmbeddingOutcome outcome;
        if (m_cancelled || m_watcher.isCanceled() || m_watcher.future().resultCount() == 0) {
            outcome.status = EmbeddingOutcome::Status::Cancelled;
        } else {
            outcome.status = EmbeddingOutcome::Status::Succeeded;
            outcome.vectors = m_watcher.future().takeResult();
        }
        emit finished(outcome);
    }

    int m_total = 0;
    bool m_cancelled = false;
    bool m_finished = false;
    QFutureWatcher<EmbeddingSet> m_watcher;
};

} // namespace

QString BuiltinProvider::description() const
{
    return QStringLiteral("Built-in · character n-grams, %1 dimensions").arg(DIMENSIONS);
}

EmbeddingJob *BuiltinProvider::embed(const QStringList &texts, QObject *parent)
{
    qCDebug(lcNet) << "built-in provider embedding" << texts.size() << "texts";
    return new BuiltinJob(texts, parent);
}

EmbeddingSet BuiltinProvider::embedNow(const QStringList &texts)
{
    EmbeddingSet set(int(texts.size()), DIMENSIONS);
    for (int i = 0; i < texts.size(); ++i)
        embedOne(texts.at(i), set.row(i));
    return set;
}

} // namespace embedscope::embedding
