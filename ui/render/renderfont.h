#pragma once

#include <QFont>

namespace embedscope::render {

// Family every heatmap is drawn in, on screen and in exported images alike,
// so labels are truncated at the same place in the window and on the command
// line.
inline constexpr char RENDER_FONT_FAMILY[] = "DejaVu Sans";

// Where Debian's fonts-dejavu-core installs the family.
inline constexpr char RENDER_FONT_FILE[] = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

// Returns the base font of every heatmap render: DejaVu Sans at pixelSize
// logical pixels, unhinted so that text widths scale exactly with the output.
// The first call registers the font file with QFontDatabase when the family is
// missing, as on the offscreen platform in a container without fontconfig
// fonts. Needs a QGuiApplication and must run on the GUI thread.
QFont renderFont(int pixelSize = 13);

} // namespace embedscope::render
