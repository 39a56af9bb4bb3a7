// Greens colormap and annotation contrast, compared with matplotlib's values.
#include "render/colormap.h"

#include <QTest>

using namespace embedscope::render;

class TestColormap : public QObject
{
    Q_OBJECT

private slots:
    void greensMatchesMatplotlib_data();
    void greensMatchesMatplotlib();
    void greensClipsOutOfRange();
    void greensDarkensMonotonically();
    void annotationContrast_data();
    void annotationContrast();
    void otherMapsMatchMatplotlib_data();
    void otherMapsMatchMatplotlib();
    void namesRoundTrip();
};

static QColor greens(double t)
{
    return colormapColor(ColormapKind::Greens, t);
}

void TestColormap::greensMatchesMatplotlib_data()
{
    QTest::addColumn<double>("t");
    QTest::addColumn<QColor>("expected");

    // From matplotlib 3.6.3 (Debian 12's python3-matplotlib):
    // (np.array(matplotlib.colormaps["Greens"](t)[:3]) * 255).round()
    QTest::newRow("light end at 0") << 0.0 << QColor(0xf7, 0xfc, 0xf5);
    QTest::newRow("dark end at 1") << 1.0 << QColor(0x00, 0x44, 0x1b);
    QTest::newRow("stop at 0.25") << 0.25 << QColor(0xc7, 0xe9, 0xc0);
    QTest::newRow("middle at 0.5") << 0.5 << QColor(0x73, 0xc4, 0x76);
    QTest::newRow("between stops at 0.17") << 0.17 << QColor(0xdb, 0xf1, 0xd5);
    QTest::newRow("between stops at 0.42") << 0.42 << QColor(0x91, 0xd2, 0x8e);
    QTest::newRow("between stops at 0.7") << 0.7 << QColor(0x2f, 0x97, 0x4e);
}

void TestColormap::greensMatchesMatplotlib()
{
    QFETCH(double, t);
    QFETCH(QColor, expected);

    const QColor actual = greens(t);
    QVERIFY2(std::abs(actual.red() - expected.red()) <= 1, qPrintable(actual.name()));
    QVERIFY2(std::abs(actual.green() - expected.green()) <= 1, qPrintable(actual.name()));
    QVERIFY2(std::abs(actual.blue() - expected.blue()) <= 1, qPrintable(actual.name()));
}

void TestColormap::greensClipsOutOfRange()
{
    QCOMPARE(greens(-0.5), greens(0.0));
    QCOMPARE(greens(7.0), greens(1.0));
    QCOMPARE(greens(std::nan("")), greens(0.0));
}

void TestColormap::greensDarkensMonotonically()
{
    double previous = relativeLuminance(greens(0.0));
    for (int step = 1; step <= 100; ++step) {
        const double luminance = relativeLuminance(greens(step / 100.0));
        QVERIFY2(luminance <= previous, qPrintable(QString::number(step)));
        previous = luminance;
    }
    QVERIFY(relativeLuminance(greens(0.0)) > 0.9);
    QVERIFY(relativeLuminance(greens(1.0)) < 0.05);
}

void TestColormap::annotationContrast_data()
{
    QTest::addColumn<double>("t");
    QTest::addColumn<bool>("white");

    // Seaborn 0.12 switches at luminance 0.408, which Greens crosses
    // between t = 0.5 (0.443) and t = 0.55 (0.388).
    QTest::newRow("light cell gets dark text") << 0.1 << false;
    QTest::newRow("middle green gets dark text") << 0.5 << false;
    QTest::newRow("slightly darker green gets white text") << 0.55 << true;
    QTest::newRow("darkest cell gets white text") << 1.0 << true;
}

void TestColormap::annotationContrast()
{
    QFETCH(double, t);
    QFETCH(bool, white);

    const QColor text = annotationColorOn(greens(t));
    QCOMPARE(text == QColor(Qt::white), white);
}

void TestColormap::otherMapsMatchMatplotlib_data()
{
    QTest::addColumn<ColormapKind>("kind");
    QTest::addColumn<double>("t");
    QTest::addColumn<QColor>("expected");

    // From matplotlib 3.6.3 as above.
    QTest::newRow("Blues at 0") << ColormapKind::Blues << 0.0 << QColor(247, 251, 255);
    QTest::newRow("Blues at 0.5") << ColormapKind::Blues << 0.5 << QColor(106, 174, 214);
    QTest::newRow("Blues at 0.7") << ColormapKind::Blues << 0.7 << QColor(46, 126, 188);
    QTest::newRow("Blues at 1") << ColormapKind::Blues << 1.0 << QColor(8, 48, 107);
    QTest::newRow("viridis at 0") << ColormapKind::Viridis << 0.0 << QColor(68, 1, 84);
    QTest::newRow("viridis at 0.25") << ColormapKind::Viridis << 0.25 << QColor(59, 82, 139);
    QTest::newRow("viridis at 0.5") << ColormapKind::Viridis << 0.5 << QColor(33, 145, 140);
    QTest::newRow("viridis at 0.7") << ColormapKind::Viridis << 0.7 << QColor(68, 191, 112);
    QTest::newRow("viridis at 1") << ColormapKind::Viridis << 1.0 << QColor(253, 231, 37);
    QTest::newRow("cividis at 0") << ColormapKind::Cividis << 0.0 << QColor(0, 34, 78);
    QTest::newRow("cividis at 0.25") << ColormapKind::Cividis << 0.25 << QColor(67, 78, 108);
    QTest::newRow("cividis at 0.5") << ColormapKind::Cividis << 0.5 << QColor(125, 124, 120);
    QTest::newRow("cividis at 0.7") << ColormapKind::Cividis << 0.7 << QColor(174, 163, 113);
    QTest::newRow("cividis at 1") << ColormapKind::Cividis << 1.0 << QColor(254, 232, 56);
}

void TestColormap::otherMapsMatchMatplotlib()
{
    QFETCH(ColormapKind, kind);
    QFETCH(double, t);
    QFETCH(QColor, expected);

    const QColor actual = colormapColor(kind, t);
    QVERIFY2(std::abs(actual.red() - expected.red()) <= 1, qPrintable(actual.name()));
    QVERIFY2(std::abs(actual.green() - expected.green()) <= 1, qPrintable(actual.name()));
    QVERIFY2(std::abs(actual.blue() - expected.blue()) <= 1, qPrintable(actual.name()));
}

void TestColormap::namesRoundTrip()
{
    for (ColormapKind kind : colormapKinds())
        QCOMPARE(colormapFromName(colormapName(kind)), std::optional(kind));

    QCOMPARE(colormapFromName(QStringLiteral("VIRIDIS")), std::optional(ColormapKind::Viridis));
    QCOMPARE(colormapFromName(QStringLiteral("redblue")), std::optional(ColormapKind::RedBlue));
    QVERIFY(!colormapFromName(QStringLiteral("jet")));
}

QTEST_APPLESS_MAIN(TestColormap)

#include "tst_colormap.moc"
