#pragma once

#include "common/expected.h"
#include "importfile.h"

#include <QJsonObject>
#include <QList>

namespace embedscope::text {

// One object of a JSON Lines file.
struct JsonLine
{
    QJsonObject object;
    qsizetype line = 0; // from 1
};

// Parses JSON Lines: one JSON object per line, blank lines skipped. A line
// that is not valid JSON, or not an object, is rejected with a message that
// names the line and column.
Expected<QList<JsonLine>> parseJsonLines(const ImportText &text);

// Reads field of record as text. Strings are taken as they are; numbers and
// booleans are converted when allowConversion is set, which suits labels
// such as a class number. Rejects a missing field (listing the fields the
// record has), null, arrays and objects.
Expected<QString> jsonTextField(const JsonLine &record, const QString &field, const QString &source,
                                bool allowConversion);

// Field names of record, quoted and comma-separated, for messages.
QString listJsonFields(const QJsonObject &record);

} // namespace embedscope::text
