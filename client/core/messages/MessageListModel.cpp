#include "MessageListModel.h"

#include "core/ChatSession.h"
#include "core/ModelRoles.h"

#include <QCoroTask>
#include <QPointer>

#include <algorithm>

namespace parley::client {
namespace {

constexpr int kPageSize = 50;
// Older pages grow with what is loaded: every insertion at the top makes the view lay out all
// rows again, so scrolling through 100,000 messages takes a few dozen insertions, not hundreds.
constexpr int kOlderPageMin = 200;
constexpr int kOlderPageMax = 5000;

} // namespace

MessageListModel::MessageListModel(ChatSession &session, const QString &conversationId, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
    , m_conversationId(conversationId)
{
    for (Message &message : session.cache().messages(conversationId, std::nullopt, kPageSize))
        m_messages.append({message, localTime(message)});
    m_pending = session.outbox(conversationId);
    const SyncCursor cursor = session.cursor(conversationId);
    m_hasOlder = cursor.historyFloor > 0 || m_messages.size() >= kPageSize;
    if (!m_messages.isEmpty() && m_messages.first().message.seq <= 1)
        m_hasOlder = false;

    connect(&session, &ChatSession::messagesChanged, this, &MessageListModel::onMessagesChanged);
    connect(&session, &ChatSession::messageRemoved, this, &MessageListModel::onMessageRemoved);
    connect(&session, &ChatSession::outboxChanged, this, &MessageListModel::onOutboxChanged);
    connect(&session, &ChatSession::receiptsChanged, this, &MessageListModel::onReceiptsChanged);
    connect(&session, &ChatSession::userChanged, this, &MessageListModel::onUserChanged);
}

int MessageListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size() + m_pending.size());
}

bool MessageListModel::isGroup() const
{
    const Conversation *conversation = m_session.conversation(m_conversationId);
    return conversation && conversation->type == Conversation::Type::Group;
}

QVariant MessageListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const QString selfId = m_session.self().id;

    if (row >= m_messages.size()) {
        const OutboxEntry &entry = m_pending.at(row - m_messages.size());
        const QDateTime time = QDateTime::fromMSecsSinceEpoch(entry.createdAtMsecs).toLocalTime();
        switch (role) {
        case Qt::DisplayRole:
        case TextRole:
            return entry.text;
        case Qt::ToolTipRole:
            return entry.failure.isEmpty() ? tr("Waiting to be sent") : tr("Not sent: %1").arg(entry.failure);
        case ClientIdRole:
            return entry.clientId;
        case MessageIdRole:
            return QString();
        case SeqRole:
            return qint64(0);
        case SenderIdRole:
            return selfId;
        case SenderNameRole:
            return m_session.displayName(selfId);
        case IsOwnRole:
            return true;
        case IsSystemRole:
        case IsDeletedRole:
        case IsEditedRole:
        case ShowSenderNameRole:
            return false;
        case TimestampRole:
            return time;
        case DeliveryStateRole:
            return int(entry.failure.isEmpty() ? DeliveryState::Pending : DeliveryState::Failed);
        case ShowDaySeparatorRole: {
            if (row == 0)
                return true;
            const QDateTime previous = this->data(this->index(row - 1), TimestampRole).toDateTime();
            return previous.date() != time.date();
        }
        case LayoutKeyRole:
            return quint64(qHashMulti(0, entry.clientId, entry.failure.isEmpty(),
                                      this->data(index, ShowDaySeparatorRole).toBool()));
        default:
            return {};
        }
    }

    const Message &message = m_messages.at(row).message;
    const QDateTime &time = m_messages.at(row).local;
    const bool system = message.kind == Message::Kind::System;
    switch (role) {
    case Qt::DisplayRole:
        return m_session.describe(message);
    case TextRole:
        return message.deleted ? QString() : m_session.describe(message);
    case Qt::ToolTipRole:
        return QLocale().toString(time, QLocale::LongFormat);
    case MessageIdRole:
        return message.id;
    case ClientIdRole:
        return message.clientId;
    case SeqRole:
        return message.seq;
    case SenderIdRole:
        return message.senderId;
    case SenderNameRole:
        return m_session.displayName(message.senderId);
    case IsOwnRole:
        return !system && message.senderId == selfId;
    case IsSystemRole:
        return system;
    case IsDeletedRole:
        return message.deleted;
    case IsEditedRole:
        return message.editedAtMsecs.has_value() && !message.deleted;
    case TimestampRole:
        return time;
    case DeliveryStateRole:
        return int(m_session.deliveryState(message));
    case LayoutKeyRole:
        return quint64(qHashMulti(1, message.id, message.rev, int(m_session.deliveryState(message)),
                                  data(index, ShowDaySeparatorRole).toBool(), data(index, ShowSenderNameRole).toBool(),
                                  m_session.displayName(message.senderId)));
    case ShowDaySeparatorRole:
        return row == 0 || m_messages.at(row - 1).local.date() != time.date();
    case ShowSenderNameRole: {
        if (!isGroup() || system || message.senderId == selfId)
            return false;
        if (row == 0)
            return true;
        const Message &previous = m_messages.at(row - 1).message;
        return previous.senderId != message.senderId || previous.kind == Message::Kind::System ||
               m_messages.at(row - 1).local.date() != time.date();
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert({{MessageIdRole, "messageId"},
                  {ClientIdRole, "clientId"},
                  {SeqRole, "seq"},
                  {TextRole, "text"},
                  {SenderIdRole, "senderId"},
                  {SenderNameRole, "senderName"},
                  {IsOwnRole, "isOwn"},
                  {IsSystemRole, "isSystem"},
                  {IsDeletedRole, "isDeleted"},
                  {IsEditedRole, "isEdited"},
                  {TimestampRole, "timestamp"},
                  {DeliveryStateRole, "deliveryState"},
                  {ShowSenderNameRole, "showSenderName"},
                  {ShowDaySeparatorRole, "showDaySeparator"},
                  {LayoutKeyRole, "layoutKey"}});
    return names;
}

int MessageListModel::rowOf(const QString &messageOrClientId) const
{
    for (qsizetype i = m_messages.size() - 1; i >= 0; --i) {
        if (m_messages.at(i).message.id == messageOrClientId)
            return int(i);
    }
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).clientId == messageOrClientId)
            return int(m_messages.size() + i);
    }
    return -1;
}

