#include "ui/chat/ChatView.h"

#include "ui/ReportFailure.h"
#include "ui/chat/ComposerEdit.h"
#include "ui/paint/MessageDelegate.h"

#include <core/ChatSession.h>
#include <core/ModelRoles.h>
#include <core/messages/MessageListModel.h>
#include <core/presence/PresenceText.h>

#include <QApplication>
#include <QClipboard>
#include <QCoroTask>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace parley::client::ui {
namespace {

constexpr int kLoadOlderMarginPx = 300;

} // namespace

ChatView::ChatView(ChatSession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_titleLabel(new QLabel(this))
    , m_subtitleLabel(new QLabel(this))
    , m_infoButton(new QToolButton(this))
    , m_list(new QListView(this))
    , m_composer(new ComposerEdit(this))
    , m_sendButton(new QPushButton(tr("Send"), this))
{
    m_titleLabel->setTextFormat(Qt::PlainText);
    m_subtitleLabel->setTextFormat(Qt::PlainText);
    QFont titleFont = m_titleLabel->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_titleLabel->setFont(titleFont);
    m_titleLabel->setAccessibleName(tr("Conversation title"));
    m_subtitleLabel->setAccessibleName(tr("Presence"));
    m_subtitleLabel->setForegroundRole(QPalette::PlaceholderText);

    m_infoButton->setText(tr("Info"));
    m_infoButton->setToolTip(tr("Group info"));
    m_infoButton->setAccessibleName(tr("Group info"));
    m_infoButton->setAutoRaise(true);
    connect(m_infoButton, &QToolButton::clicked, this, &ChatView::infoRequested);

    auto *titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_titleLabel);
    titles->addWidget(m_subtitleLabel);
    auto *header = new QHBoxLayout;
    header->setContentsMargins(12, 6, 12, 6);
    header->addLayout(titles, 1);
    header->addWidget(m_infoButton);

    m_list->setItemDelegate(new MessageDelegate(m_list));
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->verticalScrollBar()->setSingleStep(24);
    m_list->setUniformItemSizes(false);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setResizeMode(QListView::Adjust);
    // Only with word wrap does QListView lay rows out again when its width changes.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setAccessibleName(tr("Messages"));
    connect(m_list, &QListView::customContextMenuRequested, this, &ChatView::showContextMenu);
    connect(m_list->verticalScrollBar(), &QScrollBar::valueChanged, this, [this] {
        m_stickToBottom = isAtBottom();
        maybeLoadOlder();
        markReadIfVisible();
    });
    connect(m_list->verticalScrollBar(), &QScrollBar::rangeChanged, this, [this] {
        if (m_stickToBottom)
            scrollToBottom();
    });

    m_sendButton->setAccessibleName(tr("Send message"));
    connect(m_sendButton, &QPushButton::clicked, this, &ChatView::send);
    connect(m_composer, &ComposerEdit::sendRequested, this, &ChatView::send);
    connect(m_composer, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_conversationId.isEmpty())
            m_session.noteTyping(m_conversationId, !m_composer->toPlainText().trimmed().isEmpty());
    });
    auto *composerRow = new QHBoxLayout;
    composerRow->setContentsMargins(8, 6, 8, 8);
    composerRow->addWidget(m_composer, 1);
    composerRow->addWidget(m_sendButton, 0, Qt::AlignBottom);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_list, 1);
    layout->addLayout(composerRow);

    connect(&session, &ChatSession::conversationChanged, this, [this](const QString &id) {
        if (id == m_conversationId)
            updateHeader();
    });
    connect(&session, &ChatSession::typingChanged, this, [this](const QString &id) {
        if (id == m_conversationId)
            updateHeader();
    });
    connect(&session, &ChatSession::userChanged, this, [this] { updateHeader(); });
    connect(&session, &ChatSession::messagesChanged, this, [this](const QString &id) {
        if (id == m_conversationId)
            markReadIfVisible();
    });
}

ChatView::~ChatView()
{
    m_list->setModel(nullptr);
}

void ChatView::setConversation(const QString &conversationId)
{
    if (conversationId == m_conversationId && m_model)
        return;
    if (!m_conversationId.isEmpty())
        m_session.noteTyping(m_conversationId, false);
    m_conversationId = conversationId;
    auto model = std::make_unique<MessageListModel>(m_session, conversationId);
    m_list->setModel(model.get());
    m_model = std::move(model);
    connect(m_model.get(), &MessageListModel::olderLoaded, this, [this](int count) {
        if (count == 0)
            return;
        // Keep the message under the user's eyes where it was.
        m_list->doItemsLayout();
        QScrollBar *bar = m_list->verticalScrollBar();
        bar->setValue(bar->maximum() - m_distanceFromBottom);
        maybeLoadOlder();
    });
    connect(m_model.get(), &MessageListModel::loadFailed, this, [this](const QString &message) {
        Q_EMIT errorOccurred(tr("Could not load older messages: %1").arg(message));
    });
    connect(m_model.get(), &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first >= m_model->rowCount() - 1 && m_stickToBottom)
            scrollToBottom();
    });
    m_composer->clear();
    m_stickToBottom = true;
    updateHeader();
    scrollToBottom();
    maybeLoadOlder();
    markReadIfVisible();
    m_composer->setFocus();
}

