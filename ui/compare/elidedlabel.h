#pragma once

#include <QLabel>

namespace embedscope::ui::compare {

// A one-line label that elides its text in the middle to the width it is
// given, and shows the full text as its tooltip. Its size hint never
// requests the full text's width, so a long description cannot widen a layout.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    const QString &fullText() const { return m_fullText; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateElided();

    QString m_fullText;
};

} // namespace embedscope::ui::compare
