#pragma once

#include <QPlainTextEdit>

namespace parley::client::ui {

/// The message box: Enter sends, Shift+Enter starts a new line; grows with its text up to a
/// few lines.
class ComposerEdit : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit ComposerEdit(QWidget *parent = nullptr);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void sendRequested();
    void escapePressed();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void insertFromMimeData(const QMimeData *source) override;
};

} // namespace parley::client::ui
