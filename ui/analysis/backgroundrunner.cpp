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
