#pragma once

#include <QString>

namespace embedscope::workspace {
class Workspace;
}

namespace embedscope::ui::analysis {

// Text shown in place of an analysis that needs the full similarity matrix
// when the workspace holds only a block overview, naming the list size and
// the limit. Empty when the full matrix is there or nothing is embedded.
QString fullMatrixNote(const workspace::Workspace &workspace);

} // namespace embedscope::ui::analysis
