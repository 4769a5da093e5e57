<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Presence</name>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>last seen just now</source>
        <translation>zuletzt online vor wenigen Sekunden</translation>
    </message>
    <message>
        <source>last seen today at %1</source>
        <translation>zuletzt online heute um %1</translation>
    </message>
    <message>
        <source>last seen yesterday at %1</source>
        <translation>zuletzt online gestern um %1</translation>
    </message>
    <message>
        <source>last seen %1</source>
        <translation>zuletzt online am %1</translation>
    </message>
    <message numerus="yes">
        <source>last seen %n minute(s) ago</source>
        <translation>
            <numerusform>zuletzt online vor %n Minute</numerusform>
            <numerusform>zuletzt online vor %n Minuten</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Parley, a fast and reliable messenger.</source>
        <translation>Parley, ein schneller und zuverlässiger Messenger.</translation>
    </message>
    <message>
        <source>Preselect the server URL in the sign-in dialog.</source>
        <translation>Server-URL im Anmeldedialog vorbelegen.</translation>
    </message>
    <message>
        <source>Keep settings and caches in DIR (run several accounts side by side).</source>
        <translation>Einstellungen und Caches in DIR ablegen (um mehrere Konten parallel zu nutzen).</translation>
    </message>
    <message>
        <source>Colours: system (the desktop&apos;s palette, the default), light or dark.</source>
        <translation>Farbschema: system (Farben der Arbeitsumgebung, Standard), light (hell) oder dark (dunkel).</translation>
    </message>
</context>
<context>
    <name>parley</name>
    <message>
        <source>edited</source>
        <translation>bearbeitet</translation>
    </message>
    <message>
        <source>This message was deleted</source>
        <translation>Diese Nachricht wurde gelöscht</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Gestern</translation>
    </message>
    <message>
        <source>99+</source>
        <translation>99+</translation>
    </message>
</context>
<context>
    <name>parley::client::ChatSession</name>
    <message>
        <source>Unknown user</source>
        <translation>Unbekannter Benutzer</translation>
    </message>
    <message>
        <source>This message was deleted</source>
        <translation>Diese Nachricht wurde gelöscht</translation>
    </message>
    <message>
        <source>%1 created the group</source>
        <translation>%1 hat die Gruppe erstellt</translation>
    </message>
    <message>
        <source>%1 added %2</source>
        <translation>%1 hat %2 hinzugefügt</translation>
    </message>
    <message>
        <source>%1 removed %2</source>
        <translation>%1 hat %2 entfernt</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>%1 hat die Gruppe verlassen</translation>
    </message>
    <message>
        <source>%1 renamed the group to “%2”</source>
        <translation>%1 hat die Gruppe in „%2“ umbenannt</translation>
    </message>
    <message>
        <source>%1 changed the description</source>
        <translation>%1 hat die Gruppenbeschreibung geändert</translation>
    </message>
    <message>
        <source>%1 allowed only admins to send</source>
        <translation>%1 hat festgelegt, dass nur Admins Nachrichten senden dürfen</translation>
    </message>
    <message>
        <source>%1 allowed everyone to send</source>
        <translation>%1 hat allen erlaubt, Nachrichten zu senden</translation>
    </message>
    <message>
        <source>%1 is now an admin</source>
        <translation>%1 ist jetzt Admin</translation>
    </message>
    <message>
        <source>%1 made %2 an admin</source>
        <translation>%1 hat %2 zum Admin gemacht</translation>
    </message>
    <message>
        <source>%1 is no longer an admin</source>
        <translation>%1 ist kein Admin mehr</translation>
    </message>
    <message>
        <source>The group changed</source>
        <translation>Die Gruppe wurde geändert</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt…</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben…</translation>
    </message>
    <message numerus="yes">
        <source>%n people are typing…</source>
        <translation>
            <numerusform>%n Person schreibt…</numerusform>
            <numerusform>%n Personen schreiben…</numerusform>
        </translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>You are no longer in this conversation</source>
        <translation>Du bist nicht mehr Mitglied dieses Chats</translation>
    </message>
</context>
<context>
    <name>parley::client::Connection</name>
    <message>
        <source>not connected</source>
        <translation>nicht verbunden</translation>
    </message>
</context>
<context>
    <name>parley::client::ConversationListModel</name>
    <message>
        <source>You: %1</source>
        <translation>Du: %1</translation>
    </message>
    <message>
        <source>No messages yet</source>
        <translation>Noch keine Nachrichten</translation>
    </message>
    <message>
        <source>Say hello</source>
        <translation>Sag Hallo</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>parley::client::MemberListModel</name>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (du)</translation>
    </message>
    <message>
        <source>%1 — admin</source>
        <translation>%1 — Admin</translation>
    </message>
