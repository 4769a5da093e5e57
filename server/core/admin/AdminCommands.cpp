#include "admin/AdminCommands.h"

#include "Secrets.h"
#include "admin/DatabaseCopy.h"
#include "auth/AccountStore.h"
#include "auth/PasswordHasher.h"
#include "daemon/TlsConfiguration.h"
#include "storage/Schema.h"
#include "storage/Sql.h"

#include <protocol/AuthPayloads.h>
#include <protocol/Timestamp.h>
#include <storage/MigrationRunner.h>
#include <storage/ThreadConnection.h>

#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlQuery>

namespace parley::server {
namespace {

AdminResult ok(const QString &output)
{
    return AdminResult{0, output, {}};
}

AdminResult failed(const QString &error)
{
    return AdminResult{1, {}, error};
}

AdminResult usage(const QString &error)
{
    return AdminResult{2, {}, error + QStringLiteral(" (see parleyctl --help)")};
}

QString time(const QVariant &msecs)
{
    return msecs.isNull() ? QStringLiteral("-") : formatTimestamp(msecs.toLongLong());
}

// A table with aligned columns, the first row being the header.
QString table(const QList<QStringList> &rows)
{
    QList<qsizetype> widths;
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i) {
            if (widths.size() <= i)
                widths.append(0);
            widths[i] = std::max(widths[i], row[i].size());
        }
    }
    QString text;
    for (const QStringList &row : rows) {
        QStringList cells;
        for (qsizetype i = 0; i < row.size(); ++i)
            cells.append(i + 1 == row.size() ? row[i] : row[i].leftJustified(widths[i]));
        text += cells.join(QStringLiteral("  ")) + QLatin1Char('\n');
    }
    return text;
}

class Admin
{
public:
    Admin(const ServerConfig &config, QSqlDatabase db, std::function<QString(const QString &)> readSecret)
        : m_config(config)
        , m_db(std::move(db))
        , m_readSecret(std::move(readSecret))
    {
    }

    AdminResult run(const QStringList &command)
    {
        const QString group = command.value(0);
        const QString action = command.value(1);
        const QStringList args = command.mid(2);
        if (group == QLatin1StringView("user")) {
            if (action == QLatin1StringView("add"))
                return userAdd(args);
            if (action == QLatin1StringView("passwd"))
                return userPasswd(args);
            if (action == QLatin1StringView("disable") || action == QLatin1StringView("enable"))
                return userSetDisabled(args, action == QLatin1StringView("disable"));
            if (action == QLatin1StringView("delete"))
                return userDelete(args);
            if (action == QLatin1StringView("list"))
                return userList(args);
            return usage(QStringLiteral("unknown command 'user %1'").arg(action));
        }
        if (group == QLatin1StringView("sessions")) {
            if (action == QLatin1StringView("list"))
                return sessionsList(args);
            if (action == QLatin1StringView("revoke"))
                return sessionsRevoke(args);
            return usage(QStringLiteral("unknown command 'sessions %1'").arg(action));
        }
        if (group == QLatin1StringView("stats"))
            return stats(command.mid(1));
        if (group == QLatin1StringView("backup"))
            return backup(command.mid(1));
        if (group == QLatin1StringView("restore"))
            return restore(command.mid(1));
        if (group == QLatin1StringView("migrate"))
            return migrateTo(command.mid(1));
        return usage(QStringLiteral("unknown command '%1'").arg(command.join(QLatin1Char(' '))));
    }

private:
    // One transaction around a command's writes: all of it happens, or none.
    template <typename Body>
    AdminResult inTransaction(Body body)
    {
        if (!m_db.transaction())
            return failed(QStringLiteral("cannot begin a transaction (is the database locked?)"));
        AdminResult result = body();
        if (result.exitCode == 0 && !m_db.commit())
            return failed(QStringLiteral("commit failed: the change was not saved"));
        if (result.exitCode != 0)
            m_db.rollback();
        return result;
    }

