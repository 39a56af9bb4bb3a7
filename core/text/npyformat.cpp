#include "npyformat.h"

#include "importfile.h"
#include "importlimits.h"

#include <QRegularExpression>
#include <QtEndian>

#include <cmath>
#include <cstring>
#include <limits>

namespace embedscope::text {

// Layout from NumPy's format documentation (numpy.lib.format). A file starts
// with the magic string, a major and a minor version byte and the header
// length, which is 2 bytes in version 1 and 4 bytes in versions 2 and 3,
// little-endian. The header is a Python dict literal padded with spaces and
// ending in "\n".
static constexpr char NPY_MAGIC[] = "\x93NUMPY";
static constexpr qsizetype NPY_MAGIC_SIZE = 6;

struct NpyHeader
{
    QString descr;
    bool fortranOrder = false;
    QList<qint64> shape;
    qsizetype dataOffset = 0;
};

static Expected<QString> readHeaderText(const QByteArray &bytes, const QString &source, qsizetype *dataOffset)
{
    if (!bytes.startsWith(QByteArrayView(NPY_MAGIC, NPY_MAGIC_SIZE)) || bytes.size() < 10)
        return fail(QStringLiteral("%1 is not a NumPy .npy file (it does not start with \\x93NUMPY); save the "
                                   "array with numpy.save()")
                        .arg(source));

    const int major = quint8(bytes[6]);
    const auto *data = reinterpret_cast<const uchar *>(bytes.constData());
    qsizetype headerSize = 0;
    qsizetype headerStart = 0;
    if (major == 1) {
        headerSize = qFromLittleEndian<quint16>(data + 8);
        headerStart = 10;
    } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
        headerSize = qFromLittleEndian<quint32>(data + 8);
        headerStart = 12;
    } else {
        return fail(QStringLiteral("%1 uses .npy format version %2, which Embedscope does not read; save it "
                                   "again with numpy.save()")
                        .arg(source, QString::number(major)));
    }

    if (headerStart + headerSize > bytes.size())
        return fail(QStringLiteral("%1 is truncated: its header is cut off").arg(source));
    *dataOffset = headerStart + headerSize;
    return QString::fromUtf8(bytes.sliced(headerStart, headerSize));
}

static QList<qint64> parseShape(const QString &tuple)
{
    QList<qint64> shape;
    for (const QString &part : tuple.split(u',', Qt::SkipEmptyParts)) {
        QString number = part.trimmed();
        if (number.endsWith(u'L')) // Python 2 wrote long integers as 3L
            number.chop(1);
        bool ok = false;
        const qint64 value = number.toLongLong(&ok);
        shape.append(ok && value >= 0 ? value : -1);
    }
    return shape;
}

static Expected<NpyHeader> parseHeader(const QByteArray &bytes, const QString &source)
{
    NpyHeader header;
    const auto text = readHeaderText(bytes, source, &header.dataOffset);
    if (!text)
        return fail(text.error());

    static const QRegularExpression descr(QStringLiteral("'descr'\\s*:\\s*'([^']*)'"));
    static const QRegularExpression fortran(QStringLiteral("'fortran_order'\\s*:\\s*(True|False)"));
    static const QRegularExpression shape(QStringLiteral("'shape'\\s*:\\s*\\(([^)]*)\\)"));
    const auto descrMatch = descr.match(*text);
    const auto fortranMatch = fortran.match(*text);
    const auto shapeMatch = shape.match(*text);
    if (!descrMatch.hasMatch() || !fortranMatch.hasMatch() || !shapeMatch.hasMatch())
        return fail(QStringLiteral("%1 has a damaged .npy header (%2); save the array again with numpy.save()")
                        .arg(source, text->trimmed()));

    header.descr = descrMatch.captured(1);
    header.fortranOrder = fortranMatch.captured(1) == u"True";
    header.shape = parseShape(shapeMatch.captured(1));
    return header;
}

static Expected<int> itemSizeOf(const NpyHeader &header, const QString &source)
{
    if (header.descr == u"<f4")
        return 4;
    if (header.descr == u"<f8")
        return 8;
    if (header.descr == u">f4" || header.descr == u">f8")
        return fail(QStringLiteral("%1 contains big-endian floats (%2); convert them with "
                                   "array.astype('<f4') and save again")
                        .arg(source, header.descr));
    return fail(QStringLiteral("%1 contains values of dtype '%2'; Embedscope reads float32 ('<f4') and float64 "
                               "('<f8'). Convert them with array.astype('float32') and save again")
                    .arg(source, header.descr));
}

