#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <QByteArray>
#include <QString>

namespace embedscope::text {

// Reads a NumPy .npy file (format versions 1 to 3) holding a 2-D array of
// little-endian float32 ('<f4') or float64 ('<f8') values in C order, as
// numpy.save() writes embeddings of shape (rows, dimensions). float64 values
// are rounded to float32. Rejects other dtypes, Fortran order, other shapes,
// truncated data and NaN or infinite values, naming the row and column.
// source is the file name for messages.
Expected<embedding::EmbeddingSet> parseNpy(const QByteArray &bytes, const QString &source);

// Writes vectors as a version 1.0 .npy file of float32 ('<f4'), C order,
// shape (rows, dimensions), readable with numpy.load().
QByteArray serializeNpy(const embedding::EmbeddingSet &vectors);

} // namespace embedscope::text