    std::optional<StoredAccount> account(const QString &username)
    {
        auto found = accounts::findByUsername(m_db, username.toLower());
        return found ? found.value() : std::nullopt;
    }

    QString askPassword(const QString &username, QString *error)
    {
        const QString password = m_readSecret(QStringLiteral("Password for %1: ").arg(username));
        const qsizetype bytes = password.toUtf8().size();
        if (bytes < rules::kPasswordMinBytes || bytes > rules::kPasswordMaxBytes) {
            *error = QStringLiteral("the password must be %1-%2 bytes")
                         .arg(rules::kPasswordMinBytes)
                         .arg(rules::kPasswordMaxBytes);
            return {};
        }
        const QString hash = argon2idHash(password, m_config.argon2);
        if (hash.isEmpty())
            *error = QStringLiteral("hashing the password failed (out of memory?)");
        return hash;
    }

    AdminResult userAdd(const QStringList &args)
    {
        if (args.size() != 1 && !(args.size() == 3 && args[1] == QLatin1StringView("--display-name")))
            return usage(QStringLiteral("usage: user add NAME [--display-name TEXT]"));
        const QString password = m_readSecret(QStringLiteral("Password for %1: ").arg(args[0]));
        QJsonObject data{{QStringLiteral("username"), args[0]}, {QStringLiteral("password"), password}};
        if (args.size() == 3)
            data.insert(QStringLiteral("display_name"), args[2]);
        auto request = RegisterRequest::fromJson(data); // the same rules as auth.register
        if (!request)
            return failed(QStringLiteral("%1: %2").arg(request.error().field, request.error().message));
        const QString hash = argon2idHash(request->password, m_config.argon2);
        if (hash.isEmpty())
            return failed(QStringLiteral("hashing the password failed (out of memory?)"));
        return inTransaction([&] {
            auto user = accounts::create(
                m_db, NewAccount{newObjectId(), request->username, request->displayName, hash, nowMsecs()});
            if (!user)
                return failed(user.error().kind == StorageError::Kind::Conflict
                                  ? QStringLiteral("the username %1 is taken").arg(request->username)
                                  : QStringLiteral("storage error"));
            return ok(QStringLiteral("added %1 (id %2)\n").arg(user->username, user->id));
        });
    }

    AdminResult userPasswd(const QStringList &args)
    {
        if (args.size() != 1)
            return usage(QStringLiteral("usage: user passwd NAME"));
        const auto found = account(args[0]);
        if (!found)
            return failed(QStringLiteral("no user %1").arg(args[0]));
        QString error;
        const QString hash = askPassword(found->user.username, &error);
        if (!error.isEmpty())
            return failed(error);
        return inTransaction([&] {
            if (!accounts::setPasswordHash(m_db, found->user.id, hash))
                return failed(QStringLiteral("storage error"));
            const auto revoked = revokeAll(found->user.id);
            if (!revoked)
                return failed(QStringLiteral("storage error"));
            return ok(QStringLiteral("password of %1 changed; %2 session(s) revoked\n")
                          .arg(found->user.username)
                          .arg(*revoked));
        });
    }

    AdminResult userSetDisabled(const QStringList &args, bool disabled)
    {
        if (args.size() != 1)
            return usage(disabled ? QStringLiteral("usage: user disable NAME")
                                  : QStringLiteral("usage: user enable NAME"));
        const auto found = account(args[0]);
        if (!found)
            return failed(QStringLiteral("no user %1").arg(args[0]));
        return inTransaction([&] {
            if (!sql::run(m_db, QStringLiteral("UPDATE users SET disabled = ? WHERE id = ?"),
                          {disabled ? 1 : 0, found->user.id}))
                return failed(QStringLiteral("storage error"));
            const auto revoked = disabled ? revokeAll(found->user.id) : std::optional<qint64>(0);
            if (!revoked)
                return failed(QStringLiteral("storage error"));
            return ok(
                disabled
                    ? QStringLiteral("disabled %1; %2 session(s) revoked\n").arg(found->user.username).arg(*revoked)
                    : QStringLiteral("enabled %1\n").arg(found->user.username));
        });
    }

