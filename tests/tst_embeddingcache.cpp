#include "embedding/embeddingcache.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace embedscope::embedding;

Q_DECLARE_METATYPE(embedscope::embedding::CacheSpace)

static const CacheSpace SPACE{QStringLiteral("http://127.0.0.1:8080/v1"), QStringLiteral("test-model"), 0};

// Row i is (i + 1, 0.5, -0.25, 0.001, 0.001, ...) * scale.
static EmbeddingSet vectorsFor(int rows, int dimensions = 4, float scale = 1.0f)
{
    EmbeddingSet set(rows, dimensions);
    for (int row = 0; row < rows; ++row) {
        const auto values = set.row(row);
        std::ranges::fill(values, scale * 1e-3f);
        values[0] = scale * float(row + 1);
        if (dimensions > 1)
            values[1] = scale * 0.5f;
        if (dimensions > 2)
            values[2] = scale * -0.25f;
    }
    return set;
}

static QList<float> rowOf(const EmbeddingSet &set, int row)
{
    return QList<float>(set.row(row).begin(), set.row(row).end());
}

class TestEmbeddingCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void defaultPathFollowsXdgCacheHome();
    void findsStoredVectors();
    void missesOtherSpaces_data();
    void missesOtherSpaces();
    void keepsVectorsAcrossReopen();
    void evictsLeastRecentlyUsed();
    void countsOnlyFirstDimension();
    void setsAsideCorruptFile();
    void setsAsideLockedFile();
    void setsAsideUnknownSchema();
    void clearRemovesEverything();

private:
    CacheOptions options(qint64 maxBytes = 1 << 20) const;
    QStringList asideFiles() const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestEmbeddingCache::initTestCase()
{
    QLocale::setDefault(QLocale::c());
}

void TestEmbeddingCache::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

CacheOptions TestEmbeddingCache::options(qint64 maxBytes) const
{
    CacheOptions options;
    options.path = m_dir->filePath(QStringLiteral("embeddings.sqlite"));
    options.maxBytes = maxBytes;
    options.busyTimeoutMs = 100;
    return options;
}

// The database files moved aside, without their journals.
QStringList TestEmbeddingCache::asideFiles() const
{
    static const QRegularExpression databaseFile(QStringLiteral("^embeddings\\.sqlite\\.unusable-[0-9-]+$"));
    return QDir(m_dir->path()).entryList(QDir::Files).filter(databaseFile);
}

void TestEmbeddingCache::defaultPathFollowsXdgCacheHome()
{
    const QByteArray previous = qgetenv("XDG_CACHE_HOME");
    qputenv("XDG_CACHE_HOME", m_dir->filePath(QStringLiteral("xdg")).toUtf8());

    const QString path = EmbeddingCache::defaultPath();
    EmbeddingCache cache;

    qputenv("XDG_CACHE_HOME", previous);
    QVERIFY2(path.startsWith(m_dir->filePath(QStringLiteral("xdg/"))), qPrintable(path));
    QVERIFY(path.endsWith(QStringLiteral("/embeddings.sqlite")));
    QVERIFY(cache.isOpen());
    QVERIFY(QFile::exists(path));
}

