// The map's own scatter widget: where points land, hit tests through its
// grid, clicks, and colours by group.
#include "analysis/scattermap.h"

#include <QApplication>
#include <QHelpEvent>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>

using namespace embedscope;
using ui::analysis::ScatterMap;

// A 40 x 25 lattice of points, far enough apart that each has its own pixel
// neighbourhood in a 900 x 600 widget.
static std::vector<QPointF> latticePoints()
{
    std::vector<QPointF> points;
    for (int row = 0; row < 25; ++row) {
        for (int column = 0; column < 40; ++column)
            points.emplace_back(column, row);
    }
    return points;
}

static QStringList labelsFor(size_t count)
{
    QStringList labels;
    for (size_t i = 0; i < count; ++i)
        labels.append(QStringLiteral("phrase %1").arg(i));
    return labels;
}

class TestScatterMap : public QObject
{
    Q_OBJECT

private slots:
    void everyPointIsHitAtItsPosition();
    void emptySpaceHitsNothing();
    void clickEmitsPointIndex();
    void hoverShowsPointLabel();
    void pointsTakeGroupColours();
    void higherDataYIsHigherOnScreen();
    void clearRemovesPoints();
};

void TestScatterMap::everyPointIsHitAtItsPosition()
{
    ScatterMap map;
    map.resize(900, 600);
    const std::vector<QPointF> points = latticePoints();
    map.setPoints(points, {}, {}, labelsFor(points.size()), u"x"_qs, u"y"_qs);

    QCOMPARE(map.pointCount(), 1000);
    for (int i = 0; i < map.pointCount(); ++i) {
        const QPoint position = map.pointPosition(i);
        QVERIFY2(map.rect().contains(position), qPrintable(QStringLiteral("point %1").arg(i)));
        QVERIFY2(map.pointAt(position) == i, qPrintable(QStringLiteral("point %1").arg(i)));
        QVERIFY2(map.pointAt(position + QPoint(2, -2)) == i, qPrintable(QStringLiteral("point %1 nearby").arg(i)));
    }
}

void TestScatterMap::emptySpaceHitsNothing()
{
    ScatterMap map;
    map.resize(900, 600);
    map.setPoints({{0, 0}, {10, 10}}, {}, {}, labelsFor(2), u"x"_qs, u"y"_qs);

    const QPoint middle = (map.pointPosition(0) + map.pointPosition(1)) / 2;
    QCOMPARE(map.pointAt(middle), -1);
    QCOMPARE(map.pointAt(QPoint(-50, -50)), -1);
    QCOMPARE(map.pointAt(QPoint(5000, 5000)), -1);
}

void TestScatterMap::clickEmitsPointIndex()
{
    ScatterMap map;
    map.resize(900, 600);
    const std::vector<QPointF> points = latticePoints();
    map.setPoints(points, {}, {}, labelsFor(points.size()), u"x"_qs, u"y"_qs);
    QSignalSpy clicked(&map, &ScatterMap::pointClicked);

    QTest::mouseClick(&map, Qt::LeftButton, {}, map.pointPosition(417));
    QTest::mouseClick(&map, Qt::LeftButton, {}, (map.pointPosition(0) + map.pointPosition(41)) / 2);

    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().first().toInt(), 417);
}

void TestScatterMap::hoverShowsPointLabel()
{
    ScatterMap map;
    map.resize(900, 600);
    map.show();
    QVERIFY(QTest::qWaitForWindowExposed(&map));
    const std::vector<QPointF> points = latticePoints();
    map.setPoints(points, {}, {}, labelsFor(points.size()), u"x"_qs, u"y"_qs);

    const QPoint position = map.pointPosition(417);
    QHelpEvent help(QEvent::ToolTip, position, map.mapToGlobal(position));
    QApplication::sendEvent(&map, &help);

    QTRY_VERIFY(QToolTip::isVisible());
    QCOMPARE(QToolTip::text(), u"phrase 417"_qs);
    QToolTip::hideText();
}

void TestScatterMap::pointsTakeGroupColours()
{
    ScatterMap map;
    map.resize(400, 300);
    const QList<QColor> colors{QColor(200, 0, 0), QColor(0, 0, 200)};
    map.setPoints({{0, 0}, {1, 0}, {2, 0}}, {0, 1, -1}, colors, labelsFor(3), u"x"_qs, u"y"_qs);

    const QImage frame = map.grab().toImage();
    const qreal ratio = frame.devicePixelRatio();
    QCOMPARE(frame.pixelColor(map.pointPosition(0) * ratio), colors.at(0));
    QCOMPARE(frame.pixelColor(map.pointPosition(1) * ratio), colors.at(1));
    QCOMPARE(frame.pixelColor(map.pointPosition(2) * ratio), QColor(Qt::gray));
}

void TestScatterMap::higherDataYIsHigherOnScreen()
{
    ScatterMap map;
    map.resize(400, 300);
    map.setPoints({{0, 0}, {0, 1}, {1, 0}}, {}, {}, labelsFor(3), u"x"_qs, u"y"_qs);

    QVERIFY(map.pointPosition(1).y() < map.pointPosition(0).y());
    QVERIFY(map.pointPosition(2).x() > map.pointPosition(0).x());
}

void TestScatterMap::clearRemovesPoints()
{
    ScatterMap map;
    map.resize(400, 300);
    map.setPoints({{0, 0}, {1, 1}}, {}, {}, labelsFor(2), u"x"_qs, u"y"_qs);
    const QPoint first = map.pointPosition(0);

    map.clear();

    QCOMPARE(map.pointCount(), 0);
    QCOMPARE(map.pointAt(first), -1);
    QVERIFY(map.pointPosition(0).isNull());
}

QTEST_MAIN(TestScatterMap)
#include "tst_scattermap.moc"
