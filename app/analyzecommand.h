#pragma once

#include "commandline.h"

namespace embedscope::app {

// Runs `embedscope analyze`: embeds the phrases (and any labels and query)
// with one provider and writes the analysis report as JSON. Returns an exit
// code.
int runAnalyze(const AnalyzeOptions &options);

} // namespace embedscope::app
