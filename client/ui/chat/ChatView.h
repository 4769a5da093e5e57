#pragma once

#include <protocol/ErrorCode.h>
#include <protocol/Result.h>

#include <QCoroFwd>
#include <QPointer>
#include <QWidget>

#include <memory>
#include <variant>

class QLabel;
class QListView;
class QToolButton;
class QPushButton;

namespace parley::client {
class ChatSession;
class MessageListModel;
} // namespace parley::client

namespace parley::client::ui {

class ComposerEdit;

/// One conversation: header with presence or typing, the message list and the composer.
class ChatView : public QWidget
{
    Q_OBJECT
public:
    explicit ChatView(ChatSession &session, QWidget *parent = nullptr);
    ~ChatView() override;

    void setConversation(const QString &conversationId);
    QString conversationId() const { return m_conversationId; }
    MessageListModel *model() const { return m_model.get(); }
    QListView *messageList() const { return m_list; }
    ComposerEdit *composer() const { return m_composer; }
    /// Whether the user can see the newest messages (the window is active and scrolled down).
    void setReadingAllowed(bool allowed);

Q_SIGNALS:
    void infoRequested();
    void errorOccurred(const QString &message);

private:
    void send();
    void updateHeader();
    void showContextMenu(const QPoint &position);
    void maybeLoadOlder();
    void markReadIfVisible();
    bool isAtBottom() const;
    void scrollToBottom();
    /// Lets @p task run; if it fails, emits errorOccurred() with @p failure ("%1" is the reason).
    void report(QCoro::Task<Status<ProtocolError>> task, const QString &failure);

    ChatSession &m_session;
    QString m_conversationId;
    std::unique_ptr<MessageListModel> m_model;
    QLabel *m_titleLabel;
    QLabel *m_subtitleLabel;
    QToolButton *m_infoButton;
    QListView *m_list;
    ComposerEdit *m_composer;
    QPushButton *m_sendButton;
    bool m_readingAllowed = false;
    bool m_stickToBottom = true;
    int m_distanceFromBottom = 0;
};

} // namespace parley::client::ui
