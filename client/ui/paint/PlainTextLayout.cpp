#include "ui/paint/PlainTextLayout.h"

#include <QTextLayout>
#include <QTextOption>

#include <algorithm>

namespace parley::client::ui {

QString layoutString(const QString &text)
{
    QString result = text;
    result.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    result.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    result.replace(QLatin1Char('\n'), QChar::LineSeparator);
    return result;
}

TextBlock layoutPlainText(QTextLayout &layout, qreal width)
{
    QTextOption option(Qt::AlignLeft);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(option);
    layout.setCacheEnabled(true);

    TextBlock block;
    layout.beginLayout();
    while (true) {
        QTextLine line = layout.createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        line.setPosition(QPointF(0, block.height));
        block.height += line.height();
        block.width = std::max(block.width, line.naturalTextWidth());
        block.lastLineWidth = line.naturalTextWidth();
        block.lastLineHeight = line.height();
    }
    layout.endLayout();
    return block;
}

void centreLines(QTextLayout &layout, qreal width)
{
    for (int i = 0; i < layout.lineCount(); ++i) {
        QTextLine line = layout.lineAt(i);
        line.setPosition(QPointF((width - line.naturalTextWidth()) / 2, line.position().y()));
    }
}

} // namespace parley::client::ui
