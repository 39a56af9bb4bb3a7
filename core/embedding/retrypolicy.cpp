#include "retrypolicy.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace embedscope::embedding {

using std::chrono::milliseconds;

// Unix times have been above 1e12 in milliseconds and above 1e9 in seconds
// since September 2001, so smaller numbers are durations.
static constexpr double UNIX_MILLISECONDS_THRESHOLD = 1e12;
static constexpr double UNIX_SECONDS_THRESHOLD = 1e9;

bool isRetryableStatus(int statusCode)
{
    switch (statusCode) {
    case 408: // request timeout
    case 409: // conflict, such as a lock held by another request
    case 429: // rate limited
    case 500:
    case 502:
    case 503:
    case 504:
        return true;
    default:
        return false;
    }
}

static std::optional<QByteArray> headerValue(const HeaderList &headers, const QByteArray &name)
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value.trimmed();
    }
    return std::nullopt;
}

static milliseconds fromSeconds(double seconds)
{
    return milliseconds(qint64(std::ceil(std::max(0.0, seconds) * 1000.0)));
}

static std::optional<double> parseNumber(const QByteArray &text)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// An HTTP date as RFC 9110 prefers it, "Sun, 06 Nov 1994 08:49:37 GMT". The
// obsolete RFC 850 and asctime forms are not read; no current API server
// sends them.
static std::optional<QDateTime> parseHttpDate(const QByteArray &text)
{
    QString value = QString::fromLatin1(text).simplified();
    if (!value.endsWith(QLatin1String(" GMT")))
        return std::nullopt;
    value.chop(4);

    QDateTime date = QLocale::c().toDateTime(value, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    if (!date.isValid())
        return std::nullopt;
    date.setTimeZone(QTimeZone::utc());
    return date;
}

// Seconds or an HTTP date.
static std::optional<milliseconds> parseRetryAfter(const QByteArray &value, const QDateTime &now)
{
    if (const auto seconds = parseNumber(value))
        return fromSeconds(*seconds);
    if (const auto date = parseHttpDate(value))
        return milliseconds(std::max<qint64>(0, now.msecsTo(*date)));
    return std::nullopt;
}

// A Go-style duration as OpenAI sends in x-ratelimit-reset-*: "20ms", "1s",
// "6m0s", "1h2m3.5s"; a bare number is seconds.
static std::optional<milliseconds> parseDuration(const QByteArray &value)
{
    if (const auto seconds = parseNumber(value))
        return fromSeconds(*seconds);

    static const QRegularExpression part(QStringLiteral("(\\d+(?:\\.\\d+)?)(ms|h|m|s)"));
    const QString text = QString::fromLatin1(value);
    double total = 0.0;
    qsizetype consumed = 0;
    for (auto match = part.globalMatch(text); match.hasNext();) {
        const QRegularExpressionMatch next = match.next();
        if (next.capturedStart() != consumed)
            return std::nullopt;
        consumed = next.capturedEnd();

        const double amount = next.captured(1).toDouble();
        const QString unit = next.captured(2);
        if (unit == u"h")
            total += amount * 3600.0;
        else if (unit == u"m")
            total += amount * 60.0;
        else if (unit == u"s")
            total += amount;
        else
            total += amount / 1000.0;
    }
    if (consumed == 0 || consumed != text.size())
        return std::nullopt;
    return fromSeconds(total);
}

// x-ratelimit-reset (OpenRouter) or ratelimit-reset (the IETF draft): a
// Unix time in milliseconds or seconds, or seconds from now.
static std::optional<milliseconds> parseResetTime(const QByteArray &value, const QDateTime &now)
{
    const auto number = parseNumber(value);
    if (!number)
        return std::nullopt;
    const double nowMs = double(now.toMSecsSinceEpoch());
    if (*number >= UNIX_MILLISECONDS_THRESHOLD)
        return milliseconds(qint64(std::max(0.0, *number - nowMs)));
    if (*number >= UNIX_SECONDS_THRESHOLD)
        return milliseconds(qint64(std::max(0.0, *number * 1000.0 - nowMs)));
    return fromSeconds(*number);
}

// The maximum reset time among the limits that are used up. A limit whose
// remaining count is missing counts as used up, because the 429 says some
// limit is.
static std::optional<milliseconds> rateLimitReset(const HeaderList &headers, const QDateTime &now)
{
    std::optional<milliseconds> longest;
    for (const QByteArray &kind : {QByteArray("requests"), QByteArray("tokens")}) {
        const auto reset = headerValue(headers, "x-ratelimit-reset-" + kind);
        const auto remaining = headerValue(headers, "x-ratelimit-remaining-" + kind);
        if (!reset || (remaining && remaining->toLongLong() > 0))
            continue;
        if (const auto wait = parseDuration(*reset))
            longest = std::max(longest.value_or(milliseconds(0)), *wait);
    }
    if (longest)
        return longest;

    for (const QByteArray &name : {QByteArray("x-ratelimit-reset"), QByteArray("ratelimit-reset")}) {
        if (const auto value = headerValue(headers, name))
            return parseResetTime(*value, now);
    }
    return std::nullopt;
}

std::optional<milliseconds> requestedWait(int statusCode, const HeaderList &headers, const QDateTime &now)
{
    if (const auto value = headerValue(headers, "retry-after-ms")) {
        if (const auto wait = parseNumber(*value))
            return milliseconds(qint64(std::ceil(std::max(0.0, *wait))));
    }
    if (const auto value = headerValue(headers, "retry-after")) {
        if (const auto wait = parseRetryAfter(*value, now))
            return wait;
    }
    if (statusCode == 429)
        return rateLimitReset(headers, now);
    return std::nullopt;
}

milliseconds backoffDelay(const RetryPolicy &policy, int retry, double jitter)
{
    const int doublings = std::clamp(retry - 1, 0, 30);
    const double uncapped = double(policy.initialBackoff.count()) * std::pow(2.0, doublings);
    const double capped = std::min({uncapped, double(policy.maxBackoff.count()), double(policy.maxWait.count())});
    const double shortened = capped * (1.0 - 0.25 * std::clamp(jitter, 0.0, 1.0));
    return milliseconds(qint64(std::llround(shortened)));
}

} // namespace embedscope::embedding
