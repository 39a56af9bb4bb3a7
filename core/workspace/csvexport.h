#pragma once

#include "workspace.h"

#include <QByteArray>

namespace embedscope::workspace {

// CSV for spreadsheets and scripts: UTF-8, comma-separated, "." as the
// decimal separator whatever the locale, fields with commas, quotes or line
// breaks quoted, undefined (NaN) scores as empty cells.

// Matrix with a header row and a first column of phrases, in list order.
QByteArray matrixCsv(const Snapshot &snapshot);

// Scores of every phrase against reference, closest first, with columns
// rank, index (1-based position in the list), phrase and the metric's name.
QByteArray scoresCsv(const Snapshot &snapshot, int reference);

// One CSV field, quoted when needed.
QString csvField(const QString &text);

} // namespace embedscope::workspace
