#include "columnselection.h"

#include "importfile.h"

namespace embedscope::text {

ColumnChoice parseColumnChoice(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return {};

    bool isNumber = false;
    const int number = trimmed.toInt(&isNumber);
    if (isNumber && number >= 1)
        return ColumnChoice::byIndex(number - 1);
    return ColumnChoice::byName(trimmed);
}

static bool isOneOf(QStringView name, std::initializer_list<QStringView> names)
{
    const QStringView trimmed = name.trimmed();
    for (QStringView candidate : names) {
        if (trimmed.compare(candidate, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool isTextColumnName(QStringView name)
{
    return isOneOf(name, {u"text", u"phrase", u"phrases", u"sentence", u"sentences", u"query", u"document",
                          u"content", u"prompt"});
}

bool isLabelColumnName(QStringView name)
{
    return isOneOf(name, {u"label", u"labels", u"category", u"class", u"group", u"tag"});
}

int findHeaderColumn(const QStringList &header, bool (*matches)(QStringView), int except)
{
    for (int i = 0; i < header.size(); ++i) {
        if (i != except && matches(header.at(i)))
            return i;
    }
    return -1;
}

static QString listColumns(const QStringList &header)
{
    QStringList quoted;
    for (const QString &name : header)
        quoted.append(u'"' + name.trimmed() + u'"');
    return quoted.join(QStringLiteral(", "));
}

Expected<int> resolveColumn(const ColumnChoice &choice, const QStringList &header, qsizetype columnCount,
                            const QString &source, const QString &role)
{
    if (choice.name.isEmpty()) {
        if (choice.index < columnCount)
            return choice.index;
        return fail(QStringLiteral("the %1 column is column %2, but %3 has only %4; choose a column between 1 "
                                   "and %5")
                        .arg(role, QString::number(choice.index + 1), source,
                             formatQuantity(columnCount, QStringLiteral("column"), QStringLiteral("columns")),
                             QString::number(columnCount)));
    }

    if (header.isEmpty())
        return fail(QStringLiteral("the %1 column \"%2\" is chosen by name, but %3 has no header line; choose "
                                   "the column by number instead")
                        .arg(role, choice.name, source));
    for (int i = 0; i < header.size(); ++i) {
        if (header.at(i).trimmed().compare(choice.name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return fail(QStringLiteral("%1 has no column named \"%2\" to use as the %3 column; its columns are %4. "
                               "Choose one of these")
                    .arg(source, choice.name, role, listColumns(header)));
}

} // namespace embedscope::text