void ChatView::setReadingAllowed(bool allowed)
{
    m_readingAllowed = allowed;
    markReadIfVisible();
}

void ChatView::send()
{
    const QString text = m_composer->toPlainText();
    if (text.trimmed().isEmpty() || m_conversationId.isEmpty())
        return;
    if (!m_session.sendText(m_conversationId, text).isEmpty()) {
        m_composer->clear();
        m_stickToBottom = true;
        scrollToBottom();
    }
}

void ChatView::updateHeader()
{
    const Conversation *conversation = m_session.conversation(m_conversationId);
    if (!conversation) {
        m_titleLabel->clear();
        m_subtitleLabel->clear();
        m_infoButton->hide();
        m_composer->setEnabled(false);
        m_sendButton->setEnabled(false);
        return;
    }
    m_composer->setEnabled(true);
    m_sendButton->setEnabled(true);
    m_titleLabel->setText(m_session.title(*conversation));
    const bool group = conversation->type == Conversation::Type::Group;
    m_infoButton->setVisible(group);
    QString subtitle = m_session.typingText(m_conversationId);
    if (subtitle.isEmpty()) {
        if (group) {
            subtitle = tr("%n member(s)", nullptr, int(conversation->members.size()));
        } else if (const User *peer = m_session.user(m_session.peerId(*conversation))) {
            subtitle = presenceText(*peer);
        }
    }
    m_subtitleLabel->setText(subtitle);
}

bool ChatView::isAtBottom() const
{
    const QScrollBar *bar = m_list->verticalScrollBar();
    return bar->value() >= bar->maximum() - 8;
}

void ChatView::scrollToBottom()
{
    m_list->scrollToBottom();
}

void ChatView::maybeLoadOlder()
{
    if (!m_model || !m_model->canLoadOlder())
        return;
    const QScrollBar *bar = m_list->verticalScrollBar();
    if (bar->value() > kLoadOlderMarginPx && bar->maximum() > 0)
        return;
    m_distanceFromBottom = bar->maximum() - bar->value();
    m_model->loadOlder();
}

void ChatView::markReadIfVisible()
{
    if (m_readingAllowed && !m_conversationId.isEmpty() && isVisible() && isAtBottom())
        m_session.markRead(m_conversationId);
}

void ChatView::report(QCoro::Task<Status<ProtocolError>> task, const QString &failure)
{
    reportFailure(this, std::move(task), failure, [this](const QString &message) { Q_EMIT errorOccurred(message); });
}

void ChatView::showContextMenu(const QPoint &position)
{
    const QModelIndex index = m_list->indexAt(position);
    if (!index.isValid())
        return;
    const QString text = index.data(TextRole).toString();
    const QString messageId = index.data(MessageIdRole).toString();
    const QString clientId = index.data(ClientIdRole).toString();
    const bool own = index.data(IsOwnRole).toBool();
    const bool deleted = index.data(IsDeletedRole).toBool();
    const bool system = index.data(IsSystemRole).toBool();
    const auto state = DeliveryState(index.data(DeliveryStateRole).toInt());

    QMenu menu(this);
    if (!deleted && !text.isEmpty()) {
        menu.addAction(tr("Copy"), this, [text] { QApplication::clipboard()->setText(text); });
    }
    if (state == DeliveryState::Failed) {
        menu.addAction(tr("Send again"), this, [this, clientId] { m_session.retry(clientId); });
        menu.addAction(tr("Discard"), this, [this, clientId] { m_session.discard(clientId); });
    }
    if (!messageId.isEmpty()) {
        if (own && !deleted && !system) {
            menu.addAction(tr("Edit…"), this, [this, messageId, text] {
                bool ok = false;
                const QString edited =
                    QInputDialog::getMultiLineText(this, tr("Edit message"), tr("Message:"), text, &ok);
                if (ok && !edited.trimmed().isEmpty() && edited != text) {
                    report(m_session.editMessage(messageId, edited), tr("Could not edit the message: %1"));
                }
            });
        }
        menu.addSeparator();
        menu.addAction(tr("Delete for me"), this, [this, messageId] {
            report(m_session.deleteMessage(messageId, false), tr("Could not delete the message: %1"));
        });
        if (own && !deleted && !system) {
            menu.addAction(tr("Delete for everyone"), this, [this, messageId] {
                const auto answer = QMessageBox::question(this, tr("Delete for everyone"),
                                                          tr("Delete this message for everyone in the conversation?"));
                if (answer != QMessageBox::Yes)
                    return;
                report(m_session.deleteMessage(messageId, true), tr("Could not delete the message: %1"));
            });
        }
    }
    if (!menu.isEmpty())
        menu.exec(m_list->viewport()->mapToGlobal(position));
}

} // namespace parley::client::ui
