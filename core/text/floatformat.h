#pragma once

#include "common/expected.h"

#include <QString>
#include <QStringView>

namespace embedscope::text {

// Parses one cell as a float32 whatever the locale: "0.25", "-1e-3", "+2".
// A value below float32's smallest normal becomes a subnormal or 0, as NumPy
// does. Rejects empty cells, text, NaN, infinity and values beyond float32's
// range. The error is a sentence fragment such as "\"abc\" is not a number",
// which the caller prefixes with the file, line and column.
// With decimalSeparator ',' a cell such as "0,25" is read as 0.25, for files
// exported by a German or French spreadsheet.
Expected<float> parseFloat32(QStringView cell, QChar decimalSeparator = u'.');

// Whether cell is written as a number, even one that parseFloat32() rejects
// (NaN, infinity, 1e39), as opposed to text such as a word or "n/a".
bool looksLikeNumber(QStringView cell, QChar decimalSeparator = u'.');

// Shortest text that reads back as exactly the same float32, with "." as the
// decimal separator: "0.8734", not "0.873399973". The same text parsed as a
// double and then rounded to float32 also gives the same value, which the
// JSON Lines reader relies on.
QString formatFloat32(float value);

} // namespace embedscope::text
