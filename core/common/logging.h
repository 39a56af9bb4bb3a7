#pragma once

#include <QLoggingCategory>

// One category per module; all default to Warning so that a normal run is
// quiet. Enable more with QT_LOGGING_RULES="embedscope.*.debug=true" or the
// command line's -v.
Q_DECLARE_LOGGING_CATEGORY(lcNet)
Q_DECLARE_LOGGING_CATEGORY(lcCache)
Q_DECLARE_LOGGING_CATEGORY(lcMath)
Q_DECLARE_LOGGING_CATEGORY(lcText)
Q_DECLARE_LOGGING_CATEGORY(lcWorkspace)
