#pragma once

#include "common/expected.h"

#include <QByteArray>
#include <QString>

namespace embedscope::workspace {

// Writes bytes to path through QSaveFile: into a temporary file next to it,
// renamed over path only when everything was written, so a crash or a full
// disk leaves the previous file intact. The error names the path.
Expected<bool> writeFileAtomically(const QString &path, const QByteArray &bytes);

} // namespace embedscope::workspace
