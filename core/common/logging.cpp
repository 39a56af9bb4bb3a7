#include "logging.h"

Q_LOGGING_CATEGORY(lcNet, "embedscope.net", QtWarningMsg)
Q_LOGGING_CATEGORY(lcCache, "embedscope.cache", QtWarningMsg)
Q_LOGGING_CATEGORY(lcMath, "embedscope.math", QtWarningMsg)
Q_LOGGING_CATEGORY(lcText, "embedscope.text", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWorkspace, "embedscope.workspace", QtWarningMsg)
