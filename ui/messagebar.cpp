#include "messagebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>
#include <QToolButton>

namespace embedscope::ui {

// Warnings beyond this many lines are summarised, so a run with hundreds of
// zero vectors does not push the heatmap off the screen.
static constexpr int MAX_WARNING_LINES = 4;

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
    , m_iconLabel(new QLabel(this))
    , m_textLabel(new QLabel(this))
    , m_closeButton(new QToolButton(this))
{
    setObjectName(QStringLiteral("messageBar"));
    m_textLabel->setWordWrap(true);
    m_textLabel->setTextFormat(Qt::PlainText);
    m_textLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_iconLabel->setAlignment(Qt::AlignTop);

    m_closeButton->setAutoRaise(true);
    m_closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_closeButton->setToolTip(tr("Dismiss this message"));
    m_closeButton->setAccessibleName(tr("Dismiss"));
    connect(m_closeButton, &QToolButton::clicked, this, &MessageBar::dismiss);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 4, 6);
    layout->setSpacing(8);
    layout->addWidget(m_iconLabel, 0, Qt::AlignTop);
    layout->addWidget(m_textLabel, 1);
    layout->addWidget(m_closeButton, 0, Qt::AlignTop);

    hide();
}

void MessageBar::showError(const QString &text)
{
    m_lines = {text};
    applyKind(Kind::Error);
    m_textLabel->setText(text);
    show();
}

void MessageBar::addWarning(const QString &text)
{
    if (isVisible() && m_kind == Kind::Error)
        return;
    if (!isVisible())
        m_lines.clear();
    if (m_lines.contains(text))
        return;

    m_lines.append(text);
    applyKind(Kind::Warning);

    QStringList shown = m_lines.mid(0, MAX_WARNING_LINES);
    if (m_lines.size() > MAX_WARNING_LINES)
        shown.append(tr("… and %1 more.").arg(m_lines.size() - MAX_WARNING_LINES));
    m_textLabel->setText(shown.join(QLatin1Char('\n')));
    show();
}

void MessageBar::dismiss()
{
    if (!isVisible())
        return;
    hide();
    m_lines.clear();
    emit dismissed();
}

QString MessageBar::text() const
{
    return m_textLabel->text();
}

void MessageBar::applyKind(Kind kind)
{
    m_kind = kind;
    const bool error = kind == Kind::Error;
    const QStyle::StandardPixmap icon = error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning;
    const int extent = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_iconLabel->setPixmap(style()->standardIcon(icon).pixmap(extent, extent));

    // Fixed light tints with dark text of the same hue, so the bar reads the
    // same in light and dark palettes. Style sheet colors do not reach child
    // widgets on their own, hence the QLabel rule.
    const QString background = error ? QStringLiteral("#fdecea") : QStringLiteral("#fff6e0");
    const QString border = error ? QStringLiteral("#f1aeb5") : QStringLiteral("#f0cf85");
    const QString text = error ? QStringLiteral("#5f1a1a") : QStringLiteral("#4d3800");
    setStyleSheet(QStringLiteral("QFrame#messageBar { background: %1; border: 1px solid %2; border-radius: 4px; }"
                                 " QFrame#messageBar QLabel { background: transparent; border: none; color: %3; }")
                      .arg(background, border, text));
}

} // namespace embedscope::ui
