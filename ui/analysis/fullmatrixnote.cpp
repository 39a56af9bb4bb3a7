#include "fullmatrixnote.h"

#include "workspace/workspace.h"

#include <QCoreApplication>
#include <QLocale>

namespace embedscope::ui::analysis {

QString fullMatrixNote(const workspace::Workspace &workspace)
{
    const workspace::Snapshot &snapshot = workspace.snapshot();
    if (snapshot.isEmpty() || snapshot.hasFullMatrix())
        return {};

    const QLocale locale;
    return QCoreApplication::translate("embedscope::ui::analysis::FullMatrixNote",
                                       "This analysis needs the full similarity matrix, which is not computed for "
                                       "%1 phrases: lists of more than %2 phrases are shown as block means. "
                                       "Analyse a part of at most %2 phrases instead.")
        .arg(locale.toString(snapshot.phrases.size()), locale.toString(workspace.matrixLimits().maxMatrixPhrases));
}

} // namespace embedscope::ui::analysis
