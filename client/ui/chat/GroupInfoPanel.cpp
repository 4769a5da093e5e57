#include "ui/chat/GroupInfoPanel.h"

#include "ui/ReportFailure.h"
#include "ui/conversations/UserPickerDialog.h"

#include <core/ChatSession.h>
#include <core/ModelRoles.h>
#include <core/conversations/MemberListModel.h>

#include <QCheckBox>
#include <QCoroTask>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace parley::client::ui {

GroupInfoPanel::GroupInfoPanel(ChatSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_titleEdit(new QLineEdit(this))
    , m_descriptionEdit(new QPlainTextEdit(this))
    , m_adminsOnlyCheck(new QCheckBox(tr("Only admins can send messages"), this))
    , m_saveButton(new QPushButton(tr("Save"), this))
    , m_memberList(new QListView(this))
    , m_addButton(new QPushButton(tr("Add members…"), this))
    , m_leaveButton(new QPushButton(tr("Leave group"), this))
{
    setAccessibleName(tr("Group info"));
    m_titleEdit->setMaxLength(100);
    m_titleEdit->setAccessibleName(tr("Group title"));
    m_descriptionEdit->setAccessibleName(tr("Group description"));
    m_descriptionEdit->setMaximumHeight(80);
    m_memberList->setAccessibleName(tr("Members"));
    m_memberList->setContextMenuPolicy(Qt::CustomContextMenu);
    m_memberList->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *heading = new QLabel(tr("Group info"), this);
    QFont headingFont = heading->font();
    headingFont.setBold(true);
    heading->setFont(headingFont);
    auto *close = new QToolButton(this);
    close->setText(tr("Close"));
    close->setAccessibleName(tr("Close group info"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, &GroupInfoPanel::closeRequested);
    auto *top = new QHBoxLayout;
    top->addWidget(heading, 1);
    top->addWidget(close);

    auto *form = new QFormLayout;
    form->addRow(tr("Title:"), m_titleEdit);
    form->addRow(tr("Description:"), m_descriptionEdit);
    form->addRow(QString(), m_adminsOnlyCheck);
    form->addRow(QString(), m_saveButton);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Members"), this));
    layout->addWidget(m_memberList, 1);
    layout->addWidget(m_addButton);
    layout->addWidget(m_leaveButton);

    connect(m_saveButton, &QPushButton::clicked, this, &GroupInfoPanel::save);
    connect(m_addButton, &QPushButton::clicked, this, &GroupInfoPanel::addMembers);
    connect(m_leaveButton, &QPushButton::clicked, this, &GroupInfoPanel::leave);
    connect(m_memberList, &QListView::customContextMenuRequested, this, &GroupInfoPanel::showMemberMenu);
    connect(&session, &ChatSession::conversationChanged, this, [this](const QString &id) {
        if (id == m_conversationId)
            refresh();
    });
    setMinimumWidth(260);
}

GroupInfoPanel::~GroupInfoPanel()
{
    m_memberList->setModel(nullptr);
}

void GroupInfoPanel::setConversation(const QString &conversationId)
{
    m_conversationId = conversationId;
    auto members = std::make_unique<MemberListModel>(m_session, conversationId);
    m_memberList->setModel(members.get());
    m_members = std::move(members);
    refresh();
}

void GroupInfoPanel::refresh()
{
    const Conversation *conversation = m_session.conversation(m_conversationId);
    if (!conversation || !m_members)
        return;
    const bool admin = m_members->selfIsAdmin();
    if (!m_titleEdit->hasFocus())
        m_titleEdit->setText(conversation->title);
    if (!m_descriptionEdit->hasFocus())
        m_descriptionEdit->setPlainText(conversation->description);
    m_adminsOnlyCheck->setChecked(conversation->adminsOnly);
    m_titleEdit->setReadOnly(!admin);
    m_descriptionEdit->setReadOnly(!admin);
    m_adminsOnlyCheck->setEnabled(admin);
    m_saveButton->setVisible(admin);
    m_addButton->setVisible(admin);
}

void GroupInfoPanel::report(QCoro::Task<Status<ProtocolError>> task, const QString &failure)
{
    reportFailure(this, std::move(task), failure, [this](const QString &message) { Q_EMIT errorOccurred(message); });
}

void GroupInfoPanel::save()
{
    const Conversation *conversation = m_session.conversation(m_conversationId);
    if (!conversation)
        return;
    GroupChanges changes;
    const QString title = m_titleEdit->text().trimmed();
    const QString description = m_descriptionEdit->toPlainText().trimmed();
    if (!title.isEmpty() && title != conversation->title)
        changes.title = title;
    if (description != conversation->description)
        changes.description = description;
    if (m_adminsOnlyCheck->isChecked() != conversation->adminsOnly)
        changes.adminsOnly = m_adminsOnlyCheck->isChecked();
    if (!changes.title && !changes.description && !changes.adminsOnly)
        return;
    report(m_session.updateGroup(m_conversationId, changes), tr("Could not change the group: %1"));
}

void GroupInfoPanel::showMemberMenu(const QPoint &position)
{
    const QModelIndex index = m_memberList->indexAt(position);
    if (!index.isValid() || !m_members->selfIsAdmin() || index.data(MemberIsSelfRole).toBool())
        return;
    const QString userId = index.data(MemberUserIdRole).toString();
    const bool admin = index.data(MemberIsAdminRole).toBool();
    QMenu menu(this);
    menu.addAction(admin ? tr("Remove admin rights") : tr("Make admin"), this, [this, userId, admin] {
        report(m_session.promote(m_conversationId, userId, !admin), tr("Could not change the role: %1"));
    });
    menu.addAction(tr("Remove from group"), this, [this, userId] {
        report(m_session.removeMember(m_conversationId, userId), tr("Could not remove the member: %1"));
    });
    menu.exec(m_memberList->viewport()->mapToGlobal(position));
}

void GroupInfoPanel::addMembers()
{
    UserPickerDialog picker(m_session, UserPickerDialog::Mode::AddMembers, this);
    QStringList current;
    if (const Conversation *conversation = m_session.conversation(m_conversationId)) {
        for (const Member &member : conversation->members)
            current.append(member.userId);
    }
    picker.setExcluded(current);
    if (picker.exec() != QDialog::Accepted || picker.selectedUserIds().isEmpty())
        return;
    report(m_session.addMembers(m_conversationId, picker.selectedUserIds()), tr("Could not add members: %1"));
}

void GroupInfoPanel::leave()
{
    const auto answer =
        QMessageBox::question(this, tr("Leave group"), tr("Leave this group? You will no longer get its messages."));
    if (answer != QMessageBox::Yes)
        return;
    report(m_session.leaveGroup(m_conversationId), tr("Could not leave the group: %1"));
}

} // namespace parley::client::ui
