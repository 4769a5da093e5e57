#pragma once

#include <protocol/ConversationPayloads.h>

#include <QMainWindow>
#include <QPointer>

class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStackedWidget;
class QSystemTrayIcon;

namespace parley::client {
class ChatSession;
class ConversationListModel;
} // namespace parley::client

namespace parley::client::ui {

class ChatView;
class GroupInfoPanel;

/// Conversations on the left, the open chat on the right, the connection state on top, and
/// the tray icon with the unread count.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(ChatSession &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    void openConversation(const QString &conversationId);
    QString currentConversation() const;
    ChatView *chatView() const { return m_chatView; }
    QListView *conversationList() const { return m_conversationList; }
    ConversationListModel *conversations() const { return m_conversations; }
    QLabel *connectionBanner() const { return m_banner; }

Q_SIGNALS:
    void logoutRequested();
    void conversationOpened(const QString &conversationId);

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void updateBanner();
    void updateUnread(int count);
    void notify(const parley::Message &message);
    void newChat();
    void newGroup();
    void showError(const QString &message);
    void showInfoPanel(bool visible);
    void updateReading();

    ChatSession &m_session;
    ConversationListModel *m_conversations;
    QSortFilterProxyModel *m_filtered;
    QLineEdit *m_filterEdit;
    QListView *m_conversationList;
    QStackedWidget *m_stack;
    QLabel *m_placeholder;
    ChatView *m_chatView;
    GroupInfoPanel *m_infoPanel;
    QLabel *m_banner;
    QSystemTrayIcon *m_tray = nullptr;
    QString m_notifiedConversation;
};

} // namespace parley::client::ui
