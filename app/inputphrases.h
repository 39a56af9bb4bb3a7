#pragma once

#include "common/expected.h"
#include "text/phraseimport.h"

namespace embedscope::app {

// Columns of a CSV or TSV INPUT (or fields of a JSON Lines one) that contain
// the phrases and the labels. Unset means the importer chooses by name.
struct InputColumns
{
    text::ColumnChoice text;
    text::ColumnChoice label;
};

// Reads the phrases of a command's INPUT: a file in any format the window
// imports, or "-" for plain text on standard input. Import warnings, such as
// an encoding fallback, go to standard error.
Expected<text::ImportedPhrases> readInputPhrases(const QString &input, const InputColumns &columns = {});

// Writes bytes to path atomically, or to standard output when path is "-";
// the error names the path.
Expected<bool> writeOutputFile(const QString &path, const QByteArray &bytes);

// "embedscope: message" on standard error.
void printError(const QString &message);

} // namespace embedscope::app
