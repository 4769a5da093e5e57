// The dependency rules of docs/ARCHITECTURE.md, read off the #include lines and the CMake link
// lines of the tree: a forbidden edge fails this test with the file and line that adds it.

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Violation
{
    QString where; ///< path relative to the tree, with the line
    QString rule;
};

struct Include
{
    QString path; ///< as written between the quotes or angle brackets
    int line = 0;
};

QList<Include> includesOf(const QString &file)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*#\\s*include\\s*[<\"]([^>\"]+)[>\"]"));
    QFile source(file);
    QList<Include> found;
    if (!source.open(QIODevice::ReadOnly | QIODevice::Text))
        return found;
    int line = 0;
    while (!source.atEnd()) {
        ++line;
        const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(source.readLine()));
        if (match.hasMatch())
            found.append({match.captured(1), line});
    }
    return found;
}

QStringList filesUnder(const QDir &root, const QString &folder, const QStringList &nameFilters)
{
    QStringList files;
    QDirIterator it(root.filePath(folder), nameFilters, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(root.relativeFilePath(it.next()));
    files.sort();
    return files;
}

const QStringList kSources{QStringLiteral("*.cpp"), QStringLiteral("*.h")};

// Widget headers (QtWidgets classes and the module header) have no place below the app's UI.
bool isWidgetsHeader(const QString &include)
{
    static const QRegularExpression widgets(QStringLiteral(
        "^(QtWidgets(/.*)?|QWidget|QApplication|QMainWindow|QDialog\\w*|QMessageBox|QLabel|QPushButton|"
        "QAbstractItemView|QListView|QTreeView|QStyledItemDelegate|QStyleOption\\w*|QLineEdit|QTextEdit|"
        "QPlainTextEdit|QLayout|QBoxLayout|QVBoxLayout|QHBoxLayout|QMenu|QAction|QSystemTrayIcon|QStyle)$"));
    return widgets.match(include).hasMatch();
}

/// Every forbidden edge in the tree at `rootPath`.
QList<Violation> checkTree(const QString &rootPath)
{
    const QDir root(rootPath);
    QList<Violation> violations;
    auto report = [&](const QString &file, int line, const QString &rule) {
        violations.append({QStringLiteral("%1:%2").arg(file).arg(line), rule});
    };

    // server/core: domains never include daemon/ (only daemon/ and admin/, the two front ends, do).
    for (const QString &file : filesUnder(root, QStringLiteral("server/core"), kSources)) {
        const QString inCore = file.mid(QStringLiteral("server/core/").size());
        const QString folder = inCore.contains(QLatin1Char('/')) ? inCore.section(QLatin1Char('/'), 0, 0) : QString();
        const bool frontEnd = folder == QLatin1StringView("daemon") || folder == QLatin1StringView("admin");
        for (const Include &include : includesOf(root.filePath(file))) {
            if (!frontEnd && include.path.startsWith(QLatin1StringView("daemon/")))
                report(file, include.line, QStringLiteral("a domain includes daemon/"));
        }
    }

    // Client and server never include each other's headers.
    for (const QString &file : filesUnder(root, QStringLiteral("client"), kSources)) {
        for (const Include &include : includesOf(root.filePath(file))) {
            if (QFileInfo::exists(root.filePath(QStringLiteral("server/core/") + include.path)) ||
                include.path.startsWith(QLatin1StringView("server/")))
                report(file, include.line, QStringLiteral("the client includes a server header"));
        }
    }
    for (const QString &file : filesUnder(root, QStringLiteral("server"), kSources)) {
        for (const Include &include : includesOf(root.filePath(file))) {
            if (QFileInfo::exists(root.filePath(QStringLiteral("client/") + include.path)) ||
                include.path.startsWith(QLatin1StringView("client/")))
                report(file, include.line, QStringLiteral("the server includes a client header"));
        }
    }

    // Nothing but the app's UI knows about widgets.
    for (const QString &folder : {QStringLiteral("client/core"), QStringLiteral("server"), QStringLiteral("common")}) {
        for (const QString &file : filesUnder(root, folder, kSources)) {
            for (const Include &include : includesOf(root.filePath(file))) {
                if (isWidgetsHeader(include.path) || include.path.startsWith(QLatin1StringView("ui/")))
                    report(file, include.line, QStringLiteral("%1 includes widgets or the UI").arg(folder));
            }
        }
    }

    // The protocol is plain values: no transport, no storage.
    static const QRegularExpression transportOrStorage(
        QStringLiteral("^(net/|storage/|QtNetwork|QtSql|QtWebSockets|QSql\\w*|QWebSocket\\w*|QTcp\\w*|QNetwork\\w*)"));
    for (const QString &file : filesUnder(root, QStringLiteral("common/protocol"), kSources)) {
        for (const Include &include : includesOf(root.filePath(file))) {
            if (transportOrStorage.match(include.path).hasMatch())
                report(file, include.line, QStringLiteral("the protocol includes net or storage"));
        }
    }
    // The transport does not know storage.
    for (const QString &file : filesUnder(root, QStringLiteral("common/net"), kSources)) {
        for (const Include &include : includesOf(root.filePath(file))) {
            if (include.path.startsWith(QLatin1StringView("storage/")))
                report(file, include.line, QStringLiteral("the transport includes storage"));
        }
    }

    // The same edges as libraries: who links whom.
    struct LinkRule
    {
        QString folder;
        QRegularExpression forbidden;
        QString rule;
    };
    const QList<LinkRule> linkRules{
        {QStringLiteral("client"), QRegularExpression(QStringLiteral("\\bparley_server\\b")),
         QStringLiteral("the client links the server")},
        {QStringLiteral("server"), QRegularExpression(QStringLiteral("\\bparley_client_\\w+")),
         QStringLiteral("the server links the client")},
        {QStringLiteral("server"), QRegularExpression(QStringLiteral("Qt6::Widgets")),
         QStringLiteral("the server links widgets")},
        {QStringLiteral("client/core"), QRegularExpression(QStringLiteral("Qt6::Widgets|\\bparley_client_ui\\b")),
         QStringLiteral("client core links widgets")},
        {QStringLiteral("common/protocol"),
         QRegularExpression(QStringLiteral("Qt6::(Network|Sql|WebSockets|Widgets|Gui)|\\bparley_(net|storage)\\b")),
         QStringLiteral("the protocol links more than Qt Core")},
    };
    for (const LinkRule &rule : linkRules) {
        for (const QString &file : filesUnder(root, rule.folder, {QStringLiteral("CMakeLists.txt")})) {
            QFile lists(root.filePath(file));
            if (!lists.open(QIODevice::ReadOnly | QIODevice::Text))
                continue;
            int line = 0;
            while (!lists.atEnd()) {
                ++line;
                const QString text = QString::fromUtf8(lists.readLine());
                if (!text.trimmed().startsWith(QLatin1Char('#')) && rule.forbidden.match(text).hasMatch())
                    report(file, line, rule.rule);
            }
        }
    }
    return violations;
}

void writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class tst_layout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theTreeKeepsTheRules()
    {
        const QString root = QStringLiteral(PARLEY_SOURCE_DIR);
        QVERIFY(QFileInfo::exists(root + QStringLiteral("/server/core/daemon/Daemon.h")));
        const QList<Violation> violations = checkTree(root);
        QStringList lines;
        for (const Violation &violation : violations)
            lines.append(violation.where + QStringLiteral(": ") + violation.rule);
        QVERIFY2(violations.isEmpty(), qPrintable(lines.join(QLatin1Char('\n'))));
    }

    // The checker itself: every rule catches the edge it forbids, and allowed edges pass.
    void everyForbiddenEdgeIsCaught_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("rule");
        QTest::newRow("domain -> daemon")
            << "server/core/messages/X.cpp" << QByteArray("#include \"daemon/Daemon.h\"\n")
            << "a domain includes daemon/";
        QTest::newRow("root -> daemon") << "server/core/Handler.h" << QByteArray("#include \"daemon/Daemon.h\"\n")
                                        << "a domain includes daemon/";
        QTest::newRow("client -> server") << "client/core/X.cpp" << QByteArray("#include \"daemon/Daemon.h\"\n")
                                          << "the client includes a server header";
        QTest::newRow("server -> client") << "server/core/daemon/X.cpp" << QByteArray("#include \"core/Api.h\"\n")
                                          << "the server includes a client header";
        QTest::newRow("core -> widgets") << "client/core/X.cpp" << QByteArray("#include <QWidget>\n")
                                         << "client/core includes widgets or the UI";
        QTest::newRow("protocol -> net") << "common/protocol/X.h" << QByteArray("#  include <net/Transport.h>\n")
                                         << "the protocol includes net or storage";
        QTest::newRow("protocol -> sql") << "common/protocol/X.h" << QByteArray("#include <QSqlQuery>\n")
                                         << "the protocol includes net or storage";
        QTest::newRow("net -> storage") << "common/net/X.cpp" << QByteArray("#include <storage/DatabaseConfig.h>\n")
                                        << "the transport includes storage";
        QTest::newRow("client links server")
            << "client/app/CMakeLists.txt" << QByteArray("target_link_libraries(parley PRIVATE parley_server)\n")
            << "the client links the server";
        QTest::newRow("protocol links sql") << "common/protocol/CMakeLists.txt"
                                            << QByteArray("target_link_libraries(parley_protocol PUBLIC Qt6::Sql)\n")
                                            << "the protocol links more than Qt Core";
    }
    void everyForbiddenEdgeIsCaught()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, rule);
        QTemporaryDir tree;
        QVERIFY(tree.isValid());
        writeFile(tree.filePath(QStringLiteral("server/core/daemon/Daemon.h")), "#pragma once\n");
        writeFile(tree.filePath(QStringLiteral("client/core/Api.h")), "#pragma once\n");
        QVERIFY(checkTree(tree.path()).isEmpty());
        writeFile(tree.filePath(file), content);
        const QList<Violation> violations = checkTree(tree.path());
        QCOMPARE(violations.size(), 1);
        QCOMPARE(violations.first().rule, rule);
        QCOMPARE(violations.first().where, file + QStringLiteral(":1"));
    }

    void allowedEdgesPass()
    {
        QTemporaryDir tree;
        QVERIFY(tree.isValid());
        writeFile(tree.filePath(QStringLiteral("server/core/daemon/Daemon.h")), "#pragma once\n");
        writeFile(tree.filePath(QStringLiteral("server/core/daemon/OpTable.cpp")),
                  "#include \"daemon/Daemon.h\"\n#include \"messages/MessageOps.h\"\n");
        writeFile(tree.filePath(QStringLiteral("server/core/admin/Commands.cpp")),
                  "#include \"daemon/ServerConfig.h\"\n");
        writeFile(tree.filePath(QStringLiteral("server/core/messages/MessageOps.cpp")),
                  "#include \"storage/Storage.h\"\n#include \"realtime/EventBus.h\"\n#include <QJsonObject>\n");
        writeFile(tree.filePath(QStringLiteral("client/ui/View.cpp")), "#include <QWidget>\n#include \"core/Api.h\"\n");
        writeFile(tree.filePath(QStringLiteral("common/net/Transport.h")), "#include <QWebSocket>\n");
        QVERIFY(checkTree(tree.path()).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_layout)
#include "tst_layout.moc"
