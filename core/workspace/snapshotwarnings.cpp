#include "snapshotwarnings.h"

#include <QCoreApplication>

namespace embedscope::workspace {

// The strings keep the translation context they had as Workspace::tr().
static constexpr char CONTEXT[] = "embedscope::workspace::Workspace";

QStringList undefinedRowWarnings(const Snapshot &snapshot)
{
    QStringList warnings;
    for (int row : snapshot.matrix.undefinedRows()) {
        warnings << QCoreApplication::translate(CONTEXT, "The vector of \"%1\" is all zeros, so its cosine similarity is "
                                                 "undefined and shown as n/a. Try another metric or model.")
                        .arg(snapshot.phrases.value(row));
    }
    return warnings;
}

QString cosineOverviewWarning(const Snapshot &snapshot, math::Metric chosen, const MatrixLimits &limits)
{
    if (chosen == math::Metric::Cosine)
        return {};
    return QCoreApplication::translate(CONTEXT, "%1 phrases are more than the %2 whose full matrix is computed, so the heatmap "
                                       "and scores use cosine similarity instead of %3.")
        .arg(snapshot.phrases.size())
        .arg(limits.maxMatrixPhrases)
        .arg(math::metricName(chosen));
}

} // namespace embedscope::workspace
