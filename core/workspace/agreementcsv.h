#pragma once

#include "embeddingrun.h"
#include "math/agreement.h"

#include <QByteArray>
#include <QStringList>

namespace embedscope::workspace {

// The per-phrase agreement of runs a and b as CSV, laid out like the other
// CSV exports: a few "#" comment lines naming both runs (name and
// description: provider, model, dimensions, prefix, metric), k and the
// Spearman correlation of all pairs, then a header row and one row per
// phrase in list order with columns index (1-based), phrase,
// jaccard_at_<k> and rank_correlation. Undefined figures are empty cells.
QByteArray phraseAgreementCsv(const QStringList &phrases, const math::Agreement &agreement,
                              const EmbeddingRun &a, const EmbeddingRun &b);

} // namespace embedscope::workspace
