#include "savefile.h"

#include "common/logging.h"

#include <QSaveFile>

namespace embedscope::workspace {

Expected<bool> writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcWorkspace) << "cannot open" << path << "for writing:" << file.errorString();
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    if (file.write(bytes) != bytes.size() || !file.commit()) {
        qCWarning(lcWorkspace) << "cannot write" << path << ":" << file.errorString();
        return fail(QStringLiteral("cannot write %1: %2; the previous file, if any, is unchanged")
                        .arg(path, file.errorString()));
    }
    qCDebug(lcWorkspace) << "wrote" << bytes.size() << "bytes to" << path;
    return true;
}

} // namespace embedscope::workspace