</context>
<context>
    <name>parley::client::MessageListModel</name>
    <message>
        <source>Waiting to be sent</source>
        <translation>Wartet auf Versand</translation>
    </message>
    <message>
        <source>Not sent: %1</source>
        <translation>Nicht gesendet: %1</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::AppController</name>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
    <message>
        <source>Cannot open the local cache: %1</source>
        <translation>Der lokale Cache kann nicht geöffnet werden: %1</translation>
    </message>
    <message>
        <source>Your session has ended (it was revoked or the account was disabled). Sign in again.</source>
        <translation>Deine Sitzung wurde beendet (sie wurde widerrufen oder das Konto wurde deaktiviert). Bitte melde dich erneut an.</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::ChatView</name>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>Name des Chats</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Group info</source>
        <translation>Gruppeninfo</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <source>Could not load older messages: %1</source>
        <translation>Ältere Nachrichten konnten nicht geladen werden: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n Mitglied</numerusform>
            <numerusform>%n Mitglieder</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Verwerfen</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Nachricht:</translation>
    </message>
    <message>
        <source>Could not edit the message: %1</source>
        <translation>Die Nachricht konnte nicht bearbeitet werden: %1</translation>
    </message>
    <message>
        <source>Delete for me</source>
        <translation>Für mich löschen</translation>
    </message>
    <message>
        <source>Could not delete the message: %1</source>
        <translation>Die Nachricht konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <source>Delete for everyone</source>
        <translation>Für alle löschen</translation>
    </message>
    <message>
        <source>Delete this message for everyone in the conversation?</source>
        <translation>Diese Nachricht für alle im Chat löschen?</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::ComposerEdit</name>
    <message>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::GroupInfoPanel</name>
    <message>
        <source>Only admins can send messages</source>
        <translation>Nur Admins dürfen Nachrichten senden</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Add members…</source>
        <translation>Mitglieder hinzufügen…</translation>
    </message>
    <message>
        <source>Leave group</source>
        <translation>Gruppe verlassen</translation>
    </message>
    <message>
        <source>Group info</source>
        <translation>Gruppeninfo</translation>
    </message>
    <message>
        <source>Group title</source>
        <translation>Gruppenname</translation>
    </message>
    <message>
        <source>Group description</source>
        <translation>Gruppenbeschreibung</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close group info</source>
        <translation>Gruppeninfo schließen</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>Beschreibung:</translation>
    </message>
    <message>
        <source>Could not change the group: %1</source>
        <translation>Die Gruppe konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Remove admin rights</source>
        <translation>Adminrechte entziehen</translation>
    </message>
    <message>
        <source>Make admin</source>
        <translation>Zum Admin machen</translation>
    </message>
    <message>
        <source>Could not change the role: %1</source>
        <translation>Die Rolle konnte nicht geändert werden: %1</translation>
    </message>
    <message>
        <source>Remove from group</source>
        <translation>Aus der Gruppe entfernen</translation>
    </message>
    <message>
        <source>Could not remove the member: %1</source>
        <translation>Das Mitglied konnte nicht entfernt werden: %1</translation>
    </message>
    <message>
        <source>Could not add members: %1</source>
        <translation>Die Mitglieder konnten nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Leave this group? You will no longer get its messages.</source>
        <translation>Gruppe verlassen? Du erhältst dann keine Nachrichten mehr aus dieser Gruppe.</translation>
    </message>
    <message>
        <source>Could not leave the group: %1</source>
        <translation>Die Gruppe konnte nicht verlassen werden: %1</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::MainWindow</name>
    <message>
        <source>Choose a conversation, or start a new one with Ctrl+N.</source>
        <translation>Wähle einen Chat aus oder starte mit Strg+N einen neuen.</translation>
    </message>
    <message>
        <source>Parley</source>
        <translation>Parley</translation>
    </message>
    <message>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Chats durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <source>Filter conversations</source>
        <translation>Chats filtern</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Chats</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>Neue Gruppe</translation>
    </message>
    <message>
        <source>Connection state</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>&amp;Parley</source>
        <translation>&amp;Parley</translation>
    </message>
    <message>
        <source>&amp;New chat…</source>
        <translation>&amp;Neuer Chat…</translation>
    </message>
    <message>
        <source>New &amp;group…</source>
        <translation>Neue &amp;Gruppe…</translation>
    </message>
    <message>
        <source>&amp;Log out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Parley</source>
        <translation>Ü&amp;ber Parley</translation>
    </message>
    <message>
        <source>About Parley</source>
        <translation>Über Parley</translation>
    </message>
    <message>
        <source>Parley %1
