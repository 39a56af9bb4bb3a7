#pragma once

#include <QLoggingCategory>

// Category for windows, views and models; defaults to Warning like the core
// categories. Enable more with QT_LOGGING_RULES="embedscope.ui.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcUi)
