#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "math/similaritymatrix.h"
#include "runspec.h"

#include <QString>
#include <QStringList>

namespace embedscope::workspace {

// One finished run of a comparison: its spec, the provider's own
// description, the vectors in phrase order and their matrix.
struct EmbeddingRun
{
    RunSpec spec;
    QString source; // as the provider describes itself, such as "Custom · http://…"
    embedding::EmbeddingSet vectors;
    math::SimilarityMatrix matrix;
    // Dimensions of the vectors before truncation; 0 when not truncated.
    int fullDimensions = 0;

    int dimensions() const { return vectors.dimensions(); }

    // Provider, model, dimensions, prefix and metric in one line, for titles,
    // export headers and tooltips, such as
    // "OpenAI · text-embedding-3-small · first 256 of 1536 dims · prefix "query: " · cosine".
    QString description() const;
};

// The first spec.truncateTo dimensions of full's vectors, renormalised, as
// a run of spec; no request is sent and the matrix is left empty. Fails,
// naming the run and the largest valid value, when full's vectors are
// shorter than that.
Expected<EmbeddingRun> truncateRun(const EmbeddingRun &full, const RunSpec &spec);

// True when a and b ask the same provider, endpoint and model for the same
// requested dimensions with the same prefix, so their vectors differ at most
// by truncation.
bool sameEmbedding(const RunSpec &a, const RunSpec &b);

// Names how actual differs from expected as a short sentence fragment, such
// as "2 phrases added (first: "a cat"), 1 removed (first: "a dog")" or
// "the same phrases in another order"; empty when the lists are equal.
QString describePhraseDifference(const QStringList &expected, const QStringList &actual);

} // namespace embedscope::workspace
