// Fills a running parleyd with a small demo: three users, two direct conversations and a
// group, and writes Alice's signed-in profile for the app. Used by the screenshot script.
//
//   parley-seed --server ws://127.0.0.1:7611 --profile DIR [--linger SECONDS]
//
// With --linger, Bob stays online and keeps typing to Alice for that long.

#include <core/account/Profile.h>
#include <core/account/TokenStore.h>
#include <core/connection/Api.h>
#include <net/ProtocolClient.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QCoroTask>
#include <QCoroTimer>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace parley;
using namespace parley::client;

namespace {

struct Person
{
    std::unique_ptr<net::ProtocolClient> client;
    std::unique_ptr<Api> api;
    User user;
    QString token;
};

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "parley-seed: %s\n", qPrintable(what));
    std::exit(1);
}

QCoro::Task<Person> signUp(QUrl server, QString username, QString displayName)
{
    Person person;
    person.client = std::make_unique<net::ProtocolClient>();
    auto opening = person.client->open(server);
    if (!co_await opening)
        fail(QStringLiteral("cannot reach %1").arg(server.toString()));
    net::ProtocolClient *raw = person.client.get();
    person.api =
        std::make_unique<Api>([raw](const QString &op, const QJsonObject &data) { return raw->request(op, data); });
    const QString password = QStringLiteral("demo password");
    auto registering = person.api->registerAccount(username, password, displayName);
    auto reply = co_await registering;
    if (!reply && reply.error().code == ErrorCode::Conflict) {
        auto login = person.api->login(username, password, QStringLiteral("seed"));
        reply = co_await login;
    }
    if (!reply)
        fail(QStringLiteral("cannot sign up %1: %2").arg(username, reply.error().message));
    person.user = reply->user;
    person.token = reply->token;
    co_return person;
}

QCoro::Task<QString> say(Person &from, QString conversationId, QString text)
{
    static int counter = 0;
    auto sending =
        from.api->send(conversationId, QStringLiteral("seed-%1-%2").arg(from.user.username).arg(++counter), text);
    auto sent = co_await sending;
    if (!sent)
        fail(QStringLiteral("send failed: %1").arg(sent.error().message));
    co_return sent->id;
}

QCoro::Task<int> run(QUrl server, QString profileDir, int lingerSeconds)
{
    auto a = signUp(server, QStringLiteral("alice"), QStringLiteral("Alice Moreau"));
    Person alice = co_await a;
    auto b = signUp(server, QStringLiteral("bob"), QStringLiteral("Bob Chen"));
    Person bob = co_await b;
    auto c = signUp(server, QStringLiteral("carol"), QStringLiteral("Carol Díaz"));
    Person carol = co_await c;

    auto directBob = alice.api->directConversation(bob.user.id);
    const auto withBob = co_await directBob;
    if (!withBob)
        fail(withBob.error().message);
    const QString bobChat = withBob->id;

    auto group = alice.api->createGroup(QStringLiteral("Book club"), {bob.user.id, carol.user.id},
                                        QStringLiteral("One book a month"));
    const auto bookClub = co_await group;
    if (!bookClub)
        fail(bookClub.error().message);

    auto s1 = say(carol, bookClub->id, QStringLiteral("Shall we read “The Left Hand of Darkness” next?"));
    co_await s1;
    auto s2 = say(bob, bookClub->id, QStringLiteral("Yes! I have a copy to lend."));
    co_await s2;
    auto s3 = say(alice, bookClub->id, QStringLiteral("Perfect, first Friday of the month then."));
    co_await s3;

    auto m1 = say(bob, bobChat, QStringLiteral("Hi Alice! Are we still on for dinner on Friday?"));
    co_await m1;
    auto m2 = say(alice, bobChat, QStringLiteral("Yes, 7 pm at the usual place."));
    co_await m2;
    auto m3 = say(alice, bobChat, QStringLiteral("Shall I book a table?\nThey fill up fast on Fridays."));
    const QString lastToBob = co_await m3;
    auto read = bob.api->markRead(bobChat, 3);
    co_await read;
    auto m4 = say(bob, bobChat, QStringLiteral("Please do 👍 <b>Tags</b> stay plain text."));
    co_await m4;
    auto m5 = say(alice, bobChat, QStringLiteral("Booked!"));
    co_await m5;
    auto delivered = bob.api->markDelivered(bobChat, 5);
    co_await delivered;

    auto directCarol = carol.api->directConversation(alice.user.id);
    const auto withCarol = co_await directCarol;
    if (!withCarol)
        fail(withCarol.error().message);
    auto c1 = say(carol, withCarol->id, QStringLiteral("Did you get the photos from the trip?"));
    co_await c1;

    // Alice's profile, signed in, as the app would have written it.
    qputenv("PARLEY_NO_KEYCHAIN", "1");
    Profile profile(profileDir);
    profile.saveSession({server, alice.user.id, alice.user.username});
    profile.settings().setValue(QStringLiteral("ui/last_conversation"), bobChat);
    profile.settings().sync();
    TokenStore tokens(profile.tokenFilePath());
    auto writing = tokens.write(server.toString() + QLatin1Char('#') + alice.user.id, alice.token);
    if (!co_await writing)
        fail(QStringLiteral("cannot write the token file"));
    std::printf("seeded: alice, bob, carol; Alice's profile in %s\n", qPrintable(profile.directory()));
    std::fflush(stdout);

    for (int elapsed = 0; elapsed < lingerSeconds; elapsed += 3) {
        auto typing = bob.api->typing(bobChat, true);
        co_await typing;
        QTimer timer;
        timer.start(3000);
        co_await timer;
    }
    co_return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Seeds a parleyd with a demo conversation for screenshots."));
    parser.addHelpOption();
    const QCommandLineOption serverOption(QStringLiteral("server"), QStringLiteral("parleyd URL"),
                                          QStringLiteral("URL"));
    const QCommandLineOption profileOption(QStringLiteral("profile"), QStringLiteral("Alice's app profile"),
                                           QStringLiteral("DIR"));
    const QCommandLineOption lingerOption(QStringLiteral("linger"), QStringLiteral("keep Bob typing for N seconds"),
                                          QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({serverOption, profileOption, lingerOption});
    parser.process(app);
    if (!parser.isSet(serverOption) || !parser.isSet(profileOption)) {
        std::fprintf(stderr, "parley-seed: --server and --profile are required\n");
        return 2;
    }
    int exitCode = 1;
    auto task = [&]() -> QCoro::Task<void> {
        auto running =
            run(QUrl(parser.value(serverOption)), parser.value(profileOption), parser.value(lingerOption).toInt());
        exitCode = co_await running;
        QCoreApplication::quit();
    };
    QTimer::singleShot(0, &app, [&] {
        auto started = task();
        Q_UNUSED(started);
    });
    app.exec();
    return exitCode;
}
