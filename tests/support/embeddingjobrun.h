#pragma once

// Runs an embedding job to its end in a test, for the provider suites.
#include "embedding/embeddingjob.h"
#include "embedding/embeddingset.h"

#include <QList>
#include <QObject>
#include <QSignalSpy>
#include <QStringList>
#include <QTest>
#include <QVariant>

// Runs one job to its end and checks the contract every job keeps:
// finished() never inside embed(), and exactly once. A broken contract or a
// job that never finishes comes back as a failed outcome whose message
// starts with "test:". progress and statuses receive the job's
// progressChanged arguments and statusChanged messages.
inline embedscope::embedding::EmbeddingOutcome runJob(embedscope::embedding::EmbeddingProvider &provider,
                                                      const QStringList &texts,
                                                      QList<QList<QVariant>> *progress = nullptr,
                                                      QStringList *statuses = nullptr)
{
    using embedscope::embedding::EmbeddingJob;
    using embedscope::embedding::EmbeddingOutcome;
    using Status = EmbeddingOutcome::Status;

    QObject owner;
    EmbeddingJob *job = provider.embed(texts, &owner);
    QSignalSpy finishedSpy(job, &EmbeddingJob::finished);
    QSignalSpy progressSpy(job, &EmbeddingJob::progressChanged);
    QSignalSpy statusSpy(job, &EmbeddingJob::statusChanged);
    if (finishedSpy.count() != 0)
        return {Status::Failed, {}, QStringLiteral("test: finished() was emitted inside embed()")};

    // Every timeout and retry delay these suites set up ends within a few
    // seconds, so 20 s is reached only by a job that hangs.
    if (!finishedSpy.wait(20000))
        return {Status::Failed, {}, QStringLiteral("test: the job never finished")};
    QTest::qWait(50); // a second finished() would be delivered here
    if (finishedSpy.count() != 1)
        return {Status::Failed, {}, QStringLiteral("test: finished() came %1 times").arg(finishedSpy.count())};

    if (progress)
        *progress = progressSpy;
    if (statuses) {
        for (const QList<QVariant> &status : statusSpy)
            statuses->append(status.first().toString());
    }
    return finishedSpy.first().first().value<EmbeddingOutcome>();
}

// One row of an embedding set as a list, for QCOMPARE.
inline QList<float> rowOf(const embedscope::embedding::EmbeddingSet &set, int row)
{
    return QList<float>(set.row(row).begin(), set.row(row).end());
}