static Expected<bool> checkLayout(const NpyHeader &header, qsizetype dataSize, int itemSize, const QString &source)
{
    if (header.fortranOrder)
        return fail(QStringLiteral("%1 is stored in Fortran (column-major) order; save "
                                   "numpy.ascontiguousarray(array) instead")
                        .arg(source));
    if (header.shape.size() != 2 || header.shape.contains(-1))
        return fail(QStringLiteral("%1 contains a %2-D array; Embedscope needs a 2-D array of shape (phrases, "
                                   "dimensions). For a single vector save array.reshape(1, -1)")
                        .arg(source, QString::number(header.shape.size())));

    const qint64 rows = header.shape.at(0);
    const qint64 columns = header.shape.at(1);
    if (rows == 0 || columns == 0)
        return fail(QStringLiteral("%1 contains an empty array of shape (%2, %3); it needs at least one vector")
                        .arg(source, QString::number(rows), QString::number(columns)));
    if (rows > MAX_FILE_LINES)
        return fail(QStringLiteral("%1 contains %2 vectors; Embedscope imports at most %3 from one file")
                        .arg(source, formatCount(rows), formatCount(MAX_FILE_LINES)));

    // Divide before multiplying so that a damaged shape cannot overflow.
    const bool fits = columns <= dataSize / itemSize && rows <= dataSize / (columns * itemSize);
    if (!fits || rows * columns * itemSize != dataSize)
        return fail(QStringLiteral("%1 is damaged or truncated: shape (%2, %3) of %4-byte values does not match "
                                   "the %5 bytes of data in the file; save the array again with numpy.save()")
                        .arg(source, QString::number(rows), QString::number(columns), QString::number(itemSize),
                             formatCount(dataSize)));
    return true;
}

static double readValue(const uchar *at, int itemSize)
{
    if (itemSize == 4) {
        const quint32 bits = qFromLittleEndian<quint32>(at);
        float value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }
    const quint64 bits = qFromLittleEndian<quint64>(at);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    return value;
}

Expected<embedding::EmbeddingSet> parseNpy(const QByteArray &bytes, const QString &source)
{
    const auto header = parseHeader(bytes, source);
    if (!header)
        return fail(header.error());
    const auto itemSize = itemSizeOf(*header, source);
    if (!itemSize)
        return fail(itemSize.error());
    const qsizetype dataSize = bytes.size() - header->dataOffset;
    if (auto layout = checkLayout(*header, dataSize, *itemSize, source); !layout)
        return fail(layout.error());

    const int rows = int(header->shape.at(0));
    const int columns = int(header->shape.at(1));
    embedding::EmbeddingSet vectors(rows, columns);
    const auto *data = reinterpret_cast<const uchar *>(bytes.constData()) + header->dataOffset;
    float *out = vectors.data();
    for (qint64 i = 0; i < qint64(rows) * columns; ++i) {
        const double value = readValue(data + i * *itemSize, *itemSize);
        if (std::isfinite(value) && std::abs(value) <= double(std::numeric_limits<float>::max())) {
            out[i] = float(value);
            continue;
        }
        return fail(QStringLiteral("%1: row %2, column %3 (array[%4, %5] in NumPy) is %6; every value must be a "
                                   "finite float32. Recompute that embedding or remove the row")
                        .arg(source, formatCount(i / columns + 1), formatCount(i % columns + 1),
                             QString::number(i / columns), QString::number(i % columns), QString::number(value)));
    }
    return vectors;
}

QByteArray serializeNpy(const embedding::EmbeddingSet &vectors)
{
    QByteArray header = QStringLiteral("{'descr': '<f4', 'fortran_order': False, 'shape': (%1, %2), }")
                            .arg(vectors.rows())
                            .arg(vectors.dimensions())
                            .toLatin1();

    // NumPy pads the header with spaces so that the data starts on a
    // 64-byte boundary, and ends it with a newline.
    constexpr qsizetype PREAMBLE = NPY_MAGIC_SIZE + 2 + 2;
    const qsizetype padded = ((PREAMBLE + header.size() + 1 + 63) / 64) * 64 - PREAMBLE;
    header = header.leftJustified(padded - 1, ' ') + '\n';

    QByteArray bytes(NPY_MAGIC, NPY_MAGIC_SIZE);
    bytes.append(char(1)).append(char(0));
    uchar length[2];
    qToLittleEndian<quint16>(quint16(header.size()), length);
    bytes.append(reinterpret_cast<const char *>(length), 2);
    bytes.append(header);

    const qsizetype valueCount = qsizetype(vectors.rows()) * vectors.dimensions();
    const qsizetype dataStart = bytes.size();
    bytes.resize(dataStart + valueCount * 4);
    auto *out = reinterpret_cast<uchar *>(bytes.data()) + dataStart;
    for (qsizetype i = 0; i < valueCount; ++i) {
        quint32 bits;
        std::memcpy(&bits, vectors.data() + i, sizeof bits);
        qToLittleEndian<quint32>(bits, out + i * 4);
    }
    return bytes;
}

} // namespace embedscope::text
