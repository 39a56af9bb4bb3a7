#pragma once

// Readers for test cases frozen into tests/data/<folder>/*.json by that
// folder's generate.py from NumPy and SciPy results.
#include "math/similaritymatrix.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <limits>
#include <map>
#include <vector>

namespace frozencase {

// Reads tests/data/<folder>/<name>.json, or stops the test run naming the
// script that writes it.
inline QJsonObject load(const QString &folder, const QString &name)
{
    const QString path = QStringLiteral(EMBEDSCOPE_TEST_DATA "/") + folder + u'/' + name + QStringLiteral(".json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s: regenerate it with tests/data/%s/generate.py", qPrintable(path), qPrintable(folder));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// JSON null stands for NaN, which JSON cannot spell.
inline double numberOrNaN(const QJsonValue &value)
{
    return value.isNull() ? std::numeric_limits<double>::quiet_NaN() : value.toDouble();
}

inline embedscope::math::SimilarityMatrix matrixFrom(const QJsonArray &rows, embedscope::math::Metric metric)
{
    embedscope::math::SimilarityMatrix matrix(int(rows.size()), metric);
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonArray row = rows.at(i).toArray();
        for (int j = 0; j < row.size(); ++j)
            matrix.set(i, j, float(numberOrNaN(row.at(j))));
    }
    return matrix;
}

inline std::vector<int> intsFrom(const QJsonArray &array)
{
    std::vector<int> values;
    for (const QJsonValue &value : array)
        values.push_back(value.toInt());
    return values;
}

// True when two labelings group the items the same way, whatever the label
// numbers.
inline bool samePartition(const std::vector<int> &a, const std::vector<int> &b)
{
    if (a.size() != b.size())
        return false;
    std::map<int, int> aToB;
    std::map<int, int> bToA;
    for (size_t i = 0; i < a.size(); ++i) {
        if (aToB.emplace(a[i], b[i]).first->second != b[i] || bToA.emplace(b[i], a[i]).first->second != a[i])
            return false;
    }
    return true;
}

} // namespace frozencase
