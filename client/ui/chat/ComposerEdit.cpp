#include "ui/chat/ComposerEdit.h"

#include <QKeyEvent>
#include <QMimeData>
#include <QTextBlock>

namespace parley::client::ui {
namespace {

constexpr int kMaxVisibleLines = 6;

} // namespace

ComposerEdit::ComposerEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setPlaceholderText(tr("Write a message…"));
    setAccessibleName(tr("Message"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(this, &QPlainTextEdit::textChanged, this, &QWidget::updateGeometry);
}

QSize ComposerEdit::sizeHint() const
{
    const int lines = std::clamp(int(document()->lineCount()), 1, kMaxVisibleLines);
    // The document margin and frame around the lines, plus a little air so no scroll bar shows.
    const int height =
        fontMetrics().lineSpacing() * lines + 2 * int(document()->documentMargin()) + 2 * frameWidth() + 6;
    return {QPlainTextEdit::sizeHint().width(), height};
}

QSize ComposerEdit::minimumSizeHint() const
{
    return sizeHint();
}

void ComposerEdit::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && !(event->modifiers() & Qt::ShiftModifier)) {
        Q_EMIT sendRequested();
        return;
    }
    if (event->key() == Qt::Key_Escape) {
        Q_EMIT escapePressed();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void ComposerEdit::insertFromMimeData(const QMimeData *source)
{
    // Pasted rich text arrives as its plain text only.
    insertPlainText(source->text());
}

} // namespace parley::client::ui
