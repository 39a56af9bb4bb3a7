#include "embeddingcache.h"

#include "common/logging.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUrl>
#include <QtEndian>

#include <algorithm>
#include <optional>

namespace embedscope::embedding {

static constexpr int SCHEMA_VERSION = 1;
// Keys per "IN (…)" query; far below SQLite's limit of 32,766 parameters.
static constexpr int KEYS_PER_QUERY = 500;
// Eviction goes below the cap by this fraction, so that it does not run
// again after every small store.
static constexpr double EVICTION_TARGET = 0.9;

// SQLite's primary result codes for a damaged or foreign file.
static constexpr int SQLITE_CORRUPT_CODE = 11;
static constexpr int SQLITE_NOTADB_CODE = 26;

static QString normalisedBaseUrl(const QString &baseUrl)
{
    const QUrl url(baseUrl.trimmed());
    return url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments).toString(QUrl::FullyEncoded);
}

// Each field with its length in front, so that no two different spaces
// produce the same bytes.
static void appendField(QByteArray &bytes, const QByteArray &field)
{
    bytes += QByteArray::number(field.size()) + ':' + field + '\n';
}

static QByteArray spacePrefix(const CacheSpace &space)
{
    QByteArray prefix = "embedscope-cache-" + QByteArray::number(SCHEMA_VERSION) + '\n';
    appendField(prefix, normalisedBaseUrl(space.baseUrl).toUtf8());
    appendField(prefix, space.model.toUtf8());
    appendField(prefix, QByteArray::number(space.dimensions));
    return prefix;
}

static QByteArray cacheKey(const QByteArray &prefix, const QString &text)
{
    QByteArray bytes = prefix;
    appendField(bytes, text.toUtf8());
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
}

// "(?,?,?),(?,?,?)" for rows of columns, for one INSERT of many rows.
static QString rowPlaceholders(qsizetype rows, int columns)
{
    const QString row = u'(' + QStringLiteral("?,").repeated(columns - 1) + QStringLiteral("?)");
    QStringList list(rows, row);
    return list.join(u',');
}

static QString placeholders(qsizetype count)
{
    QString list;
    list.reserve(count * 2);
    for (qsizetype i = 0; i < count; ++i)
        list += i == 0 ? QStringLiteral("?") : QStringLiteral(",?");
    return list;
}

EmbeddingCache::EmbeddingCache(CacheOptions options)
    : m_path(options.path.isEmpty() ? defaultPath() : options.path)
    , m_maxBytes(options.maxBytes)
    , m_busyTimeoutMs(options.busyTimeoutMs)
    , m_connectionName(QStringLiteral("embedscope-cache-%1").arg(quintptr(this), 0, 16))
{
    m_open = open();
}

EmbeddingCache::~EmbeddingCache()
{
    close();
}

QString EmbeddingCache::defaultPath()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    if (folder.isEmpty())
        return {};
    return folder + QStringLiteral("/embeddings.sqlite");
}

QSqlDatabase EmbeddingCache::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool EmbeddingCache::open()
{
    if (m_path.isEmpty()) {
        qCWarning(lcCache) << "no cache folder is known (is HOME set?); the embedding cache is off";
        return false;
    }
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        qCWarning(lcCache) << "the Qt SQLite driver is not installed (libqt6sql6-sqlite); the embedding cache is off";
        return false;
    }
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath())) {
        qCWarning(lcCache) << "cannot create the folder of" << m_path << "; the embedding cache is off";
        return false;
    }

    if (openFile() && createSchema()) {
        qCDebug(lcCache) << "opened the embedding cache" << m_path << "with" << m_totalBytes << "bytes of vectors";
        return true;
    }
    return recover(m_lastError);
}

bool EmbeddingCache::openFile()
{
    QSqlDatabase db = QSqlDatabase::contains(m_connectionName)
                          ? QSqlDatabase::database(m_connectionName, false)
                          : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(m_busyTimeoutMs));
    if (db.open())
        return true;
    m_lastError = db.lastError().text();
    return false;
}

