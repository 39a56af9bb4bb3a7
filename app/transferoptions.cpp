#include "transferoptions.h"

#include "embedding/batchplanner.h"

#include <QCommandLineParser>

namespace embedscope::app {

using embedding::MAX_CONCURRENCY;
using embedding::MAX_RETRIES;
using embedding::MAX_TIMEOUT_SECONDS;

void addTransferOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("batch-size"),
         QStringLiteral("Inputs per request, 1 to %1 (default 128). Smaller batches are sent when a server "
                        "rejects a batch as too large or has a known lower limit.")
             .arg(embedding::OPENAI_MAX_INPUTS),
         QStringLiteral("N")},
        {QStringLiteral("concurrency"),
         QStringLiteral("Requests in flight at once, 1 to %1 (default 4). Lower it when the server rate limits.")
             .arg(MAX_CONCURRENCY),
         QStringLiteral("N")},
        {QStringLiteral("timeout"),
         QStringLiteral("Seconds to wait for each response, 1 to %1 (default 60).").arg(MAX_TIMEOUT_SECONDS),
         QStringLiteral("SECONDS")},
        {QStringLiteral("retries"),
         QStringLiteral("Times to send a request again after a timeout, a dropped connection or HTTP 408, 409, "
                        "429, 500, 502, 503 or 504, 0 to %1 (default 4).")
             .arg(MAX_RETRIES),
         QStringLiteral("N")},
        {QStringLiteral("encoding-format"),
         QStringLiteral("encoding_format to request: base64 (smaller; OpenAI, vLLM) or float. Default: base64 for "
                        "--provider openai, float otherwise."),
         QStringLiteral("NAME")},
        {QStringLiteral("no-cache"),
         QStringLiteral("Neither read nor write the embedding cache; send every phrase.")},
    });
}

// Reads a whole number option within [minimum, maximum] into target.
static Expected<bool> readWholeNumber(const QCommandLineParser &parser, const QString &name, int minimum,
                                      int maximum, int &target)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int value = parser.value(name).trimmed().toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        return fail(QStringLiteral("invalid --%1 \"%2\"; give a whole number from %3 to %4")
                        .arg(name, parser.value(name))
                        .arg(minimum)
                        .arg(maximum));
    target = value;
    return true;
}

Expected<bool> applyTransferOptions(const QCommandLineParser &parser, embedding::ProviderSettings &settings)
{
    const struct
    {
        QString name;
        int minimum;
        int maximum;
        int &target;
    } numbers[] = {
        {QStringLiteral("batch-size"), 1, embedding::OPENAI_MAX_INPUTS, settings.batchSize},
        {QStringLiteral("concurrency"), 1, MAX_CONCURRENCY, settings.concurrency},
        {QStringLiteral("timeout"), 1, MAX_TIMEOUT_SECONDS, settings.timeoutSeconds},
        {QStringLiteral("retries"), 0, MAX_RETRIES, settings.retry.maxRetries},
    };
    for (const auto &number : numbers) {
        const auto read = readWholeNumber(parser, number.name, number.minimum, number.maximum, number.target);
        if (!read)
            return read;
    }

    if (parser.isSet(QStringLiteral("encoding-format"))) {
        const QString name = parser.value(QStringLiteral("encoding-format")).trimmed().toLower();
        if (name == u"base64")
            settings.encoding = embedding::VectorEncoding::Base64;
        else if (name == u"float")
            settings.encoding = embedding::VectorEncoding::Float;
        else
            return fail(QStringLiteral("unknown --encoding-format \"%1\"; use base64 or float")
                            .arg(parser.value(QStringLiteral("encoding-format"))));
    }
    if (parser.isSet(QStringLiteral("no-cache")))
        settings.useCache = false;
    return true;
}

} // namespace embedscope::app