QDateTime MessageListModel::localTime(const Message &message)
{
    return QDateTime::fromMSecsSinceEpoch(message.createdAtMsecs).toLocalTime();
}

void MessageListModel::loadOlder()
{
    if (!canLoadOlder())
        return;
    auto task = fetchOlder();
    Q_UNUSED(task);
}

QCoro::Task<void> MessageListModel::fetchOlder()
{
    m_loading = true;
    QPointer<MessageListModel> self(this);
    const qint64 before = m_messages.isEmpty() ? std::numeric_limits<qint64>::max() : m_messages.first().message.seq;
    const int pageSize = std::clamp(int(m_messages.size()), kOlderPageMin, kOlderPageMax);
    auto pending = m_session.loadOlder(m_conversationId, before, pageSize);
    auto page = co_await pending;
    if (!self)
        co_return;
    m_loading = false;
    if (!page) {
        Q_EMIT loadFailed(page.error().message);
        co_return;
    }
    m_hasOlder = page->hasMore;
    insertOlder(page->messages);
}

void MessageListModel::insertOlder(const QList<Message> &messages)
{
    // Only what is older than the oldest row; anything else arrives through messagesChanged.
    const qint64 oldest = m_messages.isEmpty() ? std::numeric_limits<qint64>::max() : m_messages.first().message.seq;
    QList<Row> older;
    for (const Message &message : messages) {
        if (message.seq < oldest)
            older.append({message, localTime(message)});
    }
    if (older.isEmpty()) {
        Q_EMIT olderLoaded(0);
        return;
    }
    beginInsertRows({}, 0, int(older.size()) - 1);
    m_messages = older + m_messages;
    endInsertRows();
    touchRows(int(older.size()), int(older.size()));
    Q_EMIT olderLoaded(int(older.size()));
}

qsizetype MessageListModel::lowerBound(qint64 seq) const
{
    return std::lower_bound(m_messages.begin(), m_messages.end(), seq,
                            [](const Row &row, qint64 value) { return row.message.seq < value; }) -
           m_messages.begin();
}

void MessageListModel::touchRows(int first, int last)
{
    first = std::max(first, 0);
    last = std::min(last, rowCount() - 1);
    if (first <= last)
        Q_EMIT dataChanged(index(first), index(last));
}

void MessageListModel::onMessagesChanged(const QString &conversationId, const QList<Message> &messages)
{
    if (conversationId != m_conversationId)
        return;
    for (const Message &message : messages) {
        const qsizetype at = lowerBound(message.seq);
        if (at < m_messages.size() && m_messages.at(at).message.seq == message.seq) {
            if (message.rev < m_messages.at(at).message.rev)
                continue;
            m_messages[at].message = message;
            touchRows(int(at), int(at) + 1);
            continue;
        }
        // Older than the loaded window while more history exists: it will come with loadOlder.
        if (at == 0 && m_hasOlder && !m_messages.isEmpty())
            continue;
        beginInsertRows({}, int(at), int(at));
        m_messages.insert(at, Row{message, localTime(message)});
        endInsertRows();
        touchRows(int(at) + 1, int(at) + 1);
    }
}

void MessageListModel::onMessageRemoved(const QString &conversationId, const QString &messageId)
{
    if (conversationId != m_conversationId)
        return;
    for (qsizetype i = 0; i < m_messages.size(); ++i) {
        if (m_messages.at(i).message.id != messageId)
            continue;
        beginRemoveRows({}, int(i), int(i));
        m_messages.removeAt(i);
        endRemoveRows();
        touchRows(int(i), int(i));
        return;
    }
}

void MessageListModel::onOutboxChanged(const QString &conversationId)
{
    if (conversationId != m_conversationId)
        return;
    const int first = int(m_messages.size());
    if (!m_pending.isEmpty()) {
        beginRemoveRows({}, first, first + int(m_pending.size()) - 1);
        m_pending.clear();
        endRemoveRows();
    }
    const QList<OutboxEntry> pending = m_session.outbox(conversationId);
    if (!pending.isEmpty()) {
        beginInsertRows({}, first, first + int(pending.size()) - 1);
        m_pending = pending;
        endInsertRows();
    }
}

void MessageListModel::onReceiptsChanged(const QString &conversationId)
{
    if (conversationId == m_conversationId && !m_messages.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(m_messages.size()) - 1), {DeliveryStateRole});
}

void MessageListModel::onUserChanged(const QString &)
{
    if (isGroup() && rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1), {SenderNameRole, Qt::DisplayRole, TextRole});
}

} // namespace parley::client
