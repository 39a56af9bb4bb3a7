#include "textdecoding.h"

#include <QStringDecoder>

namespace embedscope::text {

// Windows-1252 differs from Latin-1 only in 0x80..0x9F, where it has
// typographic quotes, dashes and the euro sign instead of control codes.
// Undefined positions map to U+FFFD.
static constexpr char16_t WINDOWS_1252_HIGH[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
    0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static QString decodeWindows1252(const QByteArray &bytes)
{
    QString text(bytes.size(), Qt::Uninitialized);
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const quint8 byte = quint8(bytes[i]);
        text[i] = (byte >= 0x80 && byte <= 0x9F) ? QChar(WINDOWS_1252_HIGH[byte - 0x80]) : QChar(char16_t(byte));
    }
    return text;
}

static std::optional<QString> decodeStrict(QStringConverter::Encoding encoding, QByteArrayView bytes)
{
    QStringDecoder decoder(encoding, QStringConverter::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

// Share of NUL bytes at even and at odd offsets, sampled from the start.
static std::pair<double, double> nulShares(const QByteArray &bytes)
{
    const qsizetype sample = std::min<qsizetype>(bytes.size(), 4096);
    qsizetype even = 0;
    qsizetype odd = 0;
    for (qsizetype i = 0; i < sample; ++i) {
        if (bytes[i] != '\0')
            continue;
        if (i % 2 == 0)
            ++even;
        else
            ++odd;
    }
    const double half = std::max<double>(1.0, double(sample) / 2.0);
    return {double(even) / half, double(odd) / half};
}

// Text files have almost no C0 control characters besides tab and line
// breaks. Binary data without NUL bytes, which is rare but possible in
// compressed streams, has many.
static bool looksBinary(const QString &text)
{
    const qsizetype sample = std::min<qsizetype>(text.size(), 4096);
    qsizetype controls = 0;
    for (qsizetype i = 0; i < sample; ++i) {
        const char16_t c = text[i].unicode();
        const bool allowed = c == u'\t' || c == u'\n' || c == u'\r' || c == u'\f' || c == u'\v'
                             || c == 0x1A; // Ctrl-Z, the end-of-file mark of old DOS editors
        if (c < 0x20 && !allowed)
            ++controls;
    }
    return controls >= 4 && double(controls) > 0.02 * double(sample);
}

static Expected<DecodedText> rejectBinary(DecodedText decoded)
{
    if (looksBinary(decoded.text))
        return fail(QStringLiteral("the file contains control characters and looks binary; choose a "
                                   "text file such as .txt, .csv, .tsv or .jsonl"));
    return decoded;
}

static Expected<DecodedText> decodeBytes(const QByteArray &bytes)
{
    if (bytes.startsWith("\xEF\xBB\xBF")) {
        if (auto text = decodeStrict(QStringConverter::Utf8, QByteArrayView(bytes).sliced(3)))
            return DecodedText{*text, QStringLiteral("UTF-8"), false};
        return fail(QStringLiteral("the file starts with a UTF-8 byte order mark but is not valid UTF-8"));
    }
    if (bytes.startsWith("\xFF\xFE")) {
        if (auto text = decodeStrict(QStringConverter::Utf16LE, QByteArrayView(bytes).sliced(2)))
            return DecodedText{*text, QStringLiteral("UTF-16LE"), false};
    }
    if (bytes.startsWith("\xFE\xFF")) {
        if (auto text = decodeStrict(QStringConverter::Utf16BE, QByteArrayView(bytes).sliced(2)))
            return DecodedText{*text, QStringLiteral("UTF-16BE"), false};
    }

    // Text in UTF-16 without a byte order mark has NUL in one byte of almost
    // every ASCII character; binary data has NULs scattered anywhere.
    const auto [evenNuls, oddNuls] = nulShares(bytes);
    if (oddNuls > 0.4 && evenNuls < 0.05) {
        if (auto text = decodeStrict(QStringConverter::Utf16LE, bytes))
            return DecodedText{*text, QStringLiteral("UTF-16LE"), false};
    }
    if (evenNuls > 0.4 && oddNuls < 0.05) {
        if (auto text = decodeStrict(QStringConverter::Utf16BE, bytes))
            return DecodedText{*text, QStringLiteral("UTF-16BE"), false};
    }
    if (bytes.contains('\0'))
        return fail(QStringLiteral("the file contains NUL bytes and looks binary; give a text file "
                                   "with one phrase per line"));

    if (auto text = decodeStrict(QStringConverter::Utf8, bytes))
        return DecodedText{*text, QStringLiteral("UTF-8"), false};
    return DecodedText{decodeWindows1252(bytes), QStringLiteral("Windows-1252"), true};
}

Expected<DecodedText> decodeText(const QByteArray &bytes)
{
    auto decoded = decodeBytes(bytes);
    if (!decoded)
        return decoded;
    return rejectBinary(std::move(*decoded));
}

} // namespace embedscope::text