    AdminResult userDelete(const QStringList &args)
    {
        if (args.size() != 1)
            return usage(QStringLiteral("usage: user delete NAME"));
        const auto found = account(args[0]);
        if (!found)
            return failed(QStringLiteral("no user %1").arg(args[0]));
        return inTransaction([&] {
            // Sessions and memberships go with the user (ON DELETE CASCADE); conversations
            // nobody is left in are purged, as when the last member leaves.
            const bool done =
                sql::run(m_db, QStringLiteral("DELETE FROM users WHERE id = ?"), {found->user.id}).ok() &&
                sql::run(m_db, QStringLiteral("DELETE FROM conversations WHERE NOT EXISTS (SELECT 1 FROM members m "
                                              "WHERE m.conversation_id = conversations.id)"))
                    .ok();
            if (!done)
                return failed(QStringLiteral("storage error"));
            return ok(QStringLiteral("deleted %1\n").arg(found->user.username));
        });
    }

    AdminResult userList(const QStringList &args)
    {
        if (!args.isEmpty())
            return usage(QStringLiteral("usage: user list"));
        auto query = sql::run(m_db, QStringLiteral("SELECT username, display_name, id, created_at, last_seen, disabled "
                                                   "FROM users ORDER BY username"));
        if (!query)
            return failed(QStringLiteral("storage error"));
        QList<QStringList> rows{{QStringLiteral("USERNAME"), QStringLiteral("DISPLAY NAME"), QStringLiteral("ID"),
                                 QStringLiteral("CREATED"), QStringLiteral("LAST SEEN"), QStringLiteral("STATE")}};
        while (query->next()) {
            rows.append({query->value(0).toString(), query->value(1).toString(), query->value(2).toString(),
                         time(query->value(3)), time(query->value(4)),
                         query->value(5).toLongLong() != 0 ? QStringLiteral("disabled") : QStringLiteral("active")});
        }
        return ok(table(rows));
    }

    AdminResult sessionsList(const QStringList &args)
    {
        if (args.size() > 1)
            return usage(QStringLiteral("usage: sessions list [NAME]"));
        QString statement = QStringLiteral("SELECT s.token_hash, u.username, s.device, s.created_at, s.last_used_at "
                                           "FROM sessions s JOIN users u ON u.id = s.user_id");
        QVariantList values;
        if (args.size() == 1) {
            statement += QStringLiteral(" WHERE u.username = ?");
            values.append(args[0].toLower());
        }
        auto query = sql::run(m_db, statement + QStringLiteral(" ORDER BY u.username, s.created_at"), values);
        if (!query)
            return failed(QStringLiteral("storage error"));
        QList<QStringList> rows{{QStringLiteral("SESSION"), QStringLiteral("USER"), QStringLiteral("DEVICE"),
                                 QStringLiteral("CREATED"), QStringLiteral("LAST USED")}};
        while (query->next()) {
            // The first 12 hex digits of the token's hash name a session; the token itself is never stored.
            rows.append({query->value(0).toString().left(12), query->value(1).toString(),
                         query->value(2).toString().isEmpty() ? QStringLiteral("-") : query->value(2).toString(),
                         time(query->value(3)), time(query->value(4))});
        }
        return ok(table(rows));
    }

