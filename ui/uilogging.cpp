#include "uilogging.h"

Q_LOGGING_CATEGORY(lcUi, "embedscope.ui", QtWarningMsg)
