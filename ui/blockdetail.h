#pragma once

#include "math/blockoverview.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <vector>

namespace embedscope::ui {

// The phrases and vectors behind a block overview, in input order. Block b
// covers phrases [boundaries[b], boundaries[b + 1]).
struct BlockSource
{
    QStringList phrases;
    // Shared with the tile computations on the thread pool, because a copy
    // of 100,000 x 384 vectors is 150 MB.
    std::shared_ptr<const embedding::EmbeddingSet> vectors;
    std::vector<int> boundaries;
    math::Metric metric = math::Metric::Cosine;

    bool isEmpty() const { return boundaries.size() < 2 || !vectors; }
    int blockCount() const { return isEmpty() ? 0 : int(boundaries.size()) - 1; }
    // Block containing phrase, or -1 outside the list.
    int blockOf(int phrase) const;
};

// Computes the part of a large list that the view shows at full detail, from
// the vectors. Requests are debounced, computed on the thread pool one at a
// time, and the latest tile is kept while later requests fall inside it.
class BlockDetail : public QObject
{
    Q_OBJECT

public:
    // Largest side of a tile: 2,000 x 2,000 scores are 16 MB and one product
    // of 2,000 x D by D x 2,000.
    static constexpr int MAX_TILE_PHRASES = 2000;

    explicit BlockDetail(QObject *parent = nullptr);
    ~BlockDetail() override;

    // Replaces the source and drops the tile. An empty source stops all work.
    void setSource(BlockSource source);
    const BlockSource &source() const { return m_source; }

    // Requests the scores of range (phrase indices). A range with more than
    // MAX_TILE_PHRASES on a side, or an empty one, drops the tile instead.
    void request(const math::TileRange &range);
    const math::SimilarityTile &tile() const { return m_tile; }
    bool hasTile() const { return m_tile.rows() > 0 && m_tile.columns() > 0; }

    // Milliseconds between the last request and the start of its tile, so
    // that a zoom or scroll gesture computes only where it stops.
    void setDebounceInterval(int milliseconds) { m_debounce.setInterval(milliseconds); }

signals:
    // The tile was replaced or dropped.
    void tileChanged();

private:
    void start();
    void onFinished();

    BlockSource m_source;
    math::TileRange m_pendingRange;
    bool m_hasPending = false;
    math::SimilarityTile m_tile;
    QTimer m_debounce;
    QFutureWatcher<math::SimilarityTile> m_watcher;
    // Source generation, so a tile of a replaced source is thrown away.
    int m_generation = 0;
    int m_runningGeneration = -1;
};

} // namespace embedscope::ui