    AdminResult sessionsRevoke(const QStringList &args)
    {
        if (args.size() != 1 && !(args.size() == 2 && args[0] == QLatin1StringView("--user")))
            return usage(QStringLiteral("usage: sessions revoke SESSION | sessions revoke --user NAME"));
        return inTransaction([&] {
            if (args.size() == 2) {
                const auto found = account(args[1]);
                if (!found)
                    return failed(QStringLiteral("no user %1").arg(args[1]));
                const auto revoked = revokeAll(found->user.id);
                if (!revoked)
                    return failed(QStringLiteral("storage error"));
                return ok(QStringLiteral("%1 session(s) revoked\n").arg(*revoked));
            }
            const QString prefix = args[0].toLower();
            static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{8,64}$"));
            if (!hex.match(prefix).hasMatch())
                return failed(QStringLiteral("a session is named by at least 8 hex digits, as sessions list shows"));
            const QString pattern = prefix + QLatin1Char('%');
            auto matches =
                sql::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM sessions WHERE token_hash LIKE ?"), {pattern});
            if (!matches)
                return failed(QStringLiteral("storage error"));
            if (matches.value() != 1) {
                return failed(matches.value() == 0
                                  ? QStringLiteral("no session %1").arg(prefix)
                                  : QStringLiteral("%1 names several sessions; give more digits").arg(prefix));
            }
            if (!sql::run(m_db, QStringLiteral("DELETE FROM sessions WHERE token_hash LIKE ?"), {pattern}))
                return failed(QStringLiteral("storage error"));
            return ok(QStringLiteral("session %1 revoked\n").arg(prefix));
        });
    }

    AdminResult stats(const QStringList &args)
    {
        if (!args.isEmpty())
            return usage(QStringLiteral("usage: stats"));
        QList<QStringList> rows;
        for (const auto &[label, statement] :
             {std::pair{QStringLiteral("users"), QStringLiteral("SELECT COUNT(*) FROM users")},
              std::pair{QStringLiteral("sessions"), QStringLiteral("SELECT COUNT(*) FROM sessions")},
              std::pair{QStringLiteral("conversations"), QStringLiteral("SELECT COUNT(*) FROM conversations")},
              std::pair{QStringLiteral("groups"),
                        QStringLiteral("SELECT COUNT(*) FROM conversations WHERE type = 'group'")},
              std::pair{QStringLiteral("messages"), QStringLiteral("SELECT COUNT(*) FROM messages")}}) {
            auto count = sql::scalar(m_db, statement, {});
            if (!count)
                return failed(QStringLiteral("storage error"));
            rows.append({label, QString::number(count.value())});
        }
        qint64 bytes = 0;
        if (m_config.databaseUrl.isEmpty()) {
            for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
                bytes += QFileInfo(m_config.sqlitePath() + suffix).size();
        } else {
            auto size = sql::scalar(m_db, QStringLiteral("SELECT pg_database_size(current_database())"), {});
            bytes = size ? size.value() : -1;
        }
        rows.append({QStringLiteral("database bytes"), QString::number(bytes)});
        return ok(table(rows));
    }

    AdminResult backup(const QStringList &args)
    {
        if (args.size() != 1)
            return usage(QStringLiteral("usage: backup FILE"));
        if (QFileInfo::exists(args[0]))
            return failed(QStringLiteral("%1 exists already; choose a new file").arg(args[0]));
        const auto target = storage::DatabaseConfig::sqlite(args[0]);
        return withDatabase(target, [&](QSqlDatabase &backupDb) {
            auto copied = copyDatabase(m_db, backupDb, false);
            if (!copied)
                return failed(QStringLiteral("backup failed: %1").arg(copied.error()));
            return ok(QStringLiteral("backed up to %1: %2\n").arg(args[0], describeCounts(copied.value())));
        });
    }

    AdminResult restore(const QStringList &args)
    {
        if (args.size() != 1)
            return usage(QStringLiteral("usage: restore FILE"));
        if (!QFileInfo(args[0]).isFile())
            return failed(QStringLiteral("no backup file %1").arg(args[0]));
        return withDatabase(storage::DatabaseConfig::sqlite(args[0]), [&](QSqlDatabase &backupDb) {
            auto copied = copyDatabase(backupDb, m_db, true);
            if (!copied)
                return failed(QStringLiteral("restore failed, nothing was changed: %1").arg(copied.error()));
            return ok(QStringLiteral("restored from %1: %2\n").arg(args[0], describeCounts(copied.value())));
        });
    }

