#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

// What a finished embedscope process left: exit code (-1 when it did not
// finish within a minute), standard error and standard output.
struct EmbedscopeRun
{
    int exitCode = -1;
    QString standardError;
    QByteArray standardOutput;
};

// Runs the executable at binary as a headless machine would: no display, no
// platform chosen, no API keys and no keychain, with the embedding cache in
// cacheHome. environment adds NAME=VALUE entries.
inline EmbedscopeRun runEmbedscope(const QString &binary, const QStringList &arguments, const QString &cacheHome,
                                   const QByteArray &standardInput = {}, const QStringList &environment = {})
{
    QProcessEnvironment processEnvironment = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "OPENROUTER_API_KEY", "OPENAI_API_KEY"})
        processEnvironment.remove(QString::fromLatin1(name));
    processEnvironment.insert(QStringLiteral("XDG_CACHE_HOME"), cacheHome);
    processEnvironment.insert(QStringLiteral("EMBEDSCOPE_NO_KEYCHAIN"), QStringLiteral("1"));
    for (const QString &entry : environment)
        processEnvironment.insert(entry.section(u'=', 0, 0), entry.section(u'=', 1));

    QProcess process;
    process.setProcessEnvironment(processEnvironment);
    process.start(binary, arguments);
    process.write(standardInput);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return {};
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardError()), process.readAllStandardOutput()};
}
