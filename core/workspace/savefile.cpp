#include "savefile.h"

#include "common/logging.h"

#include <QSaveFile>

namespace embedscope::workspace {

Expected<bool> writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    return writeFileAtomically(path, [&bytes](QIODevice *device) { device->write(bytes); });
}

// QSaveFile remembers a failed write and then refuses to commit, so write
// needs no error checks of its own.
Expected<bool> writeFileAtomically(const QString &path, const std::function<void(QIODevice *)> &write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        qCWarning(lcWorkspace) << "cannot open" << path << "for writing:" << file.errorString();
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    }
    write(&file);
    const qint64 size = file.size();
    if (!file.commit()) {
        qCWarning(lcWorkspace) << "cannot write" << path << ":" << file.errorString();
        return fail(QStringLiteral("cannot write %1: %2; the previous file, if any, is unchanged")
                        .arg(path, file.errorString()));
    }
    qCDebug(lcWorkspace) << "wrote" << size << "bytes to" << path;
    return true;
}

} // namespace embedscope::workspace
