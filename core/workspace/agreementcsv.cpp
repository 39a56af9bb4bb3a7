#include "agreementcsv.h"

#include "csvexport.h"

#include <cmath>

namespace embedscope::workspace {

// Figures with six decimals, "." whatever the locale, empty when undefined.
static QString figure(double value)
{
    return std::isfinite(value) ? QString::number(value, 'f', 6) : QString();
}

static QString runLine(const QString &label, const EmbeddingRun &run)
{
    // A line break inside a name would end the comment line early.
    QString name = run.spec.displayName();
    name.replace(u'\n', u' ');
    return QStringLiteral("# %1: %2 (%3)\n").arg(label, name, run.description());
}

QByteArray phraseAgreementCsv(const QStringList &phrases, const math::Agreement &agreement,
                              const EmbeddingRun &a, const EmbeddingRun &b)
{
    QString out = QStringLiteral("# Embedscope phrase agreement between two runs of the same phrases\n");
    out += runLine(QStringLiteral("A"), a);
    out += runLine(QStringLiteral("B"), b);
    out += QStringLiteral("# k = %1; Spearman correlation of all pairs = %2\n")
               .arg(agreement.k)
               .arg(std::isfinite(agreement.pairSpearman) ? figure(agreement.pairSpearman) : QStringLiteral("n/a"));
    out += QStringLiteral("index,phrase,jaccard_at_%1,rank_correlation\n").arg(agreement.k);

    for (const math::PhraseAgreement &phrase : agreement.phrases) {
        out += QStringLiteral("%1,%2,%3,%4\n")
                   .arg(phrase.index + 1)
                   .arg(csvField(phrases.value(phrase.index)), figure(phrase.neighbourJaccard),
                        figure(phrase.rankCorrelation));
    }
    return out.toUtf8();
}

} // namespace embedscope::workspace
