#pragma once

#include "commandline.h"

namespace embedscope::app {

// Runs `embedscope compare`: embeds the phrases once per run, compares every
// later run with the first, and writes the agreement figures as JSON and
// the difference heatmap of the first two runs. Returns an exit code.
int runCompare(const CompareOptions &options);

} // namespace embedscope::app
