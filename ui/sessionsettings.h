#pragma once

#include "compare/compareoptions.h"
#include "embedding/providersettings.h"
#include "math/similaritymatrix.h"

class QSettings;

namespace embedscope::ui {

// Reading and writing the parts of a session that the window restores on the
// next start. Provider settings store the name of the key variable, never a
// key, so they are safe to write to disk.

embedding::ProviderSettings readProviderSettings(const QSettings &settings,
                                                 const embedding::ProviderSettings &fallback);
void writeProviderSettings(QSettings &settings, const embedding::ProviderSettings &provider);

math::Metric readMetric(const QSettings &settings, math::Metric fallback);
void writeMetric(QSettings &settings, math::Metric metric);

// Options of the compare view. A missing or invalid value reads as the
// matching field of fallback.
compare::CompareOptions readCompareOptions(const QSettings &settings, const compare::CompareOptions &fallback);
void writeCompareOptions(QSettings &settings, const compare::CompareOptions &options);

} // namespace embedscope::ui
