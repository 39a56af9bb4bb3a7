#pragma once

#include "common/expected.h"

#include <QByteArray>
#include <QString>

#include <functional>

class QIODevice;

namespace embedscope::workspace {

// Writes bytes to path through QSaveFile: into a temporary file next to it,
// renamed over path only when everything was written, so a crash or a full
// disk leaves the previous file intact. The error names the path.
Expected<bool> writeFileAtomically(const QString &path, const QByteArray &bytes);

// The same for content that write streams into the device, so a large file
// never has to be in memory whole.
Expected<bool> writeFileAtomically(const QString &path, const std::function<void(QIODevice *)> &write);

} // namespace embedscope::workspace
