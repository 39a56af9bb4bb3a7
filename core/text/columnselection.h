#pragma once

#include "common/expected.h"

#include <QStringList>

namespace embedscope::text {

// A column of an imported table, chosen by header name or by position.
struct ColumnChoice
{
    QString name;   // header name, matched case-insensitively after trimming
    int index = -1; // position from 0, used when name is empty

    bool isSet() const { return !name.isEmpty() || index >= 0; }
    static ColumnChoice byName(const QString &name) { return {name.trimmed(), -1}; }
    static ColumnChoice byIndex(int index) { return {QString(), index}; }
};

// Reads a column as a user types it: digits are a column number counted from
// 1 as spreadsheets count ("2" is the second column), anything else is a
// header name. Blank text gives an unset choice.
ColumnChoice parseColumnChoice(const QString &text);

// Whether the first line of a table is a header.
enum class HeaderMode { Detect, Present, Absent };

// Header names that default to the phrase column and to the label column.
bool isTextColumnName(QStringView name);
bool isLabelColumnName(QStringView name);

// Position of the first header cell for which matches() is true, skipping
// column except; -1 when there is none.
int findHeaderColumn(const QStringList &header, bool (*matches)(QStringView), int except = -1);

// Resolves choice against a table's header (empty when the table has none)
// and its column count. role ("text", "label") goes into messages, which
// list the available columns.
Expected<int> resolveColumn(const ColumnChoice &choice, const QStringList &header, qsizetype columnCount,
                            const QString &source, const QString &role);

} // namespace embedscope::text
