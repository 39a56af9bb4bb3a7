#pragma once

#include "providersettings.h"

#include <QString>
#include <QStringList>

namespace embedscope::embedding {

// The most one /embeddings request may carry. Zero means no limit.
struct BatchLimits
{
    int maxInputs = 128;
    int maxCharacters = 0;      // sum of the inputs' lengths in UTF-16 code units
    int maxEstimatedTokens = 0; // sum of estimateTokens() over the inputs
};

// OpenAI's documented per-request limits for /v1/embeddings: 2048 inputs
// and 300,000 tokens summed over all inputs.
inline constexpr int OPENAI_MAX_INPUTS = 2048;
inline constexpr int OPENAI_MAX_TOKENS_PER_REQUEST = 300'000;

// The user's batch size and character cap, narrowed by what the server is
// known to accept.
BatchLimits batchLimitsFor(const ProviderSettings &settings);

// An upper bound on the tokens a text becomes: its length in UTF-8 bytes.
// Byte-level BPE tokenizers, which OpenAI's models use, start from one token
// per byte and only merge, so they never produce more tokens than bytes.
// English text usually takes about a quarter of that.
int estimateTokens(const QString &text);

// Returns how many of the count inputs starting at texts[first] fit in one
// request under limits: at least one, however long that one is, because a
// single input too large for the server is for the server to reject.
int nextBatchLength(const QStringList &texts, int first, int count, const BatchLimits &limits);

// Names the inputs that are empty or only whitespace, which servers reject,
// as in "phrases 2, 3 are empty or only whitespace; …". Returns an empty
// string when there are none. Phrase numbers count from 1.
QString describeEmptyInputs(const QStringList &texts);

} // namespace embedscope::embedding
