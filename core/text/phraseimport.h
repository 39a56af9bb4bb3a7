#pragma once

#include "columnselection.h"
#include "common/expected.h"
#include "importfile.h"

#include <QStringList>

#include <optional>

namespace embedscope::text {

enum class PhraseFormat {
    Detect,    // from the file extension (.csv, .tsv, .tab, .jsonl, .ndjson); other files are plain text
               // unless every line splits into the same number of tab-separated cells
    PlainText, // one phrase per line
    Delimited, // CSV or TSV with a text column and an optional label column
    JsonLines, // one JSON object per line with a text field and an optional label field
};

struct PhraseImportOptions
{
    PhraseFormat format = PhraseFormat::Detect;

    // CSV and TSV. Unset columns default to the first header cell named like
    // "text" or "phrase" (else the first column) and to a header cell named
    // like "label" or "category" (else no labels).
    ColumnChoice textColumn;
    ColumnChoice labelColumn;
    HeaderMode header = HeaderMode::Detect;
    std::optional<QChar> delimiter; // unset: tab for .tsv, otherwise sniffed

    // JSON Lines. Empty names default to the first field of the first
    // record named like "text" and like "label" (else no labels).
    QString textField;
    QString labelField;
};

// Phrases read from a file or a paste, in file order, duplicates kept.
struct ImportedPhrases
{
    QStringList phrases;     // trimmed, never empty
    QStringList labels;      // empty, or one per phrase (empty where a row has none)
    QStringList columnNames; // CSV/TSV header cells, or "Column 1", ... without a header; else empty
    QString encoding;        // as DecodedText::encoding
    QStringList warnings;    // for the user: encoding fallback, skipped rows
};

PhraseFormat phraseFormatForPath(const QString &path);

// Reads phrases (and labels) from a .txt, .csv, .tsv or .jsonl file. Errors
// name the file, line and column and state what to change.
Expected<ImportedPhrases> importPhraseFile(const QString &path, const PhraseImportOptions &options = {});

// Reads phrases pasted from a spreadsheet: tab-separated cells, quoted where
// a cell contains a line break, header detected as for CSV. Text without tabs
// is one phrase per line. options.format is ignored.
Expected<ImportedPhrases> importPastedText(const QString &text, const PhraseImportOptions &options = {});

// Reads phrases from text already decoded, in one format (not Detect).
Expected<ImportedPhrases> parsePhraseText(const ImportText &text, PhraseFormat format,
                                          const PhraseImportOptions &options);

// Trims one phrase and rejects it when longer than MAX_PHRASE_CHARACTERS;
// location is the importLocation() of its cell. Returns an empty string for
// a blank cell.
Expected<QString> cleanPhrase(QStringView cell, const QString &location);

} // namespace embedscope::text
