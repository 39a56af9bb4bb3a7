#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>
#include <memory>
#include <optional>

namespace embedscope::ui::analysis {

// Runs one computation at a time off the UI thread. The work gets a cancel
// flag and returns nullopt when it stops early; it must work on its own copy
// of the data, because the snapshot may change while it runs. Starting a new
// computation cancels the previous one, whose result is then dropped.
class BackgroundRunner : public QObject
{
    Q_OBJECT

public:
    explicit BackgroundRunner(QObject *parent = nullptr);
    ~BackgroundRunner() override;

    bool isRunning() const { return m_running; }

    // Calls work(cancelFlag) on the thread pool, then done(result) on this
    // object's thread unless it was cancelled or superseded meanwhile.
    template<typename T, typename Work, typename Done>
    void start(Work work, Done done)
    {
        stop();

        auto cancelFlag = std::make_shared<std::atomic_bool>(false);
        auto result = std::make_shared<std::optional<T>>();
        auto *watcher = new QFutureWatcher<void>(this);
        connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, cancelFlag, result, done]() {
            watcher->deleteLater();
            if (cancelFlag->load())
                return; // cancelled or superseded: cancel() already reported it
            setRunning(false);
            if (*result)
                done(std::move(**result));
        });

        m_cancelFlag = cancelFlag;
        m_future = QtConcurrent::run([work, cancelFlag, result]() { *result = work(cancelFlag.get()); });
        watcher->setFuture(m_future);
        setRunning(true);
    }

    // Requests the running computation to stop and drops its result. Emits
    // cancelled() when one was running, so its view can clear a busy text.
    void cancel();

    // Status text for a view whose computation was cancelled.
    static QString cancelledMessage();

signals:
    void runningChanged(bool running);
    void cancelled();

private:
    void stop();
    void setRunning(bool running);

    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_cancelFlag;
    QFuture<void> m_future;
};

} // namespace embedscope::ui::analysis
