#include "ui/conversations/UserPickerDialog.h"

#include <core/ChatSession.h>

#include <QCoroTask>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace parley::client::ui {
namespace {

constexpr int kUserIdRole = Qt::UserRole + 1;

} // namespace

UserPickerDialog::UserPickerDialog(ChatSession &session, Mode mode, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_mode(mode)
    , m_searchEdit(new QLineEdit(this))
    , m_results(new QListWidget(this))
    , m_statusLabel(new QLabel(this))
    , m_okButton(new QPushButton(this))
{
    auto *layout = new QVBoxLayout(this);
    if (mode == Mode::Group) {
        setWindowTitle(tr("New group"));
        m_titleEdit = new QLineEdit(this);
        m_titleEdit->setMaxLength(100);
        m_titleEdit->setAccessibleName(tr("Group title"));
        m_descriptionEdit = new QLineEdit(this);
        m_descriptionEdit->setMaxLength(1000);
        m_descriptionEdit->setAccessibleName(tr("Group description"));
        m_descriptionEdit->setPlaceholderText(tr("Optional"));
        auto *form = new QFormLayout;
        form->addRow(tr("&Title:"), m_titleEdit);
        form->addRow(tr("&Description:"), m_descriptionEdit);
        layout->addLayout(form);
        connect(m_titleEdit, &QLineEdit::textChanged, this, &UserPickerDialog::updateAcceptable);
        m_okButton->setText(tr("Create group"));
    } else if (mode == Mode::AddMembers) {
        setWindowTitle(tr("Add members"));
        m_okButton->setText(tr("Add"));
    } else {
        setWindowTitle(tr("New chat"));
        m_okButton->setText(tr("Start chat"));
    }
    m_searchEdit->setPlaceholderText(tr("Search people by name"));
    m_searchEdit->setAccessibleName(tr("Search people"));
    m_searchEdit->setClearButtonEnabled(true);
    m_results->setAccessibleName(tr("People found"));
    m_results->setSelectionMode(mode == Mode::Single ? QAbstractItemView::SingleSelection
                                                     : QAbstractItemView::NoSelection);
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_statusLabel->setWordWrap(true);

    auto *cancel = new QPushButton(tr("Cancel"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_statusLabel, 1);
    buttons->addWidget(cancel);
    buttons->addWidget(m_okButton);
    m_okButton->setDefault(true);
    layout->addWidget(m_searchEdit);
    layout->addWidget(m_results, 1);
    layout->addLayout(buttons);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(250);
    connect(m_searchEdit, &QLineEdit::textChanged, &m_debounce, qOverload<>(&QTimer::start));
    connect(&m_debounce, &QTimer::timeout, this, [this] {
        auto task = search();
        Q_UNUSED(task);
    });
    connect(m_results, &QListWidget::itemSelectionChanged, this, &UserPickerDialog::updateAcceptable);
    connect(m_results, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const QString id = item->data(kUserIdRole).toString();
        if (item->checkState() == Qt::Checked)
            m_chosen.insert(id, item->text());
        else
            m_chosen.remove(id);
        updateAcceptable();
    });
    connect(m_results, &QListWidget::itemDoubleClicked, this, [this] {
        if (m_mode == Mode::Single && m_okButton->isEnabled())
            accept();
    });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_okButton, &QPushButton::clicked, this, &QDialog::accept);
    updateAcceptable();
    resize(420, 460);
}

QStringList UserPickerDialog::selectedUserIds() const
{
    if (m_mode != Mode::Single)
        return m_chosen.keys();
    QStringList ids;
    for (const QListWidgetItem *item : m_results->selectedItems())
        ids.append(item->data(kUserIdRole).toString());
    return ids;
}

QString UserPickerDialog::groupTitle() const
{
    return m_titleEdit ? m_titleEdit->text().trimmed() : QString();
}

QString UserPickerDialog::groupDescription() const
{
    return m_descriptionEdit ? m_descriptionEdit->text().trimmed() : QString();
}

void UserPickerDialog::updateAcceptable()
{
    bool ok = !selectedUserIds().isEmpty();
    if (m_mode == Mode::Group)
        ok = !groupTitle().isEmpty(); // a group may start with only its creator
    m_okButton->setEnabled(ok);
    if (m_mode != Mode::Single && !m_chosen.isEmpty())
        m_statusLabel->setText(tr("%n selected", nullptr, int(m_chosen.size())));
}

QCoro::Task<void> UserPickerDialog::search()
{
    const QString query = m_searchEdit->text().trimmed();
    const quint64 generation = ++m_searchGeneration;
    if (query.isEmpty()) {
        m_results->clear();
        m_statusLabel->clear();
        co_return;
    }
    QPointer<UserPickerDialog> self(this);
    m_statusLabel->setText(tr("Searching…"));
    auto pending = m_session.searchUsers(query);
    auto found = co_await pending;
    if (!self || generation != m_searchGeneration)
        co_return;
    m_results->clear();
    if (!found) {
        m_statusLabel->setText(tr("Search failed: %1").arg(found.error().message));
        co_return;
    }
    const QSignalBlocker blocker(m_results);
    for (const User &user : found.value()) {
        if (user.id == m_session.self().id || m_excluded.contains(user.id))
            continue;
        const QString name = user.displayName.isEmpty() ? user.username : user.displayName;
        auto *item = new QListWidgetItem(tr("%1 (@%2)").arg(name, user.username), m_results);
        item->setData(kUserIdRole, user.id);
        if (m_mode != Mode::Single) {
            item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
            item->setCheckState(m_chosen.contains(user.id) ? Qt::Checked : Qt::Unchecked);
        }
    }
    m_statusLabel->setText(m_results->count() == 0 ? tr("Nobody found") : QString());
    updateAcceptable();
}

} // namespace parley::client::ui
