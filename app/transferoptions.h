#pragma once

#include "common/expected.h"
#include "embedding/providersettings.h"

class QCommandLineParser;

namespace embedscope::app {

// Adds --batch-size, --concurrency, --timeout, --retries, --encoding-format
// and --no-cache, which set how requests reach an HTTP provider.
void addTransferOptions(QCommandLineParser &parser);

// Copies the transfer options that are set into settings, or fails naming
// the option, the value and the accepted range.
Expected<bool> applyTransferOptions(const QCommandLineParser &parser, embedding::ProviderSettings &settings);

} // namespace embedscope::app
