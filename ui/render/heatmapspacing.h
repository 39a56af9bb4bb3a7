#pragma once

// Spacing that the heatmap layout reserves and the painter draws into, in
// logical pixels (1/96 inch in an image at scale 1). Internal to the renderer.
namespace embedscope::render::spacing {

inline constexpr double PADDING = 16.0;
inline constexpr double LABEL_GAP = 6.0;
inline constexpr double TITLE_GAP = 12.0;
inline constexpr double COLOR_BAR_GAP = 18.0;
inline constexpr double TICK_LENGTH = 4.0;
inline constexpr double TICK_TEXT_GAP = 3.0;
inline constexpr double CAPTION_GAP = 8.0;
inline constexpr double KEY_TEXT_GAP = 6.0;

} // namespace embedscope::render::spacing
