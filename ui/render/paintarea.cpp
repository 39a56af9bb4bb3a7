#include "paintarea.h"

#include <QPaintDevice>
#include <QPainter>

namespace embedscope::render {

QRectF visiblePaintArea(const QPainter &painter)
{
    QRectF area(-1e9, -1e9, 2e9, 2e9);
    if (const QPaintDevice *device = painter.device()) {
        const double ratio = device->devicePixelRatioF();
        const QRectF deviceRect(0, 0, device->width() * ratio, device->height() * ratio);
        area &= painter.deviceTransform().inverted().mapRect(deviceRect);
    }
    if (painter.hasClipping())
        area &= painter.clipBoundingRect();
    return area;
}

} // namespace embedscope::render
