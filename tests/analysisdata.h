#pragma once

// Helpers for the analysis tests that read results frozen by
// tests/data/analysis/generate.py.
#include "common/expected.h"
#include "embedding/embeddingset.h"
#include "math/similaritymatrix.h"
#include "support/frozencase.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cmath>
#include <vector>

namespace analysisdata {

inline QJsonObject loadCase(const QString &name)
{
    return frozencase::load(QStringLiteral("analysis"), name);
}

using frozencase::intsFrom;
using frozencase::matrixFrom;
using frozencase::numberOrNaN;
using frozencase::samePartition;

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

inline embedscope::embedding::EmbeddingSet makeSet(const std::vector<std::vector<float>> &rows)
{
    const int dimensions = rows.empty() ? 0 : int(rows.front().size());
    embedscope::embedding::EmbeddingSet set(int(rows.size()), dimensions);
    for (int i = 0; i < int(rows.size()); ++i)
        std::copy(rows[size_t(i)].begin(), rows[size_t(i)].end(), set.row(i).begin());
    return set;
}

} // namespace analysisdata
