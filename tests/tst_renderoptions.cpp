// `embedscope render` view options end to end: --order, --colormap, --vmin,
// --vmax, --scale and SVG output, run through the real executable with the
// built-in provider.
#include "math/heatmaporder.h"
#include "support/embedscoperun.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <algorithm>

using namespace embedscope;

class TestRenderOptions : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void svgChosenByExtension();
    void clusteredOrderMatchesCore();
    void referenceOrderPutsReferenceFirst();
    void scaleSetsPixelSize();
    void maxSizeLimitsGrid();
    void colormapAndRangeApplied();
    void invalidOptionsRejected_data();
    void invalidOptionsRejected();

private:
    int run(const QStringList &arguments, QString *standardError = nullptr);
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QStringList render(const QStringList &extra) const;

    QTemporaryDir m_dir;
    QString m_input;
};

static const QStringList PHRASES = {
    QStringLiteral("The cat sat on the mat"),     QStringLiteral("A kitten naps on a rug"),
    QStringLiteral("Stock prices fell sharply"), QStringLiteral("Markets dropped on Monday"),
    QStringLiteral("The dog barked at night"),   QStringLiteral("Interest rates rose again"),
};

void TestRenderOptions::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QFile file(path(QStringLiteral("phrases.txt")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(PHRASES.join(u'\n').toUtf8());
    m_input = file.fileName();
}

int TestRenderOptions::run(const QStringList &arguments, QString *standardError)
{
    const EmbedscopeRun result =
        runEmbedscope(QStringLiteral(EMBEDSCOPE_BINARY), arguments, m_dir.filePath(QStringLiteral("cache")));
    if (standardError)
        *standardError = result.standardError;
    return result.exitCode;
}

QStringList TestRenderOptions::render(const QStringList &extra) const
{
    return QStringList{QStringLiteral("render"), m_input, QStringLiteral("--provider"), QStringLiteral("builtin")}
           + extra;
}

// Header labels and the matrix of a CSV written by --matrix.
struct MatrixCsv
{
    QStringList labels;
    math::SimilarityMatrix matrix;
};

static MatrixCsv readMatrixCsv(const QString &file)
{
    QFile csv(file);
    if (!csv.open(QIODevice::ReadOnly))
        return {};
    const QStringList lines = QString::fromUtf8(csv.readAll()).split(u'\n', Qt::SkipEmptyParts);

    MatrixCsv result;
    result.labels = lines.value(0).split(u',').mid(1);
    result.matrix = math::SimilarityMatrix(int(result.labels.size()), math::Metric::Cosine);
    for (int row = 0; row < result.labels.size(); ++row) {
        const QStringList cells = lines.value(row + 1).split(u',');
        for (int column = 0; column < result.labels.size(); ++column)
            result.matrix.set(row, column, cells.value(column + 1).toFloat());
    }
    return result;
}

void TestRenderOptions::svgChosenByExtension()
{
    const QString svg = path(QStringLiteral("heatmap.svg"));
    QString errors;
    QCOMPARE(run(render({QStringLiteral("-o"), svg, QStringLiteral("--order"), QStringLiteral("clustered")}), &errors),
             0);

    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader reader(&file);
    QStringList texts;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement && reader.name() == u"text")
            texts.append(reader.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
    for (const QString &phrase : PHRASES)
        QVERIFY2(texts.contains(phrase), qPrintable(phrase));
}

void TestRenderOptions::clusteredOrderMatchesCore()
{
    const QString original = path(QStringLiteral("original.csv"));
    const QString clustered = path(QStringLiteral("clustered.csv"));
    QCOMPARE(run(render({QStringLiteral("-o"), path(QStringLiteral("a.png")), QStringLiteral("--matrix"), original})), 0);
    QCOMPARE(run(render({QStringLiteral("-o"), path(QStringLiteral("b.png")), QStringLiteral("--matrix"), clustered,
                         QStringLiteral("--order"), QStringLiteral("clustered")})),
             0);

    const MatrixCsv input = readMatrixCsv(original);
    QCOMPARE(input.labels, PHRASES);
    const auto order = math::computeHeatmapOrder(input.matrix, {math::OrderMode::Clustered});
    QVERIFY(order.has_value());

    const MatrixCsv output = readMatrixCsv(clustered);
    QCOMPARE(output.labels, math::permuteLabels(PHRASES, order->permutation));
    QCOMPARE(output.matrix.at(0, 1), input.matrix.at(order->permutation[0], order->permutation[1]));
}

void TestRenderOptions::referenceOrderPutsReferenceFirst()
{
    const QString csv = path(QStringLiteral("reference.csv"));
    QCOMPARE(run(render({QStringLiteral("-o"), path(QStringLiteral("c.png")), QStringLiteral("--matrix"), csv,
                         QStringLiteral("--order"), QStringLiteral("reference"), QStringLiteral("--reference"),
                         QStringLiteral("3")})),
             0);

    const MatrixCsv output = readMatrixCsv(csv);
    QCOMPARE(output.labels.value(0), PHRASES.at(2));
    for (int column = 2; column < output.labels.size(); ++column)
        QVERIFY(output.matrix.at(0, column - 1) >= output.matrix.at(0, column));
}

void TestRenderOptions::scaleSetsPixelSize()
{
    const QString one = path(QStringLiteral("scale1.png"));
    const QString four = path(QStringLiteral("scale4.png"));
    QCOMPARE(run(render({QStringLiteral("-o"), one, QStringLiteral("--scale"), QStringLiteral("1")})), 0);
    QCOMPARE(run(render({QStringLiteral("-o"), four, QStringLiteral("--scale"), QStringLiteral("4")})), 0);

    const QImage small(one);
    const QImage large(four);
    QVERIFY(!small.isNull());
    QVERIFY(std::abs(large.width() - 4 * small.width()) <= 4);
    QVERIFY(std::abs(large.height() - 4 * small.height()) <= 4);
}

// The six phrases get comfortable cells for their numbers by default, so
// a 100-pixel cap makes the image smaller at the same scale.
void TestRenderOptions::maxSizeLimitsGrid()
{
    const QString plain = path(QStringLiteral("default-size.png"));
    const QString capped = path(QStringLiteral("max-size.png"));
    QCOMPARE(run(render({QStringLiteral("-o"), plain, QStringLiteral("--scale"), QStringLiteral("1")})), 0);
    QCOMPARE(run(render({QStringLiteral("-o"), capped, QStringLiteral("--scale"), QStringLiteral("1"),
                         QStringLiteral("--max-size"), QStringLiteral("100")})),
             0);

    const QImage large(plain);
    const QImage small(capped);
    QVERIFY(!large.isNull());
    QVERIFY(!small.isNull());
    QVERIFY2(small.width() < large.width() - 100,
             qPrintable(QStringLiteral("%1 and %2 pixels wide").arg(small.width()).arg(large.width())));
    QVERIFY(small.height() < large.height() - 100);
}

static int countNear(const QImage &image, QRgb target)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb pixel = image.pixel(x, y);
            if (std::abs(qRed(pixel) - qRed(target)) + std::abs(qGreen(pixel) - qGreen(target))
                    + std::abs(qBlue(pixel) - qBlue(target))
                <= 6)
                ++count;
        }
    }
    return count;
}

