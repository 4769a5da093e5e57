#include "ui/MainWindow.h"

#include "ui/ReportFailure.h"
#include "ui/chat/ChatView.h"
#include "ui/chat/GroupInfoPanel.h"
#include "ui/conversations/UserPickerDialog.h"
#include "ui/paint/ConversationDelegate.h"

#include <core/ChatSession.h>
#include <core/ModelRoles.h>
#include <core/conversations/ConversationListModel.h>

#include <QApplication>
#include <QCloseEvent>
#include <QCoroTask>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QVBoxLayout>

namespace parley::client::ui {
namespace {

constexpr int kStatusMessageMs = 8000;

QIcon appIcon()
{
    return QIcon(QStringLiteral(":/icons/parley.svg"));
}

// The app icon with a red badge carrying the unread count.
QIcon badgedIcon(int unread)
{
    const QIcon base = appIcon();
    if (unread <= 0 || base.isNull())
        return base;
    QPixmap pixmap = base.pixmap(64, 64);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF badge(30, 0, 34, 28);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xe5, 0x39, 0x35));
    painter.drawRoundedRect(badge, 14, 14);
    QFont font = painter.font();
    font.setBold(true);
    font.setPixelSize(unread > 99 ? 14 : 20);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(badge, Qt::AlignCenter, unread > 99 ? QStringLiteral("99+") : QString::number(unread));
    return QIcon(pixmap);
}

} // namespace

MainWindow::MainWindow(ChatSession &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_conversations(new ConversationListModel(session, this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_filterEdit(new QLineEdit(this))
    , m_conversationList(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(tr("Choose a conversation, or start a new one with Ctrl+N."), this))
    , m_chatView(new ChatView(session, this))
    , m_infoPanel(new GroupInfoPanel(session, this))
    , m_banner(new QLabel(this))
{
    setWindowTitle(tr("Parley"));
    setWindowIcon(appIcon());

    m_filtered->setSourceModel(m_conversations);
    m_filtered->setFilterRole(TitleRole);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_filterEdit->setPlaceholderText(tr("Search conversations (Ctrl+K)"));
    m_filterEdit->setAccessibleName(tr("Filter conversations"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filtered, &QSortFilterProxyModel::setFilterFixedString);

    m_conversationList->setModel(m_filtered);
    m_conversationList->setItemDelegate(new ConversationDelegate(m_conversationList));
    m_conversationList->setAccessibleName(tr("Conversations"));
    m_conversationList->setUniformItemSizes(true);
    m_conversationList->setFrameShape(QFrame::NoFrame);
    m_conversationList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    connect(m_conversationList->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    openConversation(current.data(ConversationIdRole).toString());
            });

    auto *newChatButton = new QPushButton(tr("New chat"), this);
    auto *newGroupButton = new QPushButton(tr("New group"), this);
    connect(newChatButton, &QPushButton::clicked, this, &MainWindow::newChat);
    connect(newGroupButton, &QPushButton::clicked, this, &MainWindow::newGroup);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(newChatButton);
    buttons->addWidget(newGroupButton);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addWidget(m_filterEdit);
    leftLayout->addWidget(m_conversationList, 1);
    leftLayout->addLayout(buttons);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_chatView);
    m_infoPanel->hide();

    auto *splitter = new QSplitter(this);
    splitter->addWidget(left);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_infoPanel);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({300, 640, 280});
    splitter->setChildrenCollapsible(false);

    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setAlignment(Qt::AlignCenter);
    m_banner->setAutoFillBackground(true);
    m_banner->setContentsMargins(6, 4, 6, 4);
    m_banner->setAccessibleName(tr("Connection state"));
    QPalette bannerPalette = m_banner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xe0, 0x82));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x3e, 0x2b, 0x00));
    m_banner->setPalette(bannerPalette);

    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_banner);
    centralLayout->addWidget(splitter, 1);
    setCentralWidget(central);

    buildMenus();
    auto *focusFilter = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_K), this);
    connect(focusFilter, &QShortcut::activated, this, [this] {
        m_filterEdit->setFocus();
        m_filterEdit->selectAll();
    });
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(escape, &QShortcut::activated, this, [this] {
        if (m_infoPanel->isVisible())
            showInfoPanel(false);
        else if (!m_filterEdit->text().isEmpty())
            m_filterEdit->clear();
    });

    connect(m_chatView, &ChatView::infoRequested, this, [this] { showInfoPanel(!m_infoPanel->isVisible()); });
    connect(m_chatView, &ChatView::errorOccurred, this, &MainWindow::showError);
    connect(m_infoPanel, &GroupInfoPanel::closeRequested, this, [this] { showInfoPanel(false); });
    connect(m_infoPanel, &GroupInfoPanel::errorOccurred, this, &MainWindow::showError);
    connect(&session.connection(), &Connection::stateChanged, this, &MainWindow::updateBanner);
    connect(&session, &ChatSession::totalUnreadChanged, this, &MainWindow::updateUnread);
    connect(&session, &ChatSession::incomingMessage, this, &MainWindow::notify);
    connect(&session, &ChatSession::conversationRemoved, this, [this](const QString &id) {
        if (id == currentConversation()) {
            showInfoPanel(false);
            m_stack->setCurrentWidget(m_placeholder);
        }
    });

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(appIcon(), this);
        m_tray->setToolTip(tr("Parley"));
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger) {
                showNormal();
                raise();
                activateWindow();
            }
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
            if (!m_notifiedConversation.isEmpty())
                openConversation(m_notifiedConversation);
        });
        m_tray->show();
    }
    updateBanner();
    updateUnread(session.totalUnread());
    statusBar()->setSizeGripEnabled(false);
    resize(1100, 720);
}

