#pragma once

#include <QtGlobal>

namespace embedscope::text {

// Limits on what an import accepts, so that a wrong file (a log, a database
// dump) is rejected with a message instead of freezing the app or filling
// memory.

// Maximum phrase length, in characters (Unicode code points). Embedding APIs
// accept a few thousand tokens per input, so a longer phrase is almost always
// a whole document pasted by mistake.
inline constexpr qsizetype MAX_PHRASE_CHARACTERS = 100'000;

// Maximum number of lines (or .npy rows) in one imported file. The N x N
// float32 matrix of this many phrases would already need 1 TB, so a longer
// file is a log or a dump rather than a phrase list.
inline constexpr qsizetype MAX_FILE_LINES = 500'000;

// Maximum size of an imported file, in bytes. Text is decoded in memory to
// UTF-16 and then split into cells, which needs several times the file's size.
// NOTE: 1 GiB is a judgement, not a measured limit.
inline constexpr qint64 MAX_FILE_BYTES = qint64(1) << 30;

} // namespace embedscope::text
