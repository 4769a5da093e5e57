#pragma once

#include <QString>
#include <Qt>

class QTextLayout;

namespace parley::client::ui {

/// Extent of a block of text laid out by layoutPlainText().
struct TextBlock
{
    qreal width = 0; ///< of the widest line
    qreal height = 0;
    qreal lastLineWidth = 0;
    qreal lastLineHeight = 0;
};

/// @p text with its line breaks as QTextLayout breaks at them: it ignores '\n' and "\r\n".
QString layoutString(const QString &text);

/// Breaks the text of @p layout into lines at most @p width wide, wrapping a word longer than a
/// line anywhere. Plain text only: QTextLayout never interprets markup, so user text cannot load
/// images or change formatting.
TextBlock layoutPlainText(QTextLayout &layout, qreal width);

/// Moves the lines of a laid out @p layout so that each is centred in @p width.
void centreLines(QTextLayout &layout, qreal width);

} // namespace parley::client::ui
