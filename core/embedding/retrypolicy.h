#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <chrono>
#include <optional>
#include <utility>

namespace embedscope::embedding {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// How often, and after how long, a failed request is sent again. Every wait
// is at most maxWait, whether computed here or requested by the server.
struct RetryPolicy
{
    int maxRetries = 4;
    std::chrono::milliseconds initialBackoff{500}; // first computed wait; doubles with each retry
    std::chrono::milliseconds maxBackoff{8000};    // largest computed wait
    std::chrono::milliseconds maxWait{60000};      // largest wait of any kind
};

// Returns true for the statuses that mean "try again later": 408, 409, 429,
// 500, 502, 503 and 504. 400, 401, 402, 403, 404 and every other status
// would fail the same way again.
bool isRetryableStatus(int statusCode);

// Returns the wait a response asks for, from the first header present of:
// retry-after-ms (OpenAI), Retry-After in seconds or as an HTTP date, and,
// for 429 only, the rate-limit reset headers (x-ratelimit-reset-requests and
// -tokens as durations such as "6m0s", or x-ratelimit-reset as seconds or a
// Unix time in seconds or milliseconds). A time in the past gives zero.
// Returns nullopt when no header names a wait.
std::optional<std::chrono::milliseconds> requestedWait(int statusCode, const HeaderList &headers,
                                                       const QDateTime &now);

// Exponential backoff with jitter for retry 1, 2, 3 ...:
// initialBackoff * 2^(retry - 1), at most maxBackoff and maxWait, then
// shortened by up to a quarter as jitter (0 to 1) says, so that clients that
// failed together do not retry together.
std::chrono::milliseconds backoffDelay(const RetryPolicy &policy, int retry, double jitter);

} // namespace embedscope::embedding
