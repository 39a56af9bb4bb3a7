#include "jsonlines.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QLocale>

namespace embedscope::text {

QString listJsonFields(const QJsonObject &record)
{
    QStringList quoted;
    for (const QString &key : record.keys())
        quoted.append(u'"' + key + u'"');
    return quoted.isEmpty() ? QStringLiteral("none") : quoted.join(QStringLiteral(", "));
}

static QString jsonTypeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

static Expected<QJsonObject> parseLine(QStringView line, qsizetype number, const QString &source)
{
    const QByteArray utf8 = line.toUtf8();
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &error);
    if (error.error != QJsonParseError::NoError) {
        // QJsonParseError::offset counts UTF-8 bytes, but the column counts characters.
        const qsizetype column = QString::fromUtf8(utf8.left(error.offset)).size() + 1;
        return fail(QStringLiteral("%1: invalid JSON (%2); each line must be one JSON object such as "
                                   "{\"text\": \"apple\"}")
                        .arg(importLocation(source, number, column), error.errorString()));
    }
    if (!document.isObject())
        return fail(QStringLiteral("%1: the line is a JSON array or value, not an object; each line must be one "
                                   "JSON object such as {\"text\": \"apple\"}")
                        .arg(importLocation(source, number)));
    return document.object();
}

Expected<QList<JsonLine>> parseJsonLines(const ImportText &text)
{
    QList<JsonLine> records;
    qsizetype number = 0;
    for (QStringView line : QStringView(text.text).split(u'\n')) {
        ++number;
        if (line.trimmed().isEmpty())
            continue;
        auto object = parseLine(line, number, text.source);
        if (!object)
            return fail(object.error());
        records.append(JsonLine{std::move(*object), number});
    }
    return records;
}

Expected<QString> jsonTextField(const JsonLine &record, const QString &field, const QString &source,
                                bool allowConversion)
{
    const QJsonValue value = record.object.value(field);
    if (value.isUndefined())
        return fail(QStringLiteral("%1: the object has no field \"%2\"; its fields are %3. Choose the field "
                                   "to read instead")
                        .arg(importLocation(source, record.line), field, listJsonFields(record.object)));
    if (value.isString())
        return value.toString();
    if (allowConversion && value.isDouble())
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    if (allowConversion && value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return fail(QStringLiteral("%1: the field \"%2\" is %3, but it must be a string")
                    .arg(importLocation(source, record.line), field, jsonTypeName(value)));
}

} // namespace embedscope::text
