#pragma once

#include <QRectF>

class QPainter;

namespace embedscope::render {

// Area of the painter's logical coordinates that reaches its device, within
// its clip, so that a scrolled view of a large map paints only what shows.
// Unbounded (a very large rectangle) for a painter without a device.
QRectF visiblePaintArea(const QPainter &painter);

} // namespace embedscope::render
