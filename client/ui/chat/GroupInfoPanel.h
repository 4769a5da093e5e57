#pragma once

#include <protocol/ErrorCode.h>
#include <protocol/Result.h>

#include <QCoroFwd>
#include <QWidget>

#include <memory>
#include <variant>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListView;
class QPlainTextEdit;
class QPushButton;

namespace parley::client {
class ChatSession;
class MemberListModel;
} // namespace parley::client

namespace parley::client::ui {

/// A group's title, description, members and roles. Admins edit, add, remove and promote;
/// everyone can leave.
class GroupInfoPanel : public QWidget
{
    Q_OBJECT
public:
    explicit GroupInfoPanel(ChatSession &session, QWidget *parent = nullptr);
    ~GroupInfoPanel() override;

    void setConversation(const QString &conversationId);
    QString conversationId() const { return m_conversationId; }
    MemberListModel *members() const { return m_members.get(); }

Q_SIGNALS:
    void closeRequested();
    void errorOccurred(const QString &message);

private:
    void refresh();
    void save();
    void showMemberMenu(const QPoint &position);
    void addMembers();
    void leave();
    /// Lets @p task run; if it fails, emits errorOccurred() with @p failure ("%1" is the reason).
    void report(QCoro::Task<Status<ProtocolError>> task, const QString &failure);

    ChatSession &m_session;
    QString m_conversationId;
    std::unique_ptr<MemberListModel> m_members;
    QLineEdit *m_titleEdit;
    QPlainTextEdit *m_descriptionEdit;
    QCheckBox *m_adminsOnlyCheck;
    QPushButton *m_saveButton;
    QListView *m_memberList;
    QPushButton *m_addButton;
    QPushButton *m_leaveButton;
};

} // namespace parley::client::ui
