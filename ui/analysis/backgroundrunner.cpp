#include "backgroundrunner.h"

namespace embedscope::ui::analysis {

BackgroundRunner::BackgroundRunner(QObject *parent)
    : QObject(parent)
{}

// The work captures only shared copies, but waiting keeps a closing window
// from leaving computations running on the pool.
BackgroundRunner::~BackgroundRunner()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_future.waitForFinished();
}

void BackgroundRunner::cancel()
{
    const bool wasRunning = m_running;
    stop();
    if (wasRunning)
        emit cancelled();
}

QString BackgroundRunner::cancelledMessage()
{
    return tr("Cancelled. Change a setting or embed again to compute it.");
}

void BackgroundRunner::stop()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    m_cancelFlag.reset();
    setRunning(false);
}

void BackgroundRunner::setRunning(bool running)
{
    if (m_running == running)
        return;
    m_running = running;
    emit runningChanged(running);
}

} // namespace embedscope::ui::analysis
