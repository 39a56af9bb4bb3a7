#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"

#include <QByteArray>
#include <QStringList>

namespace embedscope::workspace {

// Phrases and their vectors as exported: row i of vectors belongs to
// phrases[i]; labels is empty or has one entry per phrase.
struct EmbeddingTable
{
    QStringList phrases;
    QStringList labels;
    embedding::EmbeddingSet vectors;
};

// Every exporter writes numbers as the shortest text that reads back as the
// same float32, with "." as the decimal separator whatever the locale, and
// writes files through QSaveFile, so a failed export leaves any earlier file
// intact. They reject a table whose sizes disagree or whose vectors hold NaN
// or infinity, naming the row.

// TensorFlow Embedding Projector pair: vectors.tsv (one line of tab-separated
// values per phrase, no header) and metadata.tsv (the phrase alone without a
// header, or "text<TAB>label" with a header when there are labels). The
// Projector does not quote cells, so tabs and line breaks inside a phrase or
// label are written as spaces.
Expected<bool> exportProjectorTsv(const QString &vectorsPath, const QString &metadataPath,
                                  const EmbeddingTable &table);
QByteArray projectorVectorsTsv(const embedding::EmbeddingSet &vectors);
QByteArray projectorMetadataTsv(const QStringList &phrases, const QStringList &labels);

// NumPy .npy of float32, shape (phrases, dimensions). The phrases need a file
// of their own; exportPhraseCsv() writes one that keeps every character.
Expected<bool> exportNpy(const QString &path, const embedding::EmbeddingSet &vectors);

// JSON Lines: {"label": ..., "text": ..., "embedding": [...]} per phrase, the
// label only when there are labels.
Expected<bool> exportEmbeddingJsonl(const QString &path, const EmbeddingTable &table);
QByteArray embeddingJsonl(const EmbeddingTable &table);

// UTF-8 CSV with a "text" column (and a "label" column when there are
// labels), quoted as RFC 4180 describes, for the phrases of an .npy export.
Expected<bool> exportPhraseCsv(const QString &path, const QStringList &phrases, const QStringList &labels);
QByteArray phraseCsv(const QStringList &phrases, const QStringList &labels);

} // namespace embedscope::workspace
