#include "embeddingrun.h"

#include <QSet>

namespace embedscope::workspace {

QString EmbeddingRun::description() const
{
    QStringList parts{embedding::providerKindTitle(spec.provider.kind)};
    if (spec.provider.kind == embedding::ProviderKind::Custom)
        parts.last() = spec.provider.baseUrl;
    if (!spec.provider.model.isEmpty())
        parts.append(spec.provider.model);

    if (spec.truncateTo > 0 && fullDimensions > 0)
        parts.append(QStringLiteral("first %1 of %2 dims").arg(dimensions()).arg(fullDimensions));
    else if (spec.truncateTo > 0)
        parts.append(QStringLiteral("first %1 dims").arg(dimensions()));
    else
        parts.append(QStringLiteral("%1 dims").arg(dimensions()));

    if (!spec.prefix.isEmpty())
        parts.append(QStringLiteral("prefix \"%1\"").arg(spec.prefix));
    parts.append(math::metricName(matrix.metric()));
    return parts.join(QStringLiteral(" · "));
}

Expected<EmbeddingRun> truncateRun(const EmbeddingRun &full, const RunSpec &spec)
{
    if (spec.truncateTo > full.dimensions())
        return fail(QStringLiteral("dims=%1 exceeds the %2 dimensions of the vectors from %3; give dims=%2 or "
                                   "less, or leave dims out to keep every dimension")
                        .arg(spec.truncateTo)
                        .arg(full.dimensions())
                        .arg(full.source));

    EmbeddingRun run;
    run.spec = spec;
    run.source = QStringLiteral("%1 · first %2 dims").arg(full.source).arg(spec.truncateTo);
    run.vectors = embedding::truncated(full.vectors, spec.truncateTo);
    run.fullDimensions = full.dimensions();
    return run;
}

bool sameEmbedding(const RunSpec &a, const RunSpec &b)
{
    return a.prefix == b.prefix && a.provider.kind == b.provider.kind && a.provider.baseUrl == b.provider.baseUrl
           && a.provider.model == b.provider.model && a.provider.dimensions == b.provider.dimensions;
}

// Phrases of from that are missing in other, keeping from's order.
static QStringList missingFrom(const QStringList &from, const QStringList &other)
{
    const QSet<QString> present(other.begin(), other.end());
    QStringList missing;
    for (const QString &phrase : from) {
        if (!present.contains(phrase))
            missing.append(phrase);
    }
    return missing;
}

static QString countedChange(const QStringList &phrases, const QString &verb)
{
    return QStringLiteral("%1 %2 %3 (first: \"%4\")")
        .arg(phrases.size())
        .arg(phrases.size() == 1 ? QStringLiteral("phrase") : QStringLiteral("phrases"), verb, phrases.first());
}

QString describePhraseDifference(const QStringList &expected, const QStringList &actual)
{
    if (expected == actual)
        return {};

    const QStringList added = missingFrom(actual, expected);
    const QStringList removed = missingFrom(expected, actual);
    QStringList parts;
    if (!added.isEmpty())
        parts.append(countedChange(added, QStringLiteral("added")));
    if (!removed.isEmpty())
        parts.append(countedChange(removed, QStringLiteral("removed")));
    if (!parts.isEmpty())
        return parts.join(QStringLiteral(", "));

    // Same set of phrases: either duplicates differ or the order does.
    if (expected.size() != actual.size())
        return QStringLiteral("%1 phrases instead of %2, with repeated phrases counted differently")
            .arg(actual.size())
            .arg(expected.size());
    for (qsizetype i = 0; i < expected.size(); ++i) {
        if (expected.at(i) != actual.at(i))
            return QStringLiteral("the same phrases in another order (line %1 is \"%2\" instead of \"%3\")")
                .arg(i + 1)
                .arg(actual.at(i), expected.at(i));
    }
    return {};
}

} // namespace embedscope::workspace
