#pragma once

#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "workspace/runspec.h"

#include <QStringList>

namespace embedscope::app {

// Vectors of one run and where they came from.
struct EmbeddedRun
{
    embedding::EmbeddingSet vectors;
    QString source;
};

// Embeds texts for one run and waits in a local event loop, showing a
// progress line when standard error is a terminal. For the command line.
Expected<EmbeddedRun> embedAndWait(const QStringList &texts, const workspace::RunSpec &spec);

} // namespace embedscope::app
