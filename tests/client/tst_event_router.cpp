// The client's event dispatch (client/core/connection/EventRouter): by the protocol's Event
// enum to handlers that get the parsed payload struct; unknown events and payloads that do
// not parse reach no handler.

#include <core/connection/EventRouter.h>

#include <protocol/ConversationPayloads.h>
#include <protocol/MessagePayloads.h>

#include <QTest>

using namespace parley;
using namespace parley::client;

namespace {

EventFrame frame(Event event, const QJsonObject &data)
{
    return EventFrame{eventName(event), data};
}

} // namespace

class tst_EventRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void routesByEventToTheTypedHandler();
    void dropsUnknownEventsAndBrokenPayloads();
};

void tst_EventRouter::routesByEventToTheTypedHandler()
{
    EventRouter router;
    QList<ReceiptEvent> receipts;
    QList<TypingEvent> typing;
    router.on<ReceiptEvent>(Event::Receipt, [&receipts](const ReceiptEvent &event) { receipts.append(event); });
    router.on<TypingEvent>(Event::Typing, [&typing](const TypingEvent &event) { typing.append(event); });

    const ReceiptEvent receipt{QStringLiteral("c1"), QStringLiteral("u2"), 7, 5};
    router.route(frame(Event::Receipt, receipt.toJson()));
    QCOMPARE(receipts.size(), 1);
    QCOMPARE(receipts.first().readSeq, 5);
    QVERIFY(typing.isEmpty());

    router.route(frame(Event::Typing, TypingEvent{QStringLiteral("c1"), QStringLiteral("u2"), true}.toJson()));
    QCOMPARE(typing.size(), 1);
    QVERIFY(typing.first().active);

    // An event without a handler is ignored.
    router.route(frame(Event::ConversationRemoved, ConversationRemovedEvent{QStringLiteral("c1")}.toJson()));
    QCOMPARE(receipts.size() + typing.size(), 2);
}

void tst_EventRouter::dropsUnknownEventsAndBrokenPayloads()
{
    EventRouter router;
    int calls = 0;
    router.on<ReceiptEvent>(Event::Receipt, [&calls](const ReceiptEvent &) { ++calls; });
    // A newer server's event.
    router.route(EventFrame{QStringLiteral("call.ringing"), {}});
    // A receipt that names no conversation.
    router.route(frame(Event::Receipt, {{QStringLiteral("user_id"), QStringLiteral("u2")}}));
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(tst_EventRouter)
#include "tst_event_router.moc"
