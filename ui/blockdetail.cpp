#include "blockdetail.h"

#include "uilogging.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace embedscope::ui {

// Long enough to skip the steps of one wheel or pinch gesture.
static constexpr int DEBOUNCE_MS = 120;

static bool contains(const math::TileRange &outer, const math::TileRange &inner)
{
    return outer.rowBegin <= inner.rowBegin && inner.rowEnd <= outer.rowEnd && outer.columnBegin <= inner.columnBegin
        && inner.columnEnd <= outer.columnEnd;
}

static bool operator==(const math::TileRange &a, const math::TileRange &b)
{
    return a.rowBegin == b.rowBegin && a.rowEnd == b.rowEnd && a.columnBegin == b.columnBegin
        && a.columnEnd == b.columnEnd;
}

int BlockSource::blockOf(int phrase) const
{
    if (isEmpty() || phrase < 0 || phrase >= boundaries.back())
        return -1;
    const auto next = std::upper_bound(boundaries.begin(), boundaries.end(), phrase);
    return int(next - boundaries.begin()) - 1;
}

BlockDetail::BlockDetail(QObject *parent)
    : QObject(parent)
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DEBOUNCE_MS);
    connect(&m_debounce, &QTimer::timeout, this, &BlockDetail::start);
    connect(&m_watcher, &QFutureWatcher<math::SimilarityTile>::finished, this, &BlockDetail::onFinished);
}

BlockDetail::~BlockDetail()
{
    m_watcher.waitForFinished();
}

void BlockDetail::setSource(BlockSource source)
{
    m_source = std::move(source);
    ++m_generation;
    m_hasPending = false;
    m_debounce.stop();
    if (hasTile()) {
        m_tile = {};
        emit tileChanged();
    }
}

void BlockDetail::request(const math::TileRange &range)
{
    const bool small = range.rowEnd - range.rowBegin <= MAX_TILE_PHRASES
        && range.columnEnd - range.columnBegin <= MAX_TILE_PHRASES;
    const bool empty = range.rowEnd <= range.rowBegin || range.columnEnd <= range.columnBegin;
    if (m_source.isEmpty() || empty || !small) {
        m_hasPending = false;
        m_debounce.stop();
        if (hasTile()) {
            m_tile = {};
            emit tileChanged();
        }
        return;
    }

    if (hasTile() && contains(m_tile.range(), range)) {
        m_hasPending = false;
        m_debounce.stop();
        return;
    }
    if (m_hasPending && m_pendingRange == range)
        return;
    m_pendingRange = range;
    m_hasPending = true;
    m_debounce.start();
}

void BlockDetail::start()
{
    if (!m_hasPending || m_watcher.isRunning())
        return; // onFinished() starts the latest request

    m_hasPending = false;
    m_runningGeneration = m_generation;
    const math::TileRange range = m_pendingRange;
    qCDebug(lcUi) << "computing a detail tile of rows" << range.rowBegin << "to" << range.rowEnd << "columns"
                  << range.columnBegin << "to" << range.columnEnd;
    m_watcher.setFuture(QtConcurrent::run([vectors = m_source.vectors, metric = m_source.metric, range] {
        return math::computeSimilarityTile(*vectors, metric, {}, range);
    }));
}

void BlockDetail::onFinished()
{
    if (m_runningGeneration == m_generation) {
        m_tile = m_watcher.result();
        emit tileChanged();
    }
    if (m_hasPending && !m_debounce.isActive())
        start();
}

} // namespace embedscope::ui
