#pragma once

#include "embeddingjob.h"

namespace embedscope::embedding {

// Offline provider: a deterministic embedding from hashed character n-grams
// and words, L2-normalised. It measures spelling-level likeness, not meaning,
// and the UI says so. Needs no account and no network.
class BuiltinProvider : public EmbeddingProvider
{
public:
    static constexpr int DIMENSIONS = 512;

    QString description() const override;
    EmbeddingJob *embed(const QStringList &texts, QObject *parent) override;

    // The same vectors, computed synchronously: one row per text.
    static EmbeddingSet embedNow(const QStringList &texts);
};

} // namespace embedscope::embedding
