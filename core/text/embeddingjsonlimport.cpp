// JSON Lines files of phrases with their vectors.
#include "embeddingimport.h"

#include "common/logging.h"
#include "jsonlines.h"
#include "vectorrows.h"

#include <QJsonArray>

namespace embedscope::text {

namespace {

struct JsonFields
{
    QString text;
    QString vector;
    QString label; // empty: no labels
};

QString firstKeyMatching(const QJsonObject &object, bool (*matches)(QStringView), const QString &preferred)
{
    if (object.contains(preferred))
        return preferred;
    const int index = findHeaderColumn(object.keys(), matches);
    return index >= 0 ? object.keys().at(index) : QString();
}

bool isVectorFieldName(QStringView name)
{
    for (QStringView candidate : {u"embedding", u"vector", u"embeddings", u"values"}) {
        if (name.compare(candidate, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

Expected<JsonFields> chooseFields(const JsonLine &first, const EmbeddingImportOptions &options,
                                  const QString &source)
{
    JsonFields fields;
    fields.text = options.textField;
    if (fields.text.isEmpty())
        fields.text = firstKeyMatching(first.object, isTextColumnName, QStringLiteral("text"));
    if (fields.text.isEmpty())
        fields.text = QStringLiteral("text"); // so that the error names the field it looked for

    fields.vector = options.vectorField;
    if (fields.vector.isEmpty())
        fields.vector = firstKeyMatching(first.object, isVectorFieldName, QStringLiteral("embedding"));
    if (fields.vector.isEmpty())
        return fail(QStringLiteral("%1: no vector field such as \"embedding\" or \"vector\"; the object's fields "
                                   "are %2. Choose the field that contains the vector")
                        .arg(importLocation(source, first.line), listJsonFields(first.object)));

    fields.label = options.labelField;
    if (fields.label.isEmpty())
        fields.label = firstKeyMatching(first.object, isLabelColumnName, QStringLiteral("label"));
    return fields;
}

Expected<bool> addVector(VectorRows &rows, const JsonLine &record, const QString &field, const QString &source)
{
    const QJsonValue value = record.object.value(field);
    if (!value.isArray())
        return fail(QStringLiteral("%1: the field \"%2\" is %3, but it must be an array of numbers")
                        .arg(importLocation(source, record.line), field,
                             value.isUndefined() ? QStringLiteral("missing") : QStringLiteral("not an array")));

    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString location = QStringLiteral("%1, field \"%2\", element %3")
                                     .arg(importLocation(source, record.line), field, QString::number(i + 1));
        if (!array.at(i).isDouble())
            return fail(QStringLiteral("%1: the element is not a number; the vector must be an array of numbers")
                            .arg(location));
        if (auto added = rows.addValue(array.at(i).toDouble(), location); !added)
            return added;
    }
    return rows.finishRow(record.line);
}

} // namespace

Expected<ImportedEmbeddings> importEmbeddingJsonl(const QString &path, const EmbeddingImportOptions &options)
{
    const auto text = readImportText(path);
    if (!text)
        return fail(text.error());
    const auto records = parseJsonLines(*text);
    if (!records)
        return fail(records.error());
    if (records->isEmpty())
        return fail(QStringLiteral("%1 contains no records").arg(text->source));
    const auto fields = chooseFields(records->first(), options, text->source);
    if (!fields)
        return fail(fields.error());

    ImportedEmbeddings imported;
    VectorRows rows(text->source);
    for (const JsonLine &record : *records) {
        const auto value = jsonTextField(record, fields->text, text->source, false);
        if (!value)
            return fail(value.error());
        auto phrase = cleanPhrase(*value, importLocation(text->source, record.line));
        if (!phrase)
            return fail(phrase.error());
        if (phrase->isEmpty())
            return fail(QStringLiteral("%1: the field \"%2\" is empty; every vector needs a phrase")
                            .arg(importLocation(text->source, record.line), fields->text));
        if (auto added = addVector(rows, record, fields->vector, text->source); !added)
            return fail(added.error());
        imported.phrases.append(*phrase);

        if (fields->label.isEmpty())
            continue;
        const auto label = record.object.contains(fields->label)
                               ? jsonTextField(record, fields->label, text->source, true)
                               : Expected<QString>(QString());
        if (!label)
            return fail(label.error());
        imported.labels.append(label->trimmed());
    }

    imported.vectors = rows.take();
    imported.warnings = text->warnings;
    qCDebug(lcText) << "imported" << imported.vectors.rows() << "x" << imported.vectors.dimensions()
                    << "vectors from" << path;
    return imported;
}

} // namespace embedscope::text