MainWindow::~MainWindow()
{
    m_conversationList->setModel(nullptr);
}

void MainWindow::buildMenus()
{
    QMenu *parley = menuBar()->addMenu(tr("&Parley"));
    QAction *newChat = parley->addAction(tr("&New chat…"), this, &MainWindow::newChat);
    newChat->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    QAction *newGroup = parley->addAction(tr("New &group…"), this, &MainWindow::newGroup);
    newGroup->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    parley->addSeparator();
    parley->addAction(tr("&Log out"), this, &MainWindow::logoutRequested);
    QAction *quit = parley->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Parley"), this, [this] {
        QMessageBox box(this);
        box.setWindowTitle(tr("About Parley"));
        box.setTextFormat(Qt::PlainText);
        box.setText(tr("Parley %1\nA fast, reliable messenger.").arg(QStringLiteral(PARLEY_VERSION)));
        box.exec();
    });
}

QString MainWindow::currentConversation() const
{
    return m_stack->currentWidget() == m_chatView ? m_chatView->conversationId() : QString();
}

void MainWindow::openConversation(const QString &conversationId)
{
    if (!m_session.conversation(conversationId))
        return;
    m_chatView->setConversation(conversationId);
    m_stack->setCurrentWidget(m_chatView);
    const Conversation *conversation = m_session.conversation(conversationId);
    if (m_infoPanel->isVisible() && conversation->type == Conversation::Type::Group)
        m_infoPanel->setConversation(conversationId);
    else
        showInfoPanel(false);
    const QModelIndex source = m_conversations->indexOf(conversationId);
    const QModelIndex proxy = m_filtered->mapFromSource(source);
    if (proxy.isValid() && m_conversationList->currentIndex() != proxy)
        m_conversationList->setCurrentIndex(proxy);
    updateReading();
    Q_EMIT conversationOpened(conversationId);
}

void MainWindow::showInfoPanel(bool visible)
{
    const Conversation *conversation = m_session.conversation(currentConversation());
    if (visible && conversation && conversation->type == Conversation::Type::Group) {
        m_infoPanel->setConversation(conversation->id);
        m_infoPanel->show();
    } else {
        m_infoPanel->hide();
    }
}

void MainWindow::updateBanner()
{
    switch (m_session.connection().state()) {
    case Connection::State::Online:
        m_banner->hide();
        return;
    case Connection::State::Connecting:
        m_banner->setText(tr("Connecting…"));
        break;
    case Connection::State::Offline:
        m_banner->setText(tr("Offline — messages will be sent when you're back online"));
        break;
    }
    m_banner->show();
}

void MainWindow::updateUnread(int count)
{
    setWindowTitle(count > 0 ? tr("(%1) Parley").arg(count) : tr("Parley"));
    if (m_tray) {
        m_tray->setIcon(badgedIcon(count));
        m_tray->setToolTip(count > 0 ? tr("Parley — %n unread message(s)", nullptr, count) : tr("Parley"));
    }
}

void MainWindow::notify(const Message &message)
{
    if (isActiveWindow() && currentConversation() == message.conversationId)
        return;
    if (!m_tray || !QSystemTrayIcon::supportsMessages())
        return;
    const Conversation *conversation = m_session.conversation(message.conversationId);
    if (!conversation)
        return;
    QString title = m_session.title(*conversation);
    if (conversation->type == Conversation::Type::Group)
        title = tr("%1 in %2").arg(m_session.displayName(message.senderId), title);
    m_notifiedConversation = message.conversationId;
    // Desktop notification servers may read the body as markup (even <img>): escape it so the
    // text shows as typed and nothing is fetched. Long messages are cut to keep it small.
    m_tray->showMessage(title, message.text.left(200).toHtmlEscaped(), appIcon());
}

void MainWindow::newChat()
{
    UserPickerDialog picker(m_session, UserPickerDialog::Mode::Single, this);
    if (picker.exec() != QDialog::Accepted || picker.selectedUserIds().isEmpty())
        return;
    const QString userId = picker.selectedUserIds().first();
    reportFailure(
        this, m_session.openDirect(userId), tr("Could not start the chat: %1"),
        [this](const QString &message) { showError(message); },
        [this](const QString &conversationId) { openConversation(conversationId); });
}

void MainWindow::newGroup()
{
    UserPickerDialog picker(m_session, UserPickerDialog::Mode::Group, this);
    if (picker.exec() != QDialog::Accepted || picker.groupTitle().isEmpty())
        return;
    reportFailure(
        this, m_session.createGroup(picker.groupTitle(), picker.selectedUserIds(), picker.groupDescription()),
        tr("Could not create the group: %1"), [this](const QString &message) { showError(message); },
        [this](const QString &conversationId) { openConversation(conversationId); });
}

void MainWindow::showError(const QString &message)
{
    statusBar()->showMessage(message, kStatusMessageMs);
}

void MainWindow::updateReading()
{
    m_chatView->setReadingAllowed(isActiveWindow() && !isMinimized());
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange)
        updateReading();
    QMainWindow::changeEvent(event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_session.noteTyping(currentConversation(), false);
    QMainWindow::closeEvent(event);
}

} // namespace parley::client::ui
