#pragma once

#include <QAbstractListModel>
#include <QStringList>

namespace parley::client {

class ChatSession;

/// The members of one group for the info panel (MemberRole roles): admins first, then by name.
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    MemberListModel(ChatSession &session, const QString &conversationId, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    /// Whether the signed-in user is an admin of the group.
    bool selfIsAdmin() const;

private:
    void reload();

    ChatSession &m_session;
    QString m_conversationId;
    QStringList m_userIds;
};

} // namespace parley::client
