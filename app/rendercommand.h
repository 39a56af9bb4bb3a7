#pragma once

#include "commandline.h"

namespace embedscope::app {

// Runs `embedscope render`: reads phrases, embeds them with embedAndWait(),
// and writes the heatmap and any CSV files.
// Needs a QGuiApplication (for fonts) but no display. Returns an exit code.
int runRender(const RenderOptions &options);

} // namespace embedscope::app
