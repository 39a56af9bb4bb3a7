#pragma once

#include "common/expected.h"

#include <QByteArray>
#include <QString>

namespace embedscope::text {

// Decoded file text and how it was read.
struct DecodedText
{
    QString text;
    QString encoding;       // "UTF-8", "UTF-16LE", "UTF-16BE" or "Windows-1252"
    bool usedFallback = false; // true when the bytes were not valid UTF-8 or UTF-16
};

// Decodes text from a file or standard input, in this order: a byte order
// mark; UTF-16 without one, recognised by NUL bytes in every other position;
// strict UTF-8; Windows-1252 as the fallback for legacy spreadsheet exports.
// Line endings are left alone; parsePhrases() handles CRLF. Rejects data that
// looks binary (NUL bytes that are not UTF-16, or many control characters)
// instead of guessing.
Expected<DecodedText> decodeText(const QByteArray &bytes);

} // namespace embedscope::text
