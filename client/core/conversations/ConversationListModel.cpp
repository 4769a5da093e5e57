#include "ConversationListModel.h"

#include "core/ChatSession.h"
#include "core/ModelRoles.h"

#include <algorithm>

namespace parley::client {
namespace {

QString initialsOf(const QString &name)
{
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString initials;
    for (const QString &word : words) {
        initials.append(word.at(0).toUpper());
        if (initials.size() == 2)
            break;
    }
    return initials.isEmpty() ? QStringLiteral("?") : initials;
}

QString oneLine(const QString &text)
{
    return text.simplified();
}

} // namespace

ConversationListModel::ConversationListModel(ChatSession &session, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
{
    connect(&session, &ChatSession::conversationChanged, this, &ConversationListModel::onChanged);
    connect(&session, &ChatSession::conversationRemoved, this, &ConversationListModel::onRemoved);
    connect(&session, &ChatSession::userChanged, this, &ConversationListModel::onUserChanged);
    connect(&session, &ChatSession::outboxChanged, this, &ConversationListModel::onChanged);
    reload();
}

void ConversationListModel::reload()
{
    beginResetModel();
    m_ids = m_session.conversationIds();
    std::sort(m_ids.begin(), m_ids.end(), [this](const QString &a, const QString &b) { return before(a, b); });
    endResetModel();
}

bool ConversationListModel::before(const QString &a, const QString &b) const
{
    const Conversation *first = m_session.conversation(a);
    const Conversation *second = m_session.conversation(b);
    if (!first || !second)
        return a < b;
    const qint64 timeA = ChatSession::activityMsecs(*first);
    const qint64 timeB = ChatSession::activityMsecs(*second);
    if (timeA != timeB)
        return timeA > timeB;
    return a > b;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

QModelIndex ConversationListModel::indexOf(const QString &conversationId) const
{
    const qsizetype row = m_ids.indexOf(conversationId);
    return row < 0 ? QModelIndex() : index(int(row));
}

QString ConversationListModel::conversationIdAt(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : QString();
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Conversation *conversation = m_session.conversation(m_ids.at(index.row()));
    if (!conversation)
        return {};
    const bool group = conversation->type == Conversation::Type::Group;
    switch (role) {
    case Qt::DisplayRole:
    case TitleRole:
        return m_session.title(*conversation);
    case Qt::ToolTipRole:
        return group ? conversation->description : QString();
    case ConversationIdRole:
        return conversation->id;
    case InitialsRole:
        return initialsOf(m_session.title(*conversation));
    case AvatarSeedRole:
        return group ? conversation->id : m_session.peerId(*conversation);
    case PreviewRole: {
        const auto pending = m_session.outbox(conversation->id);
        if (!pending.isEmpty())
            return tr("You: %1").arg(oneLine(pending.last().text));
        if (!conversation->lastMessage)
            return group ? tr("No messages yet") : tr("Say hello");
        const Message &last = *conversation->lastMessage;
        const QString text = oneLine(m_session.describe(last));
        if (last.kind == Message::Kind::System || last.deleted)
            return text;
        if (last.senderId == m_session.self().id)
            return tr("You: %1").arg(text);
        return group ? tr("%1: %2").arg(m_session.displayName(last.senderId), text) : text;
    }
    case ActivityTimeRole:
        return m_session.activityTime(*conversation);
    case UnreadCountRole:
        return int(std::min<qint64>(conversation->unreadCount, 1000000));
    case IsGroupRole:
        return group;
    case PeerOnlineRole: {
        if (group)
            return false;
        const User *peer = m_session.user(m_session.peerId(*conversation));
        return peer && peer->online;
    }
    case TypingRole:
        return m_session.typingText(conversation->id);
    case LastMessageStateRole: {
        if (!m_session.outbox(conversation->id).isEmpty())
            return int(DeliveryState::Pending);
        if (!conversation->lastMessage)
            return int(DeliveryState::None);
        return int(m_session.deliveryState(*conversation->lastMessage));
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert({{ConversationIdRole, "conversationId"},
                  {TitleRole, "title"},
                  {InitialsRole, "initials"},
                  {AvatarSeedRole, "avatarSeed"},
                  {PreviewRole, "preview"},
                  {ActivityTimeRole, "activityTime"},
                  {UnreadCountRole, "unreadCount"},
                  {IsGroupRole, "isGroup"},
                  {PeerOnlineRole, "peerOnline"},
                  {TypingRole, "typing"},
                  {LastMessageStateRole, "lastMessageState"}});
    return names;
}

int ConversationListModel::sortedRow(const QString &conversationId, int currentRow) const
{
    int row = 0;
    for (int i = 0; i < m_ids.size(); ++i) {
        if (i != currentRow && before(m_ids.at(i), conversationId))
            ++row;
    }
    return row;
}

void ConversationListModel::onChanged(const QString &conversationId)
{
    if (!m_session.conversation(conversationId))
        return;
    const int current = int(m_ids.indexOf(conversationId));
    const int target = sortedRow(conversationId, current);
    if (current < 0) {
        beginInsertRows({}, target, target);
        m_ids.insert(target, conversationId);
        endInsertRows();
        return;
    }
    if (target != current) {
        // beginMoveRows wants the destination as a row of the list before the move.
        beginMoveRows({}, current, current, {}, target > current ? target + 1 : target);
        m_ids.move(current, target);
        endMoveRows();
    }
    const QModelIndex changed = index(target);
    Q_EMIT dataChanged(changed, changed);
}

void ConversationListModel::onRemoved(const QString &conversationId)
{
    const int row = int(m_ids.indexOf(conversationId));
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_ids.removeAt(row);
    endRemoveRows();
}

void ConversationListModel::onUserChanged(const QString &userId)
{
    for (int row = 0; row < m_ids.size(); ++row) {
        const Conversation *conversation = m_session.conversation(m_ids.at(row));
        if (!conversation)
            continue;
        const bool involved = std::any_of(conversation->members.begin(), conversation->members.end(),
                                          [&](const Member &member) { return member.userId == userId; });
        if (involved)
            Q_EMIT dataChanged(index(row), index(row));
    }
}

} // namespace parley::client
