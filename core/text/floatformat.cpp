#include "floatformat.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace embedscope::text {

static QString quotedCell(QStringView cell)
{
    constexpr qsizetype SHOWN = 40;
    if (cell.size() <= SHOWN)
        return u'"' + cell.toString() + u'"';
    return u'"' + cell.left(SHOWN).toString() + QStringLiteral("...\"");
}

Expected<float> parseFloat32(QStringView cell, QChar decimalSeparator)
{
    const QStringView trimmed = cell.trimmed();
    if (trimmed.isEmpty())
        return fail(QStringLiteral("the cell is empty where a number is expected"));

    // std::from_chars takes ASCII, ignores the locale and rejects a leading
    // "+", which spreadsheets sometimes write.
    QByteArray ascii = trimmed.toLatin1();
    if (ascii.startsWith('+'))
        ascii.remove(0, 1);
    if (decimalSeparator == u',' && !ascii.contains('.'))
        ascii.replace(',', '.');

    const char *begin = ascii.constData();
    const char *end = begin + ascii.size();
    float value = 0.0f;
    const auto [parsedEnd, status] = std::from_chars(begin, end, value);
    const bool consumedAll = parsedEnd == end && !ascii.isEmpty();

    if (status == std::errc::result_out_of_range && consumedAll) {
        // libstdc++ reports underflow as out of range too; a value too small
        // for a normal float32 is still a valid coordinate.
        double wide = 0.0;
        std::from_chars(begin, end, wide);
        if (std::abs(wide) < double(std::numeric_limits<float>::min()))
            return float(wide);
        return fail(QStringLiteral("%1 is outside the float32 range (about \u00B13.4e38)").arg(quotedCell(trimmed)));
    }
    if (status != std::errc() || !consumedAll)
        return fail(QStringLiteral("%1 is not a number").arg(quotedCell(trimmed)));
    if (!std::isfinite(value))
        return fail(QStringLiteral("%1 is not a finite number").arg(quotedCell(trimmed)));
    return value;
}

bool looksLikeNumber(QStringView cell, QChar decimalSeparator)
{
    QByteArray ascii = cell.trimmed().toLatin1();
    if (ascii.startsWith('+'))
        ascii.remove(0, 1);
    if (decimalSeparator == u',' && !ascii.contains('.'))
        ascii.replace(',', '.');

    // from_chars reads "nan" and "inf" too, and stops at the end of a number
    // even when the value is out of range.
    double value = 0.0;
    const char *end = ascii.constData() + ascii.size();
    return !ascii.isEmpty() && std::from_chars(ascii.constData(), end, value).ptr == end;
}

QString formatFloat32(float value)
{
    char buffer[32];
    const char *end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;

    // JSON readers parse numbers as double. Rounding that double to float32
    // gives the value back for every finite float32 except +-7.038531e-26
    // (checked over all 2^32 bit patterns with libstdc++ 12 to_chars and
    // glibc strtod), so those fall back to the double's shortest text.
    double wide = 0.0;
    std::from_chars(buffer, end, wide);
    if (float(wide) != value && std::isfinite(value))
        end = std::to_chars(buffer, buffer + sizeof buffer, double(value)).ptr;
    return QString::fromLatin1(buffer, end - buffer);
}

} // namespace embedscope::text
