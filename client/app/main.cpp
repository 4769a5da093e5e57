#include <core/account/Profile.h>
#include <ui/AppController.h>
#include <ui/MainWindow.h>
#include <ui/paint/Palettes.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QCoroTask>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QStyle>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("parley"));
    QApplication::setApplicationDisplayName(QStringLiteral("Parley"));
    QApplication::setOrganizationName(QStringLiteral("Parley"));
    QApplication::setApplicationVersion(QStringLiteral(PARLEY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("org.parley.Parley"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/parley.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("parley"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Parley, a fast and reliable messenger."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption serverOption(
        QStringLiteral("server"), QApplication::translate("main", "Preselect the server URL in the sign-in dialog."),
        QStringLiteral("URL"));
    const QCommandLineOption profileOption(
        QStringLiteral("profile"),
        QApplication::translate("main", "Keep settings and caches in DIR (run several accounts side by side)."),
        QStringLiteral("DIR"));
    const QCommandLineOption colorSchemeOption(
        QStringLiteral("color-scheme"),
        QApplication::translate("main", "Colours: system (the desktop's palette, the default), light or dark."),
        QStringLiteral("SCHEME"), QStringLiteral("system"));
    parser.addOption(serverOption);
    parser.addOption(profileOption);
    parser.addOption(colorSchemeOption);
    parser.process(app);

    const QString scheme = parser.value(colorSchemeOption);
    if (scheme == QStringLiteral("dark") || scheme == QStringLiteral("light")) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(scheme == QStringLiteral("dark") ? parley::client::ui::darkPalette()
                                                                  : QApplication::style()->standardPalette());
    } else if (scheme != QStringLiteral("system")) {
        std::fprintf(stderr, "parley: --color-scheme must be system, light or dark\n");
        return 2;
    }

    QUrl server;
    if (parser.isSet(serverOption)) {
        server = QUrl(parser.value(serverOption), QUrl::StrictMode);
        if (!server.isValid() ||
            (server.scheme() != QStringLiteral("ws") && server.scheme() != QStringLiteral("wss"))) {
            std::fprintf(stderr, "parley: --server must be a ws:// or wss:// URL, e.g. ws://localhost:7600\n");
            return 2;
        }
    }
    parley::client::Profile profile(parser.isSet(profileOption) ? parser.value(profileOption)
                                                                : parley::client::Profile::defaultDirectory());
    if (!profile.isUsable()) {
        std::fprintf(stderr, "parley: cannot create the profile directory %s\n", qPrintable(profile.directory()));
        return 2;
    }

    parley::client::ui::AppController controller(profile, server);
    QObject::connect(&controller, &parley::client::ui::AppController::quitRequested, &app,
                     [](int code) { QApplication::exit(code); });
    app.setQuitOnLastWindowClosed(true);
    // Started from the event loop, so that quitting from the sign-in dialog ends app.exec().
    QTimer::singleShot(0, &controller, [&controller] {
        auto starting = controller.start();
        Q_UNUSED(starting);
    });
    return app.exec();
}