void TestEmbeddingCache::findsStoredVectors()
{
    EmbeddingCache cache(options());
    const EmbeddingSet stored = vectorsFor(3);
    cache.store(SPACE, {QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")}, stored);

    const CacheLookup lookup = cache.lookup(SPACE, {QStringLiteral("bird"), QStringLiteral("fish"), QStringLiteral("cat")});

    QCOMPARE(lookup.found, QList<int>({0, 2}));
    QCOMPARE(lookup.vectors.rows(), 2);
    QCOMPARE(rowOf(lookup.vectors, 0), rowOf(stored, 2));
    QCOMPARE(rowOf(lookup.vectors, 1), rowOf(stored, 0));
    QCOMPARE(cache.vectorCount(), 3);
    QCOMPARE(cache.sizeBytes(), 3 * 4 * qint64(sizeof(float)));
}

void TestEmbeddingCache::missesOtherSpaces_data()
{
    QTest::addColumn<CacheSpace>("space");
    QTest::addColumn<bool>("hit");

    QTest::newRow("same space hits") << SPACE << true;
    QTest::newRow("trailing slash on the base URL still hits")
        << CacheSpace{SPACE.baseUrl + u'/', SPACE.model, 0} << true;
    QTest::newRow("other base URL misses") << CacheSpace{QStringLiteral("http://127.0.0.1:9090/v1"), SPACE.model, 0} << false;
    QTest::newRow("other model misses") << CacheSpace{SPACE.baseUrl, QStringLiteral("other-model"), 0} << false;
    QTest::newRow("requested dimensions miss") << CacheSpace{SPACE.baseUrl, SPACE.model, 256} << false;
}

void TestEmbeddingCache::missesOtherSpaces()
{
    QFETCH(CacheSpace, space);
    QFETCH(bool, hit);
    EmbeddingCache cache(options());
    cache.store(SPACE, {QStringLiteral("cat")}, vectorsFor(1));

    const CacheLookup lookup = cache.lookup(space, {QStringLiteral("cat"), QStringLiteral("Cat"), QStringLiteral("cat ")});

    QCOMPARE(lookup.found, hit ? QList<int>{0} : QList<int>{});
}

void TestEmbeddingCache::keepsVectorsAcrossReopen()
{
    const EmbeddingSet stored = vectorsFor(2, 1536, 0.001f);
    {
        EmbeddingCache cache(options());
        cache.store(SPACE, {QStringLiteral("cat"), QStringLiteral("dog")}, stored);
    }

    EmbeddingCache reopened(options());
    const CacheLookup lookup = reopened.lookup(SPACE, {QStringLiteral("dog"), QStringLiteral("cat")});

    QCOMPARE(lookup.found, QList<int>({0, 1}));
    QCOMPARE(rowOf(lookup.vectors, 0), rowOf(stored, 1));
    QCOMPARE(rowOf(lookup.vectors, 1), rowOf(stored, 0));
    QCOMPARE(reopened.sizeBytes(), 2 * 1536 * qint64(sizeof(float)));
}

// Ten 16-byte vectors fill a 160-byte cache. "a" is looked up again, so
// the eleventh store evicts the two oldest others, "b" and "c", to get
// down to 90 % of the cap.
void TestEmbeddingCache::evictsLeastRecentlyUsed()
{
    EmbeddingCache cache(options(160));
    const QStringList first{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
                            QStringLiteral("e"), QStringLiteral("f"), QStringLiteral("g"), QStringLiteral("h"),
                            QStringLiteral("i"), QStringLiteral("j")};
    cache.store(SPACE, first, vectorsFor(10));
    QTest::qWait(5);
    QCOMPARE(cache.lookup(SPACE, {QStringLiteral("a")}).found.size(), 1);
    QTest::qWait(5);

    cache.store(SPACE, {QStringLiteral("k")}, vectorsFor(1));

    QCOMPARE(cache.vectorCount(), 9);
    QCOMPARE(cache.sizeBytes(), 9 * 16);
    const CacheLookup lookup = cache.lookup(SPACE, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                                                    QStringLiteral("d"), QStringLiteral("k")});
    QCOMPARE(lookup.found, QList<int>({0, 3, 4}));
}

// A model replaced behind the same name leaves vectors of two lengths.
void TestEmbeddingCache::countsOnlyFirstDimension()
{
    EmbeddingCache cache(options());
    cache.store(SPACE, {QStringLiteral("a")}, vectorsFor(1, 4));
    cache.store(SPACE, {QStringLiteral("b")}, vectorsFor(1, 3));

    const CacheLookup lookup = cache.lookup(SPACE, {QStringLiteral("a"), QStringLiteral("b")});

    QCOMPARE(lookup.found, QList<int>({0}));
    QCOMPARE(lookup.vectors.dimensions(), 4);
}

void TestEmbeddingCache::setsAsideCorruptFile()
{
    QFile file(options().path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray("this is not an SQLite database\n").repeated(200));
    file.close();

    EmbeddingCache cache(options());
    cache.store(SPACE, {QStringLiteral("cat")}, vectorsFor(1));

    QVERIFY(cache.isOpen());
    QCOMPARE(cache.lookup(SPACE, {QStringLiteral("cat")}).found, QList<int>{0});
    const QStringList aside = asideFiles();
    QCOMPARE(aside.size(), 1);
    QFile moved(m_dir->filePath(aside.first()));
    QVERIFY(moved.open(QIODevice::ReadOnly));
    QVERIFY(moved.readAll().startsWith("this is not an SQLite database"));
}

// Another process holds an exclusive lock for longer than the busy timeout.
void TestEmbeddingCache::setsAsideLockedFile()
{
    const QString lockerName = QStringLiteral("locker");
    {
        QSqlDatabase locker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), lockerName);
        locker.setDatabaseName(options().path);
        QVERIFY(locker.open());
        QSqlQuery query(locker);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE other (x INTEGER)")));
        QVERIFY(query.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO other VALUES (1)")));

        EmbeddingCache cache(options());
        cache.store(SPACE, {QStringLiteral("cat")}, vectorsFor(1));

        QVERIFY(cache.isOpen());
        QCOMPARE(cache.lookup(SPACE, {QStringLiteral("cat")}).found, QList<int>{0});
        QCOMPARE(asideFiles().size(), 1);
        QVERIFY(query.exec(QStringLiteral("ROLLBACK")));
        locker.close();
    }
    QSqlDatabase::removeDatabase(lockerName);
}

void TestEmbeddingCache::setsAsideUnknownSchema()
{
    const QString name = QStringLiteral("future");
    {
        QSqlDatabase future = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        future.setDatabaseName(options().path);
        QVERIFY(future.open());
        QSqlQuery query(future);
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version=99")));
        future.close();
    }
    QSqlDatabase::removeDatabase(name);

    EmbeddingCache cache(options());

    QVERIFY(cache.isOpen());
    QCOMPARE(asideFiles().size(), 1);
}

void TestEmbeddingCache::clearRemovesEverything()
{
    EmbeddingCache cache(options());
    cache.store(SPACE, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}, vectorsFor(3));

    QCOMPARE(cache.clear(), 3);

    QCOMPARE(cache.vectorCount(), 0);
    QCOMPARE(cache.sizeBytes(), 0);
    QVERIFY(cache.lookup(SPACE, {QStringLiteral("a")}).found.isEmpty());
}

QTEST_GUILESS_MAIN(TestEmbeddingCache)
#include "tst_embeddingcache.moc"
