#pragma once

#include "embeddingset.h"

#include <QList>
#include <QString>
#include <QStringList>

class QSqlDatabase;
class QSqlError;

namespace embedscope::embedding {

// What a cached vector depends on besides its text. The encoding a server
// used does not matter, because both decode to the same float32 values.
struct CacheSpace
{
    QString baseUrl;
    QString model;
    int dimensions = 0; // the requested dimensions; 0 for the model's default
};

// Vectors found for some of a list of texts.
struct CacheLookup
{
    QList<int> found;     // positions in the texts looked up, ascending
    EmbeddingSet vectors; // row k belongs to texts[found[k]]
};

struct CacheOptions
{
    QString path;                          // empty for defaultPath()
    qint64 maxBytes = 512LL * 1024 * 1024; // vector bytes kept before the least recently used go
    int busyTimeoutMs = 2000;              // wait for another process's write lock
};

// A persistent embedding cache in SQLite, keyed by the SHA-256 of base URL,
// model, requested dimensions and the exact text. Vectors are stored as
// little-endian float32. Past maxBytes the least recently used vectors are
// evicted. A database that is corrupt, locked by another process for longer
// than busyTimeoutMs, or of an unknown schema is renamed aside with a
// warning and replaced by an empty one. If even that fails, the cache turns
// itself off and every lookup misses. Use it from one thread.
class EmbeddingCache
{
public:
    explicit EmbeddingCache(CacheOptions options = {});
    ~EmbeddingCache();

    EmbeddingCache(const EmbeddingCache &) = delete;
    EmbeddingCache &operator=(const EmbeddingCache &) = delete;

    // QStandardPaths::CacheLocation + "/embeddings.sqlite"; XDG_CACHE_HOME
    // moves it on Linux.
    static QString defaultPath();

    bool isOpen() const { return m_open; }
    const QString &path() const { return m_path; }
    CacheOptions options() const { return {m_path, m_maxBytes, m_busyTimeoutMs}; }

    // Finds the cached vectors of texts and marks them used. Only vectors
    // with the dimension of the first one found count; others are misses.
    CacheLookup lookup(const CacheSpace &space, const QStringList &texts);

    // Stores one vector per text, row i for texts[i], replacing older ones,
    // then evicts down to the size cap.
    void store(const CacheSpace &space, const QStringList &texts, const EmbeddingSet &vectors);

    // Removes every vector; returns how many there were, or -1 on failure.
    qint64 clear();

    qint64 vectorCount();
    qint64 sizeBytes() const { return m_totalBytes; }

private:
    bool open();
    bool openFile();
    bool createSchema();
    void close();
    bool recover(const QString &reason);
    bool handleError(const QString &operation, const QSqlError &error);
    QSqlDatabase database() const;
    bool refreshTotalBytes();
    void evict();
    void touch(const QList<qint64> &ids);

    QString m_path;
    qint64 m_maxBytes;
    int m_busyTimeoutMs;
    QString m_connectionName;
    bool m_open = false;
    qint64 m_totalBytes = 0;
    QString m_lastError; // why opening or setting up the file failed, for the warning
};

} // namespace embedscope::embedding
