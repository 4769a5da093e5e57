#pragma once

#include <QAbstractListModel>
#include <QDateTime>
#include <QStringList>

namespace parley::client {

class ChatSession;

/// The signed-in user's conversations, most recent activity first (ConversationRole roles).
class ConversationListModel : public QAbstractListModel
{
    Q_OBJECT
public:
    explicit ConversationListModel(ChatSession &session, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOf(const QString &conversationId) const;
    QString conversationIdAt(int row) const;

private:
    void reload();
    void onChanged(const QString &conversationId);
    void onRemoved(const QString &conversationId);
    void onUserChanged(const QString &userId);
    /// Where the conversation belongs in the order, ignoring its current row.
    int sortedRow(const QString &conversationId, int currentRow) const;
    bool before(const QString &a, const QString &b) const;

    ChatSession &m_session;
    QStringList m_ids;
};

} // namespace parley::client