// Creates the table in a new file and checks the version of an existing
// one. The first statements are also the first to read the file, so they
// are where a corrupt or locked file shows.
bool EmbeddingCache::createSchema()
{
    QSqlDatabase db = database();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.exec(QStringLiteral("PRAGMA user_version"))
        || !query.next()) {
        m_lastError = query.lastError().text();
        qCWarning(lcCache) << "cannot read" << m_path << ":" << m_lastError;
        return false;
    }

    const int version = query.value(0).toInt();
    if (version != 0 && version != SCHEMA_VERSION) {
        m_lastError = QStringLiteral("unknown cache schema version %1").arg(version);
        qCWarning(lcCache) << m_path << "has the" << m_lastError;
        return false;
    }

    // WAL lets another Embedscope process read while this one writes;
    // NORMAL sync risks only the last writes on power loss, which a cache
    // can lose. The vectors live in their own table because SQLite rewrites
    // a whole row on UPDATE: marking 10,000 entries as used would otherwise
    // rewrite all their vectors.
    const QStringList statements{
        QStringLiteral("PRAGMA synchronous=NORMAL"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS entries ("
                       " id INTEGER PRIMARY KEY,"
                       " key BLOB NOT NULL UNIQUE,"       // SHA-256 of the space and the text
                       " dimensions INTEGER NOT NULL,"
                       " last_used INTEGER NOT NULL)"),   // milliseconds since 1970
        QStringLiteral("CREATE INDEX IF NOT EXISTS entries_by_use ON entries (last_used)"),
        QStringLiteral("CREATE TABLE IF NOT EXISTS vectors ("
                       " id INTEGER PRIMARY KEY,"         // the id of its entry
                       " vector BLOB NOT NULL)"),         // little-endian float32
        QStringLiteral("PRAGMA user_version=%1").arg(SCHEMA_VERSION),
    };
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            m_lastError = query.lastError().text();
            qCWarning(lcCache) << "cannot set up" << m_path << ":" << m_lastError;
            return false;
        }
    }
    if (refreshTotalBytes())
        return true;
    m_lastError = QStringLiteral("cannot read the size of the cache");
    return false;
}

bool EmbeddingCache::refreshTotalBytes()
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("SELECT total(dimensions) FROM entries")) || !query.next())
        return false;
    m_totalBytes = qint64(query.value(0).toDouble()) * qint64(sizeof(float));
    return true;
}

void EmbeddingCache::close()
{
    {
        QSqlDatabase db = database();
        if (db.isValid())
            db.close();
    }
    if (QSqlDatabase::contains(m_connectionName))
        QSqlDatabase::removeDatabase(m_connectionName);
}

// Renames the unusable file aside, so that nothing a user might want to
// inspect is deleted, and starts an empty cache in its place.
bool EmbeddingCache::recover(const QString &reason)
{
    qCWarning(lcCache) << "the embedding cache" << m_path << "is unusable (" << reason
                       << "); moving it aside and starting an empty one";
    close();

    const QString aside = m_path + QStringLiteral(".unusable-")
                          + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    // A journal left beside the new file would be replayed into it.
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        const QString file = m_path + suffix;
        if (QFile::exists(file) && !QFile::rename(file, aside + suffix) && !QFile::remove(file)) {
            qCWarning(lcCache) << "cannot move or remove" << file << "; the embedding cache is off";
            return false;
        }
    }

    if (openFile() && createSchema()) {
        qCWarning(lcCache) << "started a new embedding cache at" << m_path << "; the old file is" << aside;
        return true;
    }
    qCWarning(lcCache) << "cannot create a new embedding cache at" << m_path << ":" << m_lastError
                       << "; the embedding cache is off";
    close();
    return false;
}

// Logs a failed operation. A damaged file is replaced; a lock held by
// another process only skips this operation. Returns whether the cache is
// still open.
bool EmbeddingCache::handleError(const QString &operation, const QSqlError &error)
{
    qCWarning(lcCache) << "embedding cache" << operation << "failed in" << m_path << ":" << error.text();
    const int code = error.nativeErrorCode().toInt() & 0xff;
    if (code == SQLITE_CORRUPT_CODE || code == SQLITE_NOTADB_CODE)
        m_open = recover(error.text());
    return m_open;
}

