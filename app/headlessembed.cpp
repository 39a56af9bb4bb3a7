#include "headlessembed.h"

#include "workspace/runembedder.h"

#include <QEventLoop>

#include <cstdio>
#include <unistd.h>

namespace embedscope::app {

// A progress line that rewrites itself, shown only when a person is
// watching; logs and pipes get no carriage-return noise.
static void showProgress(int done, int total)
{
    if (!isatty(fileno(stderr)) || total <= 0)
        return;
    std::fprintf(stderr, "\rEmbedding %d of %d", done, total);
    if (done >= total)
        std::fprintf(stderr, "\r\033[K");
    std::fflush(stderr);
}

Expected<EmbeddedRun> embedAndWait(const QStringList &texts, const workspace::RunSpec &spec)
{
    workspace::RunEmbedder embedder;
    QEventLoop loop;
    embedding::EmbeddingOutcome result;
    QObject::connect(&embedder, &workspace::RunEmbedder::progressChanged, &showProgress);
    QObject::connect(&embedder, &workspace::RunEmbedder::finished, &loop,
                     [&](const embedding::EmbeddingOutcome &outcome) {
                         result = outcome;
                         loop.quit();
                     });

    embedder.start(texts, spec);
    loop.exec();

    if (result.status == embedding::EmbeddingOutcome::Status::Cancelled)
        return fail(QStringLiteral("embedding with %1 was cancelled").arg(embedder.source()));
    if (!result.succeeded())
        return fail(result.errorMessage);
    return EmbeddedRun{std::move(result.vectors), embedder.source()};
}

} // namespace embedscope::app