    AdminResult migrateTo(const QStringList &args)
    {
        if (args.size() != 2 || args[0] != QLatin1StringView("--to"))
            return usage(QStringLiteral("usage: migrate --to postgresql://USER@HOST[:PORT]/DB"));
        auto target = storage::DatabaseConfig::fromUrl(args[1]);
        if (!target)
            return usage(target.error());
        return withDatabase(target.value(), [&](QSqlDatabase &targetDb) {
            auto copied = copyDatabase(m_db, targetDb, false);
            if (!copied)
                return failed(QStringLiteral("migration failed, the target is unchanged: %1").arg(copied.error()));
            return ok(QStringLiteral("copied to %1 and verified: %2\nrun parleyd with --database %3\n")
                          .arg(target->describe(), describeCounts(copied.value()), args[1]));
        });
    }

    // Opens (creating and migrating as needed) a second database for the length of `body`.
    template <typename Body>
    AdminResult withDatabase(const storage::DatabaseConfig &config, Body body)
    {
        AdminResult result;
        {
            auto db = storage::threadConnection(config);
            if (!db)
                return failed(db.error());
            auto migrated = storage::MigrationRunner(db.value(), storage::SqlDialect(config)).migrate(serverSchema());
            result = migrated ? body(db.value()) : failed(migrated.error());
        }
        sql::clearStatementCache();
        storage::closeThreadConnection(config);
        return result;
    }

    static QString describeCounts(const TableCounts &counts)
    {
        QStringList parts;
        for (const auto &[table, rows] : counts)
            parts.append(QStringLiteral("%1 %2").arg(rows).arg(table));
        return parts.join(QStringLiteral(", "));
    }

    // How many sessions were revoked; nullopt when storage failed (the caller rolls back).
    std::optional<qint64> revokeAll(const QString &userId)
    {
        auto deleted = sql::run(m_db, QStringLiteral("DELETE FROM sessions WHERE user_id = ?"), {userId});
        if (!deleted)
            return std::nullopt;
        return deleted->numRowsAffected();
    }

    const ServerConfig &m_config;
    QSqlDatabase m_db;
    std::function<QString(const QString &)> m_readSecret;
};

// Reports on what parleyd would need to start, changing nothing.
AdminResult check(const ServerConfig &config, const storage::DatabaseConfig &database)
{
    QStringList report{QStringLiteral("configuration: ok")};
    bool healthy = true;
    if (config.usesTls()) {
        auto tls = loadTlsConfiguration(config.tlsCertFile, config.tlsKeyFile);
        healthy = healthy && tls.ok();
        report.append(tls ? QStringLiteral("tls: ok, certificate for %1 valid until %2")
                                .arg(tls->localCertificate().subjectDisplayName(),
                                     tls->localCertificate().expiryDate().toString(Qt::ISODate))
                          : QStringLiteral("tls: %1").arg(tls.error()));
    } else {
        report.append(QStringLiteral("tls: not configured (ws:// only)"));
    }
    if (database.backend == storage::DatabaseConfig::Backend::Sqlite && !QFileInfo::exists(database.sqlitePath)) {
        report.append(QStringLiteral("database: %1 does not exist yet (parleyd creates it)").arg(database.sqlitePath));
    } else {
        {
            auto db = storage::threadConnection(database);
            if (!db) {
                healthy = false;
                report.append(QStringLiteral("database: %1").arg(db.error()));
            } else {
                report.append(QStringLiteral("database: reachable (%1)").arg(database.describe()));
                auto version = storage::MigrationRunner(db.value(), storage::SqlDialect(database)).currentVersion();
                const int latest = serverSchema().latestVersion();
                if (!version) {
                    healthy = false;
                    report.append(QStringLiteral("schema: %1").arg(version.error()));
                } else if (version.value() > latest) {
                    healthy = false;
                    report.append(QStringLiteral("schema: version %1 is newer than this program (%2)")
                                      .arg(version.value())
                                      .arg(latest));
                } else if (version.value() < latest) {
                    report.append(QStringLiteral("schema: version %1; parleyd will migrate it to %2")
                                      .arg(version.value())
                                      .arg(latest));
                } else {
                    report.append(QStringLiteral("schema: version %1 (current)").arg(version.value()));
                }
            }
        }
        sql::clearStatementCache();
        storage::closeThreadConnection(database);
    }
    AdminResult result{healthy ? 0 : 1, report.join(QLatin1Char('\n')) + QLatin1Char('\n'), {}};
    if (!healthy)
        result.error = QStringLiteral("check failed");
    return result;
}

} // namespace