CacheLookup EmbeddingCache::lookup(const CacheSpace &space, const QStringList &texts)
{
    if (!m_open || texts.isEmpty())
        return {};

    const QByteArray prefix = spacePrefix(space);
    QHash<QByteArray, QList<int>> positionsOfKey;
    positionsOfKey.reserve(texts.size());
    for (int i = 0; i < texts.size(); ++i)
        positionsOfKey[cacheKey(prefix, texts[i])].append(i);
    const QList<QByteArray> keys = positionsOfKey.keys();

    struct Hit
    {
        int position;
        qint64 id;
        int dimensions;
        QByteArray vector;
    };
    std::vector<Hit> hits;
    std::optional<QSqlError> error;
    {
        QSqlQuery query(database());
        query.setForwardOnly(true);
        for (qsizetype start = 0; start < keys.size() && !error; start += KEYS_PER_QUERY) {
            const QList<QByteArray> chunk = keys.mid(start, KEYS_PER_QUERY);
            query.prepare(QStringLiteral("SELECT entries.id, key, dimensions, vector FROM entries JOIN vectors "
                                         "ON vectors.id = entries.id WHERE key IN (%1)")
                              .arg(placeholders(chunk.size())));
            for (const QByteArray &key : chunk)
                query.addBindValue(key);
            if (!query.exec()) {
                error = query.lastError();
                break;
            }
            while (query.next()) {
                for (int position : positionsOfKey.value(query.value(1).toByteArray()))
                    hits.push_back({position, query.value(0).toLongLong(), query.value(2).toInt(),
                                    query.value(3).toByteArray()});
            }
        }
    }
    if (error) {
        handleError(QStringLiteral("lookup"), *error);
        return {};
    }
    if (hits.empty())
        return {};

    // Vectors of another length than the first one's came from an earlier
    // version of the model behind the same name; they count as misses.
    std::ranges::sort(hits, {}, &Hit::position);
    const int dimensions = hits.front().dimensions;
    std::erase_if(hits, [dimensions](const Hit &hit) {
        return hit.dimensions != dimensions || hit.vector.size() != qsizetype(dimensions) * qsizetype(sizeof(float));
    });

    CacheLookup result;
    result.vectors = EmbeddingSet(int(hits.size()), dimensions);
    QList<qint64> ids;
    for (size_t row = 0; row < hits.size(); ++row) {
        result.found.append(hits[row].position);
        qFromLittleEndian<float>(hits[row].vector.constData(), dimensions, result.vectors.row(int(row)).data());
        ids.append(hits[row].id);
    }
    touch(ids);
    qCDebug(lcCache) << "cache lookup of" << texts.size() << "texts:" << result.found.size() << "hits";
    return result;
}

// Marks vectors as used now, for least-recently-used eviction. A failure
// only makes eviction less exact, so it is logged and ignored.
void EmbeddingCache::touch(const QList<qint64> &ids)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<QSqlError> error;
    {
        QSqlDatabase db = database();
        if (!db.transaction()) {
            error = db.lastError();
        } else {
            QSqlQuery query(db);
            for (qsizetype start = 0; start < ids.size() && !error; start += KEYS_PER_QUERY) {
                const QList<qint64> chunk = ids.mid(start, KEYS_PER_QUERY);
                query.prepare(QStringLiteral("UPDATE entries SET last_used = ? WHERE id IN (%1)")
                                  .arg(placeholders(chunk.size())));
                query.addBindValue(now);
                for (qint64 id : chunk)
                    query.addBindValue(id);
                if (!query.exec())
                    error = query.lastError();
            }
            if (error)
                db.rollback();
            else if (!db.commit())
                error = db.lastError();
        }
    }
    if (error)
        handleError(QStringLiteral("update of last use"), *error);
}

// Writes the entries and vectors of keys, which belong to the rows of
// vectors from first on, inside the caller's transaction.
static std::optional<QSqlError> storeChunk(QSqlDatabase &db, const QList<QByteArray> &keys,
                                           const EmbeddingSet &vectors, int first, qint64 now)
{
    // RETURNING gives the id of a new entry and of a replaced one alike.
    // SQLite has it since 3.35; Debian 12 ships 3.40.
    QSqlQuery entries(db);
    entries.prepare(QStringLiteral("INSERT INTO entries (key, dimensions, last_used) VALUES %1 "
                                   "ON CONFLICT (key) DO UPDATE SET dimensions = excluded.dimensions, "
                                   "last_used = excluded.last_used RETURNING id, key")
                        .arg(rowPlaceholders(keys.size(), 3)));
    for (const QByteArray &key : keys) {
        entries.addBindValue(key);
        entries.addBindValue(vectors.dimensions());
        entries.addBindValue(now);
    }
    if (!entries.exec())
        return entries.lastError();
    QHash<QByteArray, qint64> idOfKey;
    while (entries.next())
        idOfKey.insert(entries.value(1).toByteArray(), entries.value(0).toLongLong());
    entries.finish();

    QSqlQuery rows(db);
    rows.prepare(QStringLiteral("INSERT OR REPLACE INTO vectors (id, vector) VALUES %1")
                     .arg(rowPlaceholders(keys.size(), 2)));
    const qsizetype vectorBytes = qsizetype(vectors.dimensions()) * qsizetype(sizeof(float));
    for (int row = 0; row < keys.size(); ++row) {
        QByteArray bytes(vectorBytes, Qt::Uninitialized);
        qToLittleEndian<float>(vectors.row(first + row).data(), vectors.dimensions(), bytes.data());
        rows.addBindValue(idOfKey.value(keys[row], -1));
        rows.addBindValue(bytes);
    }
    if (!rows.exec())
        return rows.lastError();
    return std::nullopt;
}