void TestRenderOptions::colormapAndRangeApplied()
{
    const QString png = path(QStringLiteral("viridis.png"));
    QCOMPARE(run(render({QStringLiteral("-o"), png, QStringLiteral("--colormap"), QStringLiteral("viridis"),
                         QStringLiteral("--vmin"), QStringLiteral("0"), QStringLiteral("--vmax"), QStringLiteral("1"),
                         QStringLiteral("--scale"), QStringLiteral("1")})),
             0);

    // Self-similarity 1 at vmax is viridis' last entry, yellow, in six cells.
    const QImage image(png);
    QVERIFY(countNear(image, qRgb(253, 231, 37)) > 6 * 100);
    QCOMPARE(countNear(image, qRgb(0x00, 0x44, 0x1b)), 0); // no dark Greens
}

void TestRenderOptions::invalidOptionsRejected_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown order") << QStringList{QStringLiteral("--order"), QStringLiteral("random")}
                                   << QStringLiteral("--order");
    QTest::newRow("unknown colormap") << QStringList{QStringLiteral("--colormap"), QStringLiteral("jet")}
                                      << QStringLiteral("--colormap");
    QTest::newRow("vmin not a number") << QStringList{QStringLiteral("--vmin"), QStringLiteral("low")}
                                       << QStringLiteral("--vmin");
    QTest::newRow("vmin above vmax") << QStringList{QStringLiteral("--vmin"), QStringLiteral("1"),
                                                    QStringLiteral("--vmax"), QStringLiteral("0")}
                                     << QStringLiteral("below --vmax");
    QTest::newRow("scale zero") << QStringList{QStringLiteral("--scale"), QStringLiteral("0")}
                                << QStringLiteral("--scale");
    QTest::newRow("max size below 100") << QStringList{QStringLiteral("--max-size"), QStringLiteral("50")}
                                        << QStringLiteral("invalid --max-size 50; use a value from 100 to 30000");
    QTest::newRow("max size not a number") << QStringList{QStringLiteral("--max-size"), QStringLiteral("big")}
                                           << QStringLiteral("--max-size");
}

void TestRenderOptions::invalidOptionsRejected()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);

    QString errors;
    const int exitCode = run(render(QStringList{QStringLiteral("-o"), path(QStringLiteral("bad.png"))} + options), &errors);
    QCOMPARE(exitCode, 2);
    QVERIFY2(errors.contains(message), qPrintable(errors));
    QVERIFY(!QFile::exists(path(QStringLiteral("bad.png"))));
}

QTEST_GUILESS_MAIN(TestRenderOptions)
#include "tst_renderoptions.moc"