QString adminCommandsHelp()
{
    return QStringLiteral(
        "Commands:\n"
        "  user add NAME [--display-name TEXT]   add an account (password from standard input)\n"
        "  user passwd NAME                      set a new password; revokes its sessions\n"
        "  user disable NAME | user enable NAME  block or unblock logins; disable revokes sessions\n"
        "  user delete NAME                      delete the account, its sessions and memberships\n"
        "  user list                             list accounts\n"
        "  sessions list [NAME]                  list sessions (login tokens), of one user or all\n"
        "  sessions revoke SESSION | --user NAME revoke one session or all of a user's\n"
        "  stats                                 counts of users, conversations, messages; size\n"
        "  backup FILE                           consistent copy into a new SQLite file, also while\n"
        "                                        parleyd runs\n"
        "  restore FILE                          replace all data with a backup (stop parleyd first)\n"
        "  migrate --to postgresql://...         copy everything into an empty PostgreSQL database\n"
        "                                        and verify the row counts\n"
        "  check                                 configuration, certificate, database, schema version\n");
}

AdminResult runAdminCommand(const ServerConfig &config, const QStringList &command,
                            const std::function<QString(const QString &prompt)> &readSecret)
{
    if (command.isEmpty())
        return usage(QStringLiteral("no command given"));
    if (command.contains(QStringLiteral("--help")) || command.contains(QStringLiteral("-h"))) {
        // `parleyctl user add --help`: the help lines of that command (or of its group).
        QStringList words = command;
        words.removeAll(QStringLiteral("--help"));
        words.removeAll(QStringLiteral("-h"));
        const QString prefix = QStringLiteral("  ") + words.join(QLatin1Char(' '));
        QStringList lines;
        for (const QString &line : adminCommandsHelp().split(QLatin1Char('\n'))) {
            if (line.startsWith(prefix) || (!lines.isEmpty() && line.startsWith(QStringLiteral("        "))))
                lines.append(line);
            else if (!lines.isEmpty() && !line.startsWith(prefix))
                break;
        }
        if (lines.isEmpty())
            return usage(QStringLiteral("unknown command '%1'").arg(words.join(QLatin1Char(' '))));
        return ok(QStringLiteral("Usage:\n") + lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    }
    auto database = config.database();
    if (!database)
        return usage(database.error());
    if (command.first() == QLatin1StringView("check"))
        return command.size() == 1 ? check(config, database.value()) : usage(QStringLiteral("usage: check"));
    if (database->backend == storage::DatabaseConfig::Backend::Sqlite && !QFileInfo::exists(database->sqlitePath))
        return failed(
            QStringLiteral("no database at %1 (give --data or --config as for parleyd)").arg(database->sqlitePath));
    AdminResult result;
    {
        auto db = storage::threadConnection(database.value());
        if (!db)
            return failed(db.error());
        storage::MigrationRunner runner(db.value(), storage::SqlDialect(database.value()));
        auto migrated = runner.migrate(serverSchema());
        if (!migrated) {
            sql::clearStatementCache();
            storage::closeThreadConnection(database.value());
            return failed(migrated.error());
        }
        result = Admin(config, db.value(), readSecret).run(command);
    }
    sql::clearStatementCache();
    storage::closeThreadConnection(database.value());
    return result;
}

} // namespace parley::server
