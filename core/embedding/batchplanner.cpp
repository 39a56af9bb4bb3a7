#include "batchplanner.h"

#include <algorithm>

namespace embedscope::embedding {

BatchLimits batchLimitsFor(const ProviderSettings &settings)
{
    BatchLimits limits;
    limits.maxInputs = std::max(1, settings.batchSize);
    limits.maxCharacters = std::max(0, settings.maxBatchCharacters);
    if (settings.kind == ProviderKind::OpenAI) {
        limits.maxInputs = std::min(limits.maxInputs, OPENAI_MAX_INPUTS);
        limits.maxEstimatedTokens = OPENAI_MAX_TOKENS_PER_REQUEST;
    }
    return limits;
}

int estimateTokens(const QString &text)
{
    // UTF-16 code units below U+0080 take one byte, below U+0800 two, other
    // BMP characters three; a surrogate pair (two units) takes four.
    int bytes = 0;
    for (const QChar character : text) {
        const char16_t unit = character.unicode();
        if (unit < 0x80)
            bytes += 1;
        else if (unit < 0x800 || character.isSurrogate())
            bytes += 2;
        else
            bytes += 3;
    }
    return bytes;
}

int nextBatchLength(const QStringList &texts, int first, int count, const BatchLimits &limits)
{
    const int maxInputs = limits.maxInputs > 0 ? std::min(count, limits.maxInputs) : count;
    qint64 characters = 0;
    qint64 tokens = 0;
    int length = 0;
    while (length < maxInputs) {
        const QString &text = texts.at(first + length);
        characters += text.size();
        if (limits.maxEstimatedTokens > 0)
            tokens += estimateTokens(text);

        const bool overCharacters = limits.maxCharacters > 0 && characters > limits.maxCharacters;
        const bool overTokens = limits.maxEstimatedTokens > 0 && tokens > limits.maxEstimatedTokens;
        if (length > 0 && (overCharacters || overTokens))
            break;
        ++length;
    }
    return std::max(1, length);
}

QString describeEmptyInputs(const QStringList &texts)
{
    QStringList numbers;
    for (int i = 0; i < texts.size(); ++i) {
        if (texts[i].trimmed().isEmpty())
            numbers << QString::number(i + 1);
    }
    if (numbers.isEmpty())
        return {};
    if (numbers.size() == 1)
        return QStringLiteral("phrase %1 is empty or only whitespace; remove it, because embedding servers "
                              "reject empty input")
            .arg(numbers.first());
    return QStringLiteral("phrases %1 are empty or only whitespace; remove them, because embedding servers "
                          "reject empty input")
        .arg(numbers.join(QStringLiteral(", ")));
}

} // namespace embedscope::embedding
