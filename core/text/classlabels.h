#pragma once

#include <QString>
#include <QStringList>

namespace embedscope::text {

// Class labels for zero-shot classification, typed or read one per line as
// "name" or "name: description". The text embedded for a label is its whole
// line, so a description steers the label's vector and the name still
// counts. The window and the command line both parse labels here, so they
// embed the same texts.
struct ClassLabels
{
    QStringList names;
    QStringList texts; // what is embedded, one per name
};

// Parses labels as parsePhrases() splits lines: blank lines are dropped and
// surrounding whitespace removed.
ClassLabels parseClassLabels(const QString &text);

} // namespace embedscope::text