void EmbeddingCache::store(const CacheSpace &space, const QStringList &texts, const EmbeddingSet &vectors)
{
    if (!m_open || texts.isEmpty())
        return;
    Q_ASSERT(texts.size() == vectors.rows());

    const QByteArray prefix = spacePrefix(space);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::optional<QSqlError> error;
    {
        QSqlDatabase db = database();
        if (!db.transaction())
            error = db.lastError();
        // Many rows per statement, because Qt's cost per executed statement
        // is larger than SQLite's cost per row.
        for (qsizetype start = 0; start < texts.size() && !error; start += KEYS_PER_QUERY) {
            const int count = int(std::min<qsizetype>(KEYS_PER_QUERY, texts.size() - start));
            QList<QByteArray> keys;
            for (int row = 0; row < count; ++row)
                keys.append(cacheKey(prefix, texts[start + row]));
            error = storeChunk(db, keys, vectors, int(start), now);
        }
        if (error)
            db.rollback();
        else if (!db.commit())
            error = db.lastError();
    }
    if (error) {
        handleError(QStringLiteral("store"), *error);
        return;
    }

    refreshTotalBytes();
    qCDebug(lcCache) << "stored" << texts.size() << "vectors of" << vectors.dimensions() << "dimensions; cache holds"
                     << m_totalBytes << "bytes";
    evict();
}

// Deletes the least recently used vectors until the cache is below
// EVICTION_TARGET of its cap.
void EmbeddingCache::evict()
{
    if (m_maxBytes <= 0 || m_totalBytes <= m_maxBytes)
        return;

    const qint64 target = qint64(double(m_maxBytes) * EVICTION_TARGET);
    qint64 freed = 0;
    QList<qint64> ids;
    std::optional<QSqlError> error;
    {
        QSqlDatabase db = database();
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.exec(QStringLiteral("SELECT id, dimensions FROM entries ORDER BY last_used, id"))) {
            error = query.lastError();
        } else {
            while (m_totalBytes - freed > target && query.next()) {
                ids.append(query.value(0).toLongLong());
                freed += query.value(1).toLongLong() * qint64(sizeof(float));
            }
            query.finish();
        }

        if (!error && !db.transaction())
            error = db.lastError();
        for (qsizetype start = 0; start < ids.size() && !error; start += KEYS_PER_QUERY) {
            const QList<qint64> chunk = ids.mid(start, KEYS_PER_QUERY);
            for (const QString &table : {QStringLiteral("entries"), QStringLiteral("vectors")}) {
                query.prepare(QStringLiteral("DELETE FROM %1 WHERE id IN (%2)").arg(table, placeholders(chunk.size())));
                for (qint64 id : chunk)
                    query.addBindValue(id);
                if (!query.exec()) {
                    error = query.lastError();
                    break;
                }
            }
        }
        if (!error && !db.commit())
            error = db.lastError();
        if (error)
            db.rollback();
    }
    if (error) {
        handleError(QStringLiteral("eviction"), *error);
        return;
    }

    refreshTotalBytes();
    qCDebug(lcCache) << "evicted" << ids.size() << "least recently used vectors," << freed << "bytes; cache holds"
                     << m_totalBytes << "of at most" << m_maxBytes << "bytes";
}

qint64 EmbeddingCache::vectorCount()
{
    if (!m_open)
        return 0;
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM entries")) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

qint64 EmbeddingCache::clear()
{
    if (!m_open)
        return -1;
    const qint64 count = vectorCount();
    std::optional<QSqlError> error;
    {
        QSqlQuery query(database());
        if (!query.exec(QStringLiteral("DELETE FROM entries")) || !query.exec(QStringLiteral("DELETE FROM vectors")))
            error = query.lastError();
        // Gives the space back to the file system; a failure only leaves
        // the file larger than it needs to be.
        else if (!query.exec(QStringLiteral("VACUUM")))
            qCDebug(lcCache) << "could not compact" << m_path << ":" << query.lastError().text();
    }
    if (error) {
        handleError(QStringLiteral("clear"), *error);
        return -1;
    }
    m_totalBytes = 0;
    qCDebug(lcCache) << "cleared" << count << "vectors from" << m_path;
    return count;
}

} // namespace embedscope::embedding
