#pragma once

#include <QDateTime>
#include <QStyledItemDelegate>

namespace parley::client::ui {

/// Paints the rows of the conversation list: avatar, bold title, activity time, a one-line
/// preview (or the typing notice) with the last own message's ticks, and the unread badge.
/// Reads only the ConversationRole roles; creates no widgets.
class ConversationDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int kAvatarSize = 40;

    explicit ConversationDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// "HH:mm" for today, the short weekday name within the last week, else the locale's short
    /// date; empty for an invalid time.
    static QString formatActivityTime(const QDateTime &time, const QDateTime &now = QDateTime::currentDateTime());

    /// The second line as shown: the typing notice when there is one, else the preview on one line.
    static QString secondLine(const QModelIndex &index);

    /// The badge label: empty for no unread messages, "99+" above 99.
    static QString badgeText(int unreadCount);
};

} // namespace parley::client::ui
