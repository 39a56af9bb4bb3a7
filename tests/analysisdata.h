#pragma once

// Helpers for the analysis tests that read results frozen by
// tests/data/analysis/generate.py.
#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "math/similaritymatrix.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <limits>
#include <map>
#include <vector>

namespace analysisdata {

inline QJsonObject loadCase(const QString &name)
{
    QFile file(QStringLiteral(EMBEDSCOPE_TEST_DATA "/analysis/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open analysis case %s: regenerate it with tests/data/analysis/generate.py", qPrintable(name));
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

inline embedscope::embedding::EmbeddingSet vectorsFrom(const QJsonArray &rows)
{
    const int dimensions = rows.isEmpty() ? 0 : int(rows.first().toArray().size());
    embedscope::embedding::EmbeddingSet set(int(rows.size()), dimensions);
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonArray row = rows.at(i).toArray();
        for (int j = 0; j < dimensions; ++j)
            set.row(i)[size_t(j)] = float(row.at(j).toDouble());
    }
    return set;
}

inline std::vector<int> intsFrom(const QJsonArray &array)
{
    std::vector<int> values;
    for (const QJsonValue &value : array)
        values.push_back(value.toInt());
    return values;
}

// The error of a failed call, for QVERIFY2, which builds its message even
// when the check passes.
template<typename T>
QByteArray errorOf(const embedscope::Expected<T> &result)
{
    return result.has_value() ? QByteArray() : result.error().toUtf8();
}

// Equal within tolerance, or both NaN.
inline bool closeTo(double actual, double expected, double tolerance)
{
    if (std::isnan(actual) || std::isnan(expected))
        return std::isnan(actual) && std::isnan(expected);
    return std::abs(actual - expected) <= tolerance;
}

inline QByteArray mismatch(const char *what, double actual, double expected)
{
    return QByteArray(what) + " is " + QByteArray::number(actual, 'g', 17) + ", expected "
        + QByteArray::number(expected, 'g', 17);
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

inline embedscope::embedding::EmbeddingSet makeSet(const std::vector<std::vector<float>> &rows)
{
    const int dimensions = rows.empty() ? 0 : int(rows.front().size());
    embedscope::embedding::EmbeddingSet set(int(rows.size()), dimensions);
    for (int i = 0; i < int(rows.size()); ++i)
        std::copy(rows[size_t(i)].begin(), rows[size_t(i)].end(), set.row(i).begin());
    return set;
}

} // namespace analysisdata
