#include "MemberListModel.h"

#include "core/ChatSession.h"
#include "core/ModelRoles.h"

#include <algorithm>

namespace parley::client {
namespace {

const Member *findMember(const Conversation *conversation, const QString &userId)
{
    if (!conversation)
        return nullptr;
    for (const Member &member : conversation->members) {
        if (member.userId == userId)
            return &member;
    }
    return nullptr;
}

} // namespace

MemberListModel::MemberListModel(ChatSession &session, const QString &conversationId, QObject *parent)
    : QAbstractListModel(parent)
    , m_session(session)
    , m_conversationId(conversationId)
{
    connect(&session, &ChatSession::conversationChanged, this, [this](const QString &id) {
        if (id == m_conversationId)
            reload();
    });
    connect(&session, &ChatSession::userChanged, this, [this](const QString &userId) {
        const int row = int(m_userIds.indexOf(userId));
        if (row >= 0)
            Q_EMIT dataChanged(index(row), index(row));
    });
    reload();
}

void MemberListModel::reload()
{
    const Conversation *conversation = m_session.conversation(m_conversationId);
    QStringList ids;
    if (conversation) {
        for (const Member &member : conversation->members)
            ids.append(member.userId);
    }
    std::sort(ids.begin(), ids.end(), [&](const QString &a, const QString &b) {
        const bool adminA = findMember(conversation, a)->role == Member::Role::Admin;
        const bool adminB = findMember(conversation, b)->role == Member::Role::Admin;
        if (adminA != adminB)
            return adminA;
        return m_session.displayName(a).localeAwareCompare(m_session.displayName(b)) < 0;
    });
    if (ids == m_userIds) {
        if (!m_userIds.isEmpty())
            Q_EMIT dataChanged(index(0), index(int(m_userIds.size()) - 1));
        return;
    }
    beginResetModel();
    m_userIds = ids;
    endResetModel();
}

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_userIds.size());
}

bool MemberListModel::selfIsAdmin() const
{
    const Member *me = findMember(m_session.conversation(m_conversationId), m_session.self().id);
    return me && me->role == Member::Role::Admin;
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const QString &userId = m_userIds.at(index.row());
    const Member *member = findMember(m_session.conversation(m_conversationId), userId);
    const User *user = m_session.user(userId);
    const bool admin = member && member->role == Member::Role::Admin;
    const bool self = userId == m_session.self().id;
    switch (role) {
    case Qt::DisplayRole: {
        QString label = m_session.displayName(userId);
        if (self)
            label = tr("%1 (you)").arg(label);
        if (admin)
            label = tr("%1 — admin").arg(label);
        return label;
    }
    case MemberUserIdRole:
        return userId;
    case MemberUsernameRole:
        return user ? user->username : QString();
    case MemberIsAdminRole:
        return admin;
    case MemberOnlineRole:
        return self || (user && user->online);
    case MemberIsSelfRole:
        return self;
    default:
        return {};
    }
}

} // namespace parley::client
