#pragma once

#include "columnselection.h"
#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "phraseimport.h"

#include <QStringList>

#include <optional>

namespace embedscope::text {

// Phrases with embeddings computed elsewhere, row i of vectors belonging to
// phrases[i].
struct ImportedEmbeddings
{
    QStringList phrases;             // trimmed, never empty
    QStringList labels;              // empty, or one per phrase
    embedding::EmbeddingSet vectors; // one row per phrase, finite float32
    QStringList warnings;            // for the user, as ImportedPhrases::warnings
};

struct EmbeddingImportOptions
{
    // CSV or TSV with a text column and numeric columns, and the metadata of
    // a Projector pair. Unset columns default as in PhraseImportOptions; a
    // CSV without a header takes its first non-numeric column as the text.
    ColumnChoice textColumn;
    ColumnChoice labelColumn;
    HeaderMode header = HeaderMode::Detect; // CSV or TSV only
    std::optional<QChar> delimiter;         // unset: tab for .tsv, otherwise sniffed

    // JSON Lines. Empty names default to a field named like "text", to
    // "embedding" or "vector", and to a field named like "label".
    QString textField;
    QString vectorField;
    QString labelField;

    // The phrase file that accompanies a .npy file.
    PhraseImportOptions phraseFile;
};

// Reads a TensorFlow Embedding Projector pair: vectors.tsv with one vector
// per line as tab-separated numbers and no header, and metadata.tsv with one
// line per vector. Metadata of one column may have a header line or not,
// which its line count decides. Metadata of several columns has a header, as
// the Projector requires.
Expected<ImportedEmbeddings> importProjectorTsv(const QString &vectorsPath, const QString &metadataPath,
                                                const EmbeddingImportOptions &options = {});

// Reads a CSV or TSV file with a text column, an optional label column and
// one numeric column per dimension. A single vector column holding lists
// such as "[0.1, 0.2]" (as pandas writes them) is read too. In a
// semicolon-separated file "0,25" is read as 0.25.
Expected<ImportedEmbeddings> importEmbeddingCsv(const QString &path, const EmbeddingImportOptions &options = {});

// Reads JSON Lines whose objects have a text field and a vector field that is
// an array of numbers, e.g. {"text": "apple", "embedding": [0.1, 0.2]}.
Expected<ImportedEmbeddings> importEmbeddingJsonl(const QString &path, const EmbeddingImportOptions &options = {});

// Reads a 2-D float32 or float64 .npy file and the phrases for its rows from
// a separate phrase file (.txt, .csv or .jsonl, see importPhraseFile()).
Expected<ImportedEmbeddings> importNpyEmbeddings(const QString &npyPath, const QString &phrasesPath,
                                                 const EmbeddingImportOptions &options = {});

// Whether path starts with a line of tab-separated numbers, as a Projector
// vectors file does (it has no text column, so it needs its metadata).
bool isProjectorVectorsFile(const QString &path);

// The metadata file beside a Projector vectors file, found by the usual
// names ("vectors.tsv" and "metadata.tsv", "x_vectors.tsv" and
// "x_metadata.tsv"); empty when there is none.
QString findProjectorMetadata(const QString &vectorsPath);

// Picks the importer by extension: .npy (phrases from companionPath), .tsv
// with a companionPath (a Projector pair, in either order), a .tsv of
// numbers alone (a Projector pair with the metadata found beside it), .csv
// or .tsv alone, .jsonl or .ndjson.
Expected<ImportedEmbeddings> importEmbeddingFile(const QString &path, const QString &companionPath = {},
                                                 const EmbeddingImportOptions &options = {});

} // namespace embedscope::text
