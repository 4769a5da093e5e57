#pragma once

#include <protocol/UserPayloads.h>

#include <QCoroFwd>
#include <QDialog>
#include <QTimer>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace parley::client {
class ChatSession;
}

namespace parley::client::ui {

/// Finds people by name. In Single mode it picks one user (a new chat); in Group mode it picks
/// several and asks for the group's title.
class UserPickerDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { Single, Group, AddMembers };

    UserPickerDialog(ChatSession &session, Mode mode, QWidget *parent = nullptr);

    QStringList selectedUserIds() const;
    QString groupTitle() const;
    QString groupDescription() const;
    /// Users not offered (e.g. current members when adding).
    void setExcluded(const QStringList &userIds) { m_excluded = userIds; }

private:
    QCoro::Task<void> search();
    void updateAcceptable();

    ChatSession &m_session;
    Mode m_mode;
    QLineEdit *m_titleEdit = nullptr;
    QLineEdit *m_descriptionEdit = nullptr;
    QLineEdit *m_searchEdit;
    QListWidget *m_results;
    QLabel *m_statusLabel;
    QPushButton *m_okButton;
    QTimer m_debounce;
    QStringList m_excluded;
    QHash<QString, QString> m_chosen; ///< id → name, kept across searches
    quint64 m_searchGeneration = 0;
};

} // namespace parley::client::ui