A fast, reliable messenger.</source>
        <translation>Parley %1
Ein schneller, zuverlässiger Messenger.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbindung wird hergestellt…</translation>
    </message>
    <message>
        <source>Offline — messages will be sent when you&apos;re back online</source>
        <translation>Offline — Nachrichten werden gesendet, sobald du wieder online bist</translation>
    </message>
    <message>
        <source>(%1) Parley</source>
        <translation>(%1) Parley</translation>
    </message>
    <message numerus="yes">
        <source>Parley — %n unread message(s)</source>
        <translation>
            <numerusform>Parley — %n ungelesene Nachricht</numerusform>
            <numerusform>Parley — %n ungelesene Nachrichten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>Could not start the chat: %1</source>
        <translation>Der Chat konnte nicht gestartet werden: %1</translation>
    </message>
    <message>
        <source>Could not create the group: %1</source>
        <translation>Die Gruppe konnte nicht erstellt werden: %1</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::SignInDialog</name>
    <message>
        <source>Create a new account</source>
        <translation>Neues Konto erstellen</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Sign in to Parley</source>
        <translation>Bei Parley anmelden</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>Sign-in error</source>
        <translation>Anmeldefehler</translation>
    </message>
    <message>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>A&amp;nzeigename:</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Wird verbunden…</translation>
    </message>
    <message>
        <source>This account is disabled.</source>
        <translation>Dieses Konto ist deaktiviert.</translation>
    </message>
    <message>
        <source>Wrong username or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <source>That username is taken. Choose another one.</source>
        <translation>Dieser Benutzername ist bereits vergeben. Wähle einen anderen.</translation>
    </message>
    <message numerus="yes">
        <source>Too many attempts. Try again in %n second(s).</source>
        <translation>
            <numerusform>Zu viele Versuche. Versuche es in %n Sekunde erneut.</numerusform>
            <numerusform>Zu viele Versuche. Versuche es in %n Sekunden erneut.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot create the account: %1.</source>
        <translation>Das Konto kann nicht erstellt werden: %1.</translation>
    </message>
    <message>
        <source>Cannot log in: %1.</source>
        <translation>Anmeldung nicht möglich: %1.</translation>
    </message>
    <message>
        <source>The server is busy. Try again in a moment.</source>
        <translation>Der Server ist ausgelastet. Versuche es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server reported an error: %1.</source>
        <translation>Der Server hat einen Fehler gemeldet: %1.</translation>
    </message>
    <message>
        <source>The server address must start with ws:// or wss://, e.g. ws://localhost:7600.</source>
        <translation>Die Serveradresse muss mit ws:// oder wss:// beginnen, z. B. ws://localhost:7600.</translation>
    </message>
    <message>
        <source>Enter your username and password.</source>
        <translation>Gib deinen Benutzernamen und dein Passwort ein.</translation>
    </message>
    <message>
        <source>Cannot reach the server at %1. Check the address and that parleyd is running.</source>
        <translation>Der Server unter %1 ist nicht erreichbar. Prüfe die Adresse und ob parleyd läuft.</translation>
    </message>
</context>
<context>
    <name>parley::client::ui::UserPickerDialog</name>
    <message>
        <source>New group</source>
        <translation>Neue Gruppe</translation>
    </message>
    <message>
        <source>Group title</source>
        <translation>Gruppenname</translation>
    </message>
    <message>
        <source>Group description</source>
        <translation>Gruppenbeschreibung</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>&amp;Beschreibung:</translation>
    </message>
    <message>
        <source>Create group</source>
        <translation>Gruppe erstellen</translation>
    </message>
    <message>
        <source>Add members</source>
        <translation>Mitglieder hinzufügen</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Start chat</source>
        <translation>Chat starten</translation>
    </message>
    <message>
        <source>Search people by name</source>
        <translation>Personen nach Namen suchen</translation>
    </message>
    <message>
        <source>Search people</source>
        <translation>Personen suchen</translation>
    </message>
    <message>
        <source>People found</source>
        <translation>Gefundene Personen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message numerus="yes">
        <source>%n selected</source>
        <translation>
            <numerusform>%n ausgewählt</numerusform>
            <numerusform>%n ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 (@%2)</source>
        <translation>%1 (@%2)</translation>
    </message>
    <message>
        <source>Nobody found</source>
        <translation>Niemand gefunden</translation>
    </message>
</context>
</TS>
