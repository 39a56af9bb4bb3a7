#pragma once

#include "common/expected.h"
#include "text/phraseimport.h"

namespace embedscope::app {

// Reads the phrases of a command's INPUT: a file in any format the window
// imports, or "-" for plain text on standard input. Import warnings, such as
// an encoding fallback, go to standard error.
Expected<text::ImportedPhrases> readInputPhrases(const QString &input);

// Writes bytes to path atomically; the error names the path.
Expected<bool> writeOutputFile(const QString &path, const QByteArray &bytes);

// "embedscope: message" on standard error.
void printError(const QString &message);

} // namespace embedscope::app
