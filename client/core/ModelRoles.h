#pragma once

#include <Qt>

namespace parley::client {

/// What the sender of a message sees about it (PROTOCOL.md, "Status ticks"). Only the sender's
/// own messages have a state other than None.
enum class DeliveryState {
    None,      ///< someone else's message, or a system message
    Pending,   ///< in the outbox, not yet acknowledged (clock icon)
    Failed,    ///< the server refused it for good (e.g. too large); it will not be resent
    Sent,      ///< ✓ committed by the server
    Delivered, ///< ✓✓ every other member's device has it
    Seen,      ///< blue ✓✓ every other member has read it
};

/// Roles of MessageListModel. Qt::DisplayRole is the message text as plain text.
enum MessageRole {
    MessageIdRole = Qt::UserRole + 1, ///< QString; empty while pending
    ClientIdRole,                     ///< QString; the outbox key of own messages
    SeqRole,                          ///< qint64; 0 while pending
    TextRole,                         ///< QString, plain text (empty when deleted)
    SenderIdRole,                     ///< QString
    SenderNameRole,                   ///< QString display name
    IsOwnRole,                        ///< bool: sent by the signed-in user
    IsSystemRole,                     ///< bool: a group event; TextRole holds its description
    IsDeletedRole,                    ///< bool: "This message was deleted"
    IsEditedRole,                     ///< bool
    TimestampRole,                    ///< QDateTime (local time) the message was created
    DeliveryStateRole,                ///< int, a DeliveryState
    ShowSenderNameRole,               ///< bool: a group message from someone else that starts a run
    ShowDaySeparatorRole,             ///< bool: first message of its calendar day in the list
    /// quint64: changes whenever anything but the width changes the row's layout, so a view can
    /// cache row sizes (optional; models without it are measured every time).
    LayoutKeyRole,
};

/// Roles of ConversationListModel. Qt::DisplayRole is the title.
enum ConversationRole {
    ConversationIdRole = Qt::UserRole + 1, ///< QString
    TitleRole,                             ///< QString: group title or the other user's name
    InitialsRole,                          ///< QString: one or two letters for the avatar
    AvatarSeedRole,                        ///< QString: picks the avatar colour, stable per peer
    PreviewRole,                           ///< QString: last message, one line, plain text
    ActivityTimeRole,                      ///< QDateTime (local) of the last activity
    UnreadCountRole,                       ///< int
    IsGroupRole,                           ///< bool
    PeerOnlineRole,                        ///< bool: direct conversation whose peer is online
    TypingRole,                            ///< QString: "Alice is typing…" or empty
    LastMessageStateRole,                  ///< int DeliveryState of the last message if it is own
};

/// Roles of MemberListModel (group info panel). Qt::DisplayRole is the display name.
enum MemberRole {
    MemberUserIdRole = Qt::UserRole + 1, ///< QString
    MemberUsernameRole,                  ///< QString
    MemberIsAdminRole,                   ///< bool
    MemberOnlineRole,                    ///< bool
    MemberIsSelfRole,                    ///< bool
};

} // namespace parley::client
