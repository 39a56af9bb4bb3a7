#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace embedscope::ui {

// An inline, dismissible message above a view: an error that stopped a run,
// or warnings that did not. Stays until the user closes it or the next run
// starts, unlike the status bar.
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Error, Warning };

    explicit MessageBar(QWidget *parent = nullptr);

    // Replaces whatever is shown with an error.
    void showError(const QString &text);

    // Adds a warning line, unless an error is showing, which stays first.
    void addWarning(const QString &text);

    void dismiss();

    Kind kind() const { return m_kind; }
    QString text() const;

signals:
    void dismissed();

private:
    void applyKind(Kind kind);

    Kind m_kind = Kind::Warning;
    QStringList m_lines;
    QLabel *m_iconLabel = nullptr;
    QLabel *m_textLabel = nullptr;
    QToolButton *m_closeButton = nullptr;
};

} // namespace embedscope::ui
