#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "embeddingrun.h"
#include "embedding/providersettings.h"
#include "math/similaritymatrix.h"

#include <QByteArray>
#include <QJsonObject>
#include <QStringList>

namespace embedscope::workspace {

// A saved workspace (.embedscope): JSON with a "format" name and an integer
// "version", so that a later Embedscope can read old files and this one can
// reject newer ones. Version 2 adds the optional "comparison" object with
// the runs of a model comparison; version 1 files still open.
inline constexpr char16_t WORKSPACE_SUFFIX[] = u"embedscope";
inline constexpr char16_t WORKSPACE_FORMAT_NAME[] = u"embedscope-workspace";
inline constexpr int WORKSPACE_FORMAT_VERSION = 2;

// Everything a workspace file stores, as a plain value: the document the
// user saved, including the vectors, so the file opens offline exactly as it
// was saved.
struct WorkspaceData
{
    QStringList phrases; // the phrase list as edited
    QStringList labels;  // empty, or one per phrase

    // Never a key: the settings name the environment variable that contains it.
    embedding::ProviderSettings provider;
    math::Metric metric = math::Metric::Cosine;
    QJsonObject viewSettings; // free-form, written and read by the UI

    // The last embedding result. embeddedPhrases are the phrases that were
    // embedded, which differ from phrases when the list was edited since.
    // vectors is empty when nothing was embedded; otherwise it has one row
    // per embedded phrase.
    QStringList embeddedPhrases;
    embedding::EmbeddingSet vectors;
    QString embeddingSource; // provider and model, as Snapshot::source

    // The runs of a model comparison and the phrases they embedded, empty
    // without runs. Each run has one row of vectors per run phrase. Their
    // matrices are not stored, because they follow from vectors and metric.
    QStringList runPhrases;
    QList<EmbeddingRun> runs;
};

// JSON text of a workspace file. The vectors are stored as base64 of
// little-endian float32 with their row and dimension counts, so they read
// back bit for bit.
QByteArray serializeWorkspace(const WorkspaceData &data);

// Reads a workspace from JSON text; source is the file name for messages.
// Rejects files from a newer format version and anything incomplete: invalid
// JSON, a missing or mistyped field, bad base64, or vectors whose size does
// not match their row and dimension counts. A caller gets either the whole
// workspace or an error, never part of one.
Expected<WorkspaceData> parseWorkspace(const QByteArray &json, const QString &source);

// Writes a workspace atomically (QSaveFile): a crash or full disk while
// saving leaves the previous file intact. The vectors are encoded in chunks
// as they are written, so saving takes little memory beyond data.
Expected<bool> saveWorkspaceFile(const QString &path, const WorkspaceData &data);

// Reads a workspace file; see parseWorkspace().
// NOTE: loading keeps the JSON text, the decoded bytes and the vectors in
// memory together; only saving streams. Loading 50,000 x 1,536 vectors (a
// 410 MB file) peaked at 3.1 GB with Qt 6.4.2 on a 2-core x86-64 machine.
Expected<WorkspaceData> loadWorkspaceFile(const QString &path);

} // namespace embedscope::workspace
