// The daemon's realtime seam in process: EventBus fan-out, attach/detach and the online and
// offline signals, token revocation, and Typing on top of it, with FakeRecipients for
// connections.

#include <FakeRecipient.h>

#include <Metrics.h>
#include <conversations/Typing.h>
#include <realtime/EventBus.h>

#include <QSignalSpy>
#include <QTest>

using namespace parley;
using namespace parley::server;
using parley::test::FakeRecipient;

class tst_event_bus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void publishReachesEverySessionOfTheUsersButTheCause()
    {
        Metrics metrics;
        EventBus bus(metrics);
        FakeRecipient alicePhone(1), aliceDesk(2), bob(3), carol(4);
        bus.attach(&alicePhone, QStringLiteral("alice"), QStringLiteral("t1"));
        bus.attach(&aliceDesk, QStringLiteral("alice"), QStringLiteral("t2"));
        bus.attach(&bob, QStringLiteral("bob"), QStringLiteral("t3"));
        bus.attach(&carol, QStringLiteral("carol"), QStringLiteral("t4"));

        bus.publish(Event::Receipt, QJsonObject{{QStringLiteral("read_seq"), 7}},
                    {QStringLiteral("alice"), QStringLiteral("bob")}, alicePhone.sessionId());
        QCOMPARE(alicePhone.events().size(), 0);
        QCOMPARE(aliceDesk.eventNames(), QStringList{QStringLiteral("receipt")});
        QCOMPARE(aliceDesk.events().first().data.value(QStringLiteral("read_seq")).toInt(), 7);
        QCOMPARE(bob.eventNames(), QStringList{QStringLiteral("receipt")});
        QCOMPARE(carol.events().size(), 0);
    }

    void publishEachAsksOnlyForUsersWithASession()
    {
        Metrics metrics;
        EventBus bus(metrics);
        FakeRecipient alice(1), bob(2);
        bus.attach(&alice, QStringLiteral("alice"), QStringLiteral("t1"));
        bus.attach(&bob, QStringLiteral("bob"), QStringLiteral("t2"));
        QStringList asked;
        bus.publishEach(
            Event::ConversationUpdated,
            [&asked](const QString &userId) {
                asked.append(userId);
                return encodeEvent(Event::ConversationUpdated, QJsonObject{{QStringLiteral("for"), userId}});
            },
            {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("offline-dave")});
        QCOMPARE(asked, (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QCOMPARE(alice.events().first().data.value(QStringLiteral("for")).toString(), QStringLiteral("alice"));
        QCOMPARE(bob.events().first().data.value(QStringLiteral("for")).toString(), QStringLiteral("bob"));
    }

    void firstAndLastSessionMakeAUserOnlineAndOffline()
    {
        Metrics metrics;
        EventBus bus(metrics);
        QSignalSpy online(&bus, &EventBus::userOnline);
        QSignalSpy offline(&bus, &EventBus::userOffline);
        FakeRecipient phone(1), desk(2);

        bus.attach(&phone, QStringLiteral("alice"), QStringLiteral("t1"));
        bus.attach(&desk, QStringLiteral("alice"), QStringLiteral("t2"));
        QCOMPARE(online.size(), 1);
        QVERIFY(bus.isOnline(QStringLiteral("alice")));
        // A new token for the same person (auth.login on a logged-in connection): still online.
        bus.attach(&phone, QStringLiteral("alice"), QStringLiteral("t3"));
        QCOMPARE(online.size(), 1);
        QCOMPARE(bus.sessions().authenticatedCount(), 2);

        bus.detach(&phone);
        QCOMPARE(offline.size(), 0);
        bus.detach(&desk);
        QCOMPARE(offline.size(), 1);
        QCOMPARE(offline.first().first().toString(), QStringLiteral("alice"));
        QVERIFY(!bus.isOnline(QStringLiteral("alice")));
        bus.detach(&desk); // detaching twice is harmless
        QCOMPARE(offline.size(), 1);
    }

    void reattachingAsSomeoneElseMovesTheSession()
    {
        Metrics metrics;
        EventBus bus(metrics);
        QSignalSpy offline(&bus, &EventBus::userOffline);
        FakeRecipient session(1);
        bus.attach(&session, QStringLiteral("alice"), QStringLiteral("t1"));
        bus.attach(&session, QStringLiteral("bob"), QStringLiteral("t2"));
        QCOMPARE(offline.size(), 1);
        QVERIFY(!bus.isOnline(QStringLiteral("alice")));
        QVERIFY(bus.isOnline(QStringLiteral("bob")));
        QCOMPARE(bus.sessions().forToken(QStringLiteral("t1")).size(), 0);
    }

    void revokingATokenTellsEveryRecipientOfIt()
    {
        Metrics metrics;
        EventBus bus(metrics);
        FakeRecipient a(1), b(2), other(3);
        bus.attach(&a, QStringLiteral("alice"), QStringLiteral("shared"));
        bus.attach(&b, QStringLiteral("alice"), QStringLiteral("shared"));
        bus.attach(&other, QStringLiteral("alice"), QStringLiteral("own"));
        bus.revokeToken(QStringLiteral("shared"));
        QCOMPARE(a.revocations(), 1);
        QCOMPARE(b.revocations(), 1);
        QCOMPARE(other.revocations(), 0);
    }

    void typingGoesToTheOtherMembersAndEndsWhenTheTypistLeaves()
    {
        Metrics metrics;
        EventBus bus(metrics);
        Typing typing(bus);
        FakeRecipient alice(1), bob(2);
        bus.attach(&alice, QStringLiteral("alice"), QStringLiteral("t1"));
        bus.attach(&bob, QStringLiteral("bob"), QStringLiteral("t2"));
        const QStringList members{QStringLiteral("alice"), QStringLiteral("bob")};

        typing.update(QStringLiteral("c1"), QStringLiteral("alice"), true, members);
        QCOMPARE(alice.events().size(), 0);
        QCOMPARE(bob.eventNames(), QStringList{QStringLiteral("typing")});
        const QJsonObject started = bob.events().last().data;
        QCOMPARE(started.value(QStringLiteral("conversation_id")).toString(), QStringLiteral("c1"));
        QCOMPARE(started.value(QStringLiteral("user_id")).toString(), QStringLiteral("alice"));
        QCOMPARE(started.value(QStringLiteral("active")).toBool(), true);

        bus.detach(&alice); // alice's last session: her typing ends for everyone
        QCOMPARE(bob.events().size(), 2);
        QCOMPARE(bob.events().last().data.value(QStringLiteral("active")).toBool(), false);
        // Stopping what already stopped announces nothing.
        typing.update(QStringLiteral("c1"), QStringLiteral("alice"), false, members);
        QCOMPARE(bob.events().size(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_event_bus)
#include "tst_event_bus.moc"
