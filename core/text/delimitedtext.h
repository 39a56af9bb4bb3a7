#pragma once

#include "common/expected.h"
#include "importfile.h"

#include <QList>
#include <QStringList>

#include <optional>

namespace embedscope::text {

// One record of a CSV or TSV file.
struct DelimitedRecord
{
    QStringList cells; // unquoted, untrimmed
    qsizetype line = 0; // line on which the record starts, from 1
};

// The records of a CSV or TSV file and the delimiter that split them.
struct DelimitedTable
{
    QList<DelimitedRecord> records; // blank lines left out
    QChar delimiter;                // null when every line is a single cell
};

// Picks the delimiter of CSV-like text from comma, semicolon and tab by
// counting them outside quotes on the first lines. The one that appears as
// often on every line as on the first wins. On a tie tab beats semicolon and
// semicolon beats comma, because prose and decimal commas put commas into
// cells. Returns nullopt when none splits most lines alike, so each line is
// one cell.
std::optional<QChar> sniffDelimiter(QStringView text);

// Splits text (with "\n" line breaks) into records as RFC 4180 describes:
// fields in double quotes may contain the delimiter, line breaks and quotes
// written as two quotes. A field that starts with spaces and then a quote is
// read as quoted too, as hand-written files often have ", \"a, b\"".
// Rejects a quoted field that is never closed or is followed by other text,
// naming the line and column. A null delimiter makes each line one cell.
// firstLine is the line number of text's first line in the file.
Expected<QList<DelimitedRecord>> parseDelimited(QStringView text, QChar delimiter, const QString &source,
                                               qsizetype firstLine = 1);

// Reads a whole table: honours the "sep=;" first line that Excel writes and
// reads, otherwise uses delimiter or, when that is nullopt, sniffs one.
Expected<DelimitedTable> readDelimitedTable(const ImportText &text, std::optional<QChar> delimiter);

} // namespace embedscope::text
