#pragma once

#include <QDate>
#include <QFont>
#include <QPalette>
#include <QRect>
#include <QSize>
#include <QString>

#include <memory>

class QPainter;
class QTextLayout;

namespace parley::client::ui {

/// A small centred pill: system messages ("Alice added Bob") and day separators.
struct PillSpec
{
    QRect rect; ///< the pill itself (pillRect() centres one in a row)
    QString text;
    QPalette palette;
    QFont font; ///< the base font; the pill uses a slightly smaller one
};

/// A pill laid out once for a width, painted from that layout as often as needed.
struct PillLayout
{
    QSize size;
    std::shared_ptr<const QTextLayout> text; ///< lines centred in the pill
};

/// Lays out @p spec's text word-wrapped to at most @p maxWidth (padding included).
PillLayout layoutPill(const PillSpec &spec, int maxWidth);

/// Size of the pill for @p spec when it may be at most @p maxWidth wide (text is word-wrapped).
QSize pillSize(const PillSpec &spec, int maxWidth);

/// pillSize() centred horizontally at the top of @p row.
QRect pillRect(const PillSpec &spec, const QRect &row, int maxWidth);

/// Paints @p layout filling @p rect (normally QRect(position, layout.size)) in @p palette's colours.
void paintPill(QPainter &painter, const PillLayout &layout, const QRect &rect, const QPalette &palette);

/// Lays spec out for spec.rect and paints it there.
void paintPill(QPainter &painter, const PillSpec &spec);

/// Label of a day separator: "Today", "Yesterday", or the locale's long date.
QString dayLabel(const QDate &date, const QDate &today = QDate::currentDate());

} // namespace parley::client::ui
