#pragma once

#include "workspace.h"

#include <QString>
#include <QStringList>

namespace embedscope::workspace {

// Warnings about a finished snapshot, in the same words for the window and
// the command line.

// One warning per phrase whose vector is all zeros, because its cosine
// similarity is undefined.
QStringList undefinedRowWarnings(const Snapshot &snapshot);

// The warning that a block overview shows cosine similarity while another
// metric is chosen; empty when the chosen metric is cosine.
QString cosineOverviewWarning(const Snapshot &snapshot, math::Metric chosen, const MatrixLimits &limits);

} // namespace embedscope::workspace
