#pragma once

#include <atomic>

namespace embedscope::math {

// True once the caller has asked a long computation to stop. A null flag
// means the computation cannot be cancelled.
inline bool isCancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

} // namespace embedscope::math
