#include "admin/DatabaseCopy.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>

namespace parley::server {
namespace {

// Parents before children, so foreign keys hold at every insert.
const QStringList kTables{QStringLiteral("users"),    QStringLiteral("conversations"),
                          QStringLiteral("sessions"), QStringLiteral("members"),
                          QStringLiteral("messages"), QStringLiteral("hidden_messages")};

Status<QString> copyTable(QSqlDatabase &from, QSqlDatabase &to, const QString &table)
{
    QSqlQuery rows(from);
    rows.setForwardOnly(true);
    if (!rows.exec(QStringLiteral("SELECT * FROM %1").arg(table)))
        return QStringLiteral("reading %1 failed: %2").arg(table, rows.lastError().text());
    const QSqlRecord record = rows.record();
    QStringList columns;
    QStringList placeholders;
    for (int i = 0; i < record.count(); ++i) {
        columns.append(record.fieldName(i));
        placeholders.append(QStringLiteral("?"));
    }
    QSqlQuery insert(to);
    if (!insert.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                            .arg(table, columns.join(QLatin1Char(',')), placeholders.join(QLatin1Char(',')))))
        return QStringLiteral("writing %1 failed: %2").arg(table, insert.lastError().text());
    while (rows.next()) {
        for (int i = 0; i < record.count(); ++i) {
            QVariant value = rows.value(i);
            // Text keeps being text even when empty (a null QString would bind as NULL).
            if (value.typeId() == QMetaType::QString && !value.isNull() && value.toString().isNull())
                value = QStringLiteral("");
            insert.bindValue(i, value);
        }
        if (!insert.exec())
            return QStringLiteral("writing %1 failed: %2").arg(table, insert.lastError().text());
    }
    return kSuccess;
}

} // namespace

Result<TableCounts, QString> countRows(QSqlDatabase &db)
{
    TableCounts counts;
    for (const QString &table : kTables) {
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !query.next())
            return QStringLiteral("counting %1 failed: %2").arg(table, query.lastError().text());
        counts.append({table, query.value(0).toLongLong()});
    }
    return counts;
}

Result<TableCounts, QString> copyDatabase(QSqlDatabase &from, QSqlDatabase &to, bool replace)
{
    if (!from.transaction())
        return QStringLiteral("cannot start reading: %1").arg(from.lastError().text());
    if (from.driverName() == QLatin1StringView("QPSQL")) {
        QSqlQuery snapshot(from);
        snapshot.exec(QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    }
    auto sourceCounts = countRows(from); // also fixes the snapshot the copy reads
    if (!sourceCounts) {
        from.rollback();
        return sourceCounts;
    }
    if (!to.transaction()) {
        from.rollback();
        return QStringLiteral("cannot start writing: %1").arg(to.lastError().text());
    }
    auto fail = [&](const QString &error) -> Result<TableCounts, QString> {
        to.rollback();
        from.rollback();
        return error;
    };
    auto targetCounts = countRows(to);
    if (!targetCounts)
        return fail(targetCounts.error());
    bool empty = true;
    for (const auto &[table, rows] : targetCounts.value())
        empty = empty && rows == 0;
    if (!empty && !replace)
        return fail(QStringLiteral("the target database is not empty"));
    for (auto it = kTables.crbegin(); replace && it != kTables.crend(); ++it) {
        QSqlQuery wipe(to);
        if (!wipe.exec(QStringLiteral("DELETE FROM %1").arg(*it)))
            return fail(QStringLiteral("clearing %1 failed: %2").arg(*it, wipe.lastError().text()));
    }
    for (const QString &table : kTables) {
        if (auto copied = copyTable(from, to, table); !copied)
            return fail(copied.error());
    }
    auto copiedCounts = countRows(to);
    if (!copiedCounts)
        return fail(copiedCounts.error());
    if (copiedCounts.value() != sourceCounts.value())
        return fail(QStringLiteral("row counts differ after the copy; nothing was written"));
    if (!to.commit())
        return fail(QStringLiteral("commit failed: %1").arg(to.lastError().text()));
    from.rollback();
    return copiedCounts;
}

} // namespace parley::server
