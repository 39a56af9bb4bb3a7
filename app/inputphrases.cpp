#include "inputphrases.h"

#include "text/textdecoding.h"

#include <QFile>
#include <QSaveFile>

#include <cstdio>

namespace embedscope::app {

void printError(const QString &message)
{
    std::fprintf(stderr, "embedscope: %s\n", qUtf8Printable(message));
}

static Expected<text::ImportedPhrases> readStandardInput()
{
    QFile file;
    if (!file.open(stdin, QIODevice::ReadOnly))
        return fail(QStringLiteral("cannot read standard input: %1").arg(file.errorString()));

    const auto decoded = text::decodeText(file.readAll());
    if (!decoded)
        return fail(QStringLiteral("standard input: %1").arg(decoded.error()));

    auto importText = text::importTextFromString(decoded->text, QStringLiteral("standard input"));
    if (!importText)
        return fail(importText.error());
    importText->encoding = decoded->encoding;
    if (decoded->usedFallback)
        importText->warnings.append(
            QStringLiteral("standard input is not valid UTF-8; read it as %1").arg(decoded->encoding));
    return text::parsePhraseText(*importText, text::PhraseFormat::PlainText, {});
}

static text::PhraseImportOptions importOptionsFor(const InputColumns &columns)
{
    text::PhraseImportOptions options;
    options.textColumn = columns.text;
    options.labelColumn = columns.label;
    // JSON Lines has fields, not positions: a name serves both formats.
    options.textField = columns.text.name;
    options.labelField = columns.label.name;
    return options;
}

Expected<text::ImportedPhrases> readInputPhrases(const QString &input, const InputColumns &columns)
{
    auto imported = input == u"-" ? readStandardInput() : text::importPhraseFile(input, importOptionsFor(columns));
    if (!imported)
        return imported;

    for (const QString &warning : std::as_const(imported->warnings))
        printError(QStringLiteral("warning: ") + warning);
    if (imported->phrases.isEmpty())
        return fail(QStringLiteral("%1 contains no phrases; give one phrase per line").arg(input));
    return imported;
}

static Expected<bool> writeStandardOutput(const QByteArray &bytes)
{
    QFile file;
    if (!file.open(stdout, QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.flush())
        return fail(QStringLiteral("cannot write to standard output: %1").arg(file.errorString()));
    return true;
}

Expected<bool> writeOutputFile(const QString &path, const QByteArray &bytes)
{
    if (path == u"-")
        return writeStandardOutput(bytes);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return fail(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
    return true;
}

} // namespace embedscope::app
