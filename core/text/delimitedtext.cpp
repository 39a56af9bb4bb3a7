#include "delimitedtext.h"

#include <array>

namespace embedscope::text {

static constexpr std::array<char16_t, 3> DELIMITER_CANDIDATES = {u'\t', u';', u','}; // in order of preference
static constexpr int SNIFF_RECORDS = 50;

// Delimiter counts outside quotes on each non-blank line of the start of text.
static QList<std::array<int, 3>> countDelimiters(QStringView text)
{
    QList<std::array<int, 3>> counts;
    std::array<int, 3> current{};
    bool inQuotes = false;
    bool blank = true;

    for (QChar c : text) {
        if (c == u'"') {
            inQuotes = !inQuotes;
        } else if (c == u'\n' && !inQuotes) {
            if (!blank)
                counts.append(current);
            if (counts.size() == SNIFF_RECORDS)
                break;
            current = {};
            blank = true;
            continue;
        } else if (!inQuotes) {
            for (size_t i = 0; i < DELIMITER_CANDIDATES.size(); ++i)
                current[i] += c == DELIMITER_CANDIDATES[i] ? 1 : 0;
        }
        blank = blank && c.isSpace();
    }
    if (!blank && counts.size() < SNIFF_RECORDS)
        counts.append(current);
    return counts;
}

std::optional<QChar> sniffDelimiter(QStringView text)
{
    const auto counts = countDelimiters(text);
    if (counts.isEmpty())
        return std::nullopt;

    // Score each candidate by the lines that have as many delimiters as the
    // first line, which is usually the header. A perfect score means every
    // line splits into the same number of cells.
    int bestScore = 0;
    int bestCount = 0;
    std::optional<QChar> best;
    for (size_t i = 0; i < DELIMITER_CANDIDATES.size(); ++i) {
        const int first = counts.first()[i];
        if (first == 0)
            continue;
        int score = 0;
        for (const auto &line : counts)
            score += line[i] == first ? 1 : 0;
        if (score > bestScore || (score == bestScore && first > bestCount)) {
            bestScore = score;
            bestCount = first;
            best = QChar(DELIMITER_CANDIDATES[i]);
        }
    }

    // A delimiter that matches on only half the lines is more likely a comma
    // in prose than a column separator.
    if (best && 2 * bestScore <= counts.size())
        return std::nullopt;
    return best;
}

namespace {

// RFC 4180 reader over text whose line breaks are "\n".
class DelimitedParser
{
public:
    DelimitedParser(QStringView text, QChar delimiter, const QString &source, qsizetype firstLine)
        : m_text(text)
        , m_delimiter(delimiter)
        , m_source(source)
        , m_line(firstLine)
    {}

    Expected<QList<DelimitedRecord>> parse()
    {
        while (m_position < m_text.size()) {
            auto record = readRecord();
            if (!record)
                return fail(record.error());
            m_records.append(std::move(*record));
        }
        return m_records;
    }

private:
    bool atEnd() const { return m_position >= m_text.size(); }
    QChar peek(qsizetype ahead = 0) const
    {
        return m_position + ahead < m_text.size() ? m_text[m_position + ahead] : QChar();
    }
    bool atFieldEnd() const
    {
        return atEnd() || peek() == u'\n' || (!m_delimiter.isNull() && peek() == m_delimiter);
    }

    Expected<DelimitedRecord> readRecord()
    {
        DelimitedRecord record;
        record.line = m_line;
        for (;;) {
            auto field = readField(record.cells.size() + 1);
            if (!field)
                return fail(field.error());
            record.cells.append(*field);

            if (atEnd())
                return record;
            const QChar separator = m_text[m_position++];
            if (separator == u'\n') {
                ++m_line;
                return record;
            }
        }
    }

    Expected<QString> readField(qsizetype column)
    {
        qsizetype quote = m_position;
        while (quote < m_text.size() && m_text[quote] == u' ' && m_delimiter != u' ')
            ++quote;
        if (quote < m_text.size() && m_text[quote] == u'"') {
            m_position = quote + 1;
            return readQuotedField(column);
        }

        const qsizetype start = m_position;
        while (!atFieldEnd())
            ++m_position;
        return m_text.sliced(start, m_position - start).toString();
    }

    Expected<QString> readQuotedField(qsizetype column)
    {
        const qsizetype openingLine = m_line;
        QString field;
        for (;;) {
            if (atEnd())
                return fail(QStringLiteral("%1: the quoted field that starts here is never closed; add the "
                                           "closing quote, and write a quote inside a field as two quotes (\"\")")
                                .arg(importLocation(m_source, openingLine, column)));
            const QChar c = m_text[m_position++];
            if (c == u'\n')
                ++m_line;
            if (c != u'"') {
                field.append(c);
                continue;
            }
            if (peek() == u'"') {
                field.append(u'"');
                ++m_position;
                continue;
            }
            return finishQuotedField(field, column);
        }
    }

    // After the closing quote only spaces may come before the delimiter.
    Expected<QString> finishQuotedField(const QString &field, qsizetype column)
    {
        while (!atFieldEnd() && peek() == u' ')
            ++m_position;
        if (atFieldEnd())
            return field;
        return fail(QStringLiteral("%1: unexpected text after the closing quote of a quoted field; write a "
                                   "quote inside a field as two quotes (\"\")")
                        .arg(importLocation(m_source, m_line, column)));
    }

    QStringView m_text;
    QChar m_delimiter;
    const QString &m_source;
    qsizetype m_position = 0;
    qsizetype m_line;
    QList<DelimitedRecord> m_records;
};

} // namespace

Expected<QList<DelimitedRecord>> parseDelimited(QStringView text, QChar delimiter, const QString &source,
                                               qsizetype firstLine)
{
    return DelimitedParser(text, delimiter, source, firstLine).parse();
}

static bool isBlank(const DelimitedRecord &record)
{
    return record.cells.size() == 1 && record.cells.first().trimmed().isEmpty();
}

// Excel writes and reads a first line "sep=;" that names the delimiter.
static std::optional<QChar> excelSeparatorLine(QStringView text)
{
    if (text.size() >= 5 && text.startsWith(u"sep=", Qt::CaseInsensitive) && (text.size() == 5 || text[5] == u'\n'))
        return text[4];
    return std::nullopt;
}

Expected<DelimitedTable> readDelimitedTable(const ImportText &text, std::optional<QChar> delimiter)
{
    QStringView body = text.text;
    qsizetype firstLine = 1;
    if (const auto separator = excelSeparatorLine(body)) {
        delimiter = *separator;
        body = body.sliced(std::min<qsizetype>(body.size(), 6));
        firstLine = 2;
    }
    if (!delimiter)
        delimiter = sniffDelimiter(body).value_or(QChar());

    auto records = parseDelimited(body, *delimiter, text.source, firstLine);
    if (!records)
        return fail(records.error());

    DelimitedTable table;
    table.delimiter = *delimiter;
    for (DelimitedRecord &record : *records) {
        if (!isBlank(record))
            table.records.append(std::move(record));
    }
    return table;
}

} // namespace embedscope::text
