"""Fan-out of presentation state to the event streams of one server process.

Every server process (a gunicorn worker, on any machine) has one broadcaster,
created on the first stream. With PostgreSQL it holds one connection doing
`LISTEN` on the channel that `channels.announce()` notifies, and hands
each change to the streams of this process. When that connection drops it
reconnects with backoff, then re-reads the state of every deck someone here
follows, so a change announced while it was away is not lost. With SQLite
(one process) changes are handed over in memory instead.

Each process also announces how many followers it serves per deck on a second
channel, so the speaker's presenter view can show the total over all
processes and machines.

Per follower there is only a `Subscription`: a short deque of ready-made
event bytes and one future to wake its stream. No stream has a thread of its
own (presenter/stream_requests.py), and each process takes at most
LIVE_STREAMS_PER_WORKER of them, and LIVE_STREAMS_PER_SESSION from one
browser session; past that a stream is refused with a message
(`Broadcaster.refusal`). The pointer reaches the streams at most
LIVE_POINTER_PER_SECOND times a second per deck, however often its driver
posts it (`Broadcaster.pace_pointer`).
"""

import asyncio
import collections
import json
import logging
import os
import socket
import time

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import connections

from .channels import (
    FOLLOWERS_CHANNEL,
    HEARTBEAT_EVENT,
    STATE_CHANNEL,
    compact_json,
    control_event,
    followers_event,
    pointer_event,
    receive_in_process,
    state_event,
    stream_closed_event,
    uses_postgres,
)
from .models import PresentationState

logger = logging.getLogger(__name__)

LISTENER_APPLICATION_NAME = "talks live listener"

# A stream that falls this many events behind is closed; the browser then
# reconnects and starts again from the current state.
BACKLOG_LIMIT = 64
# How often each process repeats its follower counts, and when another
# process's counts are forgotten (it was stopped or killed).
COUNTS_REPEAT_SECONDS = 10
COUNTS_EXPIRE_SECONDS = 25
# How long a quiet listening connection may go unchecked.
LISTENER_CHECK_SECONDS = 15
RECONNECT_DELAYS = [0.1, 0.2, 0.5, 1, 2, 5]


class Role:
    FOLLOWER = "follower"
    PROJECTOR = "projector"
    PRESENTER = "presenter"
    # A phone or co-presenter driving the talk (presenter/remote.py).
    REMOTE = "remote"
    ALL = {FOLLOWER, PROJECTOR, PRESENTER, REMOTE}
    # Who is told who drives, and who sees the pointer.
    DRIVERS = {PRESENTER, REMOTE}
    AUDIENCE = {FOLLOWER, PROJECTOR}


def heartbeat_seconds():
    return max(1, settings.LIVE_HEARTBEAT_SECONDS)


# Marks a pointer event in a backlog: a newer one replaces it instead of queueing.
POINTER = "pointer"


class Reader:
    """Why a stream's reader may see the deck, which says what ends the stream."""

    OWNER = "owner"
    # A role link: revoking it or its expiry ends the stream.
    LINK = "link"
    # Anyone else, who sees it while it is public or unlisted: making it private ends the stream.
    VISITOR = "visitor"


# How long a refused stream is told to wait before trying again (Retry-After).
REFUSED_RETRY_SECONDS = 30


class StreamClosed(Exception):
    """The stream fell too far behind and must start again."""


class Subscription:
    """One open stream: what it has yet to send, and how it gets it out.

    At first events queue in `backlog` and wake the stream's task, which
    yields them to Django's response. Once the stream has sent its opening
    events it writes each event straight to its connection instead
    (`write_directly`): a move to 10,000 followers is then 10,000 writes,
    not 10,000 tasks woken, each passing its bytes through Django's response.
    """

    __slots__ = (
        "deck_id", "role", "backlog", "waiter", "overflowed", "heartbeat_slot", "link_id", "expires", "finished",
        "reader", "session_key", "send", "sent", "ended",
    )  # fmt: skip

    def __init__(self, deck_id, role, heartbeat_slot, link=None, reader=Reader.VISITOR, session_key=None):
        self.deck_id = deck_id
        self.role = role
        self.reader = reader
        self.session_key = session_key
        self.backlog = collections.deque()
        self.waiter = None
        self.overflowed = False
        self.heartbeat_slot = heartbeat_slot
        # A role link's stream: (link id, expiry as a Unix time); see presenter/links.py.
        self.link_id, self.expires = link if link is not None else (None, None)
        self.finished = False
        # Once writing directly: the connection's ASGI send, the last state sequence sent, and
        # the future the stream's task waits on until the stream is over.
        self.send = None
        self.sent = -1
        self.ended = None

    def finish(self, event):
        """Sends one last event, then ends the stream."""
        if not self.finished:
            self.finished = True
            if self.send is not None:
                self.write(event)
                self.end()
            else:
                self.backlog.append((None, event))
                self.wake()

    def put_pointer(self, event):
        """Only the newest pointer position matters: a slow stream skips the ones in between."""
        if self.send is None and self.backlog and self.backlog[-1][0] == POINTER:
            self.backlog[-1] = (POINTER, event)
        else:
            self.put(POINTER, event)

    def wake(self):
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(None)

    def put(self, sequence, event):
        if self.finished:
            return
        if self.send is not None:
            self.write_new(sequence, event)
        elif len(self.backlog) >= BACKLOG_LIMIT:
            self.overflowed = True
            self.wake()
        else:
            self.backlog.append((sequence, event))
            self.wake()

    async def get(self):
        """The next (sequence, event bytes); the sequence is None for other events."""
        while not self.backlog:
            if self.overflowed or self.finished:
                raise StreamClosed
            self.waiter = asyncio.get_running_loop().create_future()
            try:
                await self.waiter
            finally:
                self.waiter = None
        if self.overflowed:
            raise StreamClosed
        return self.backlog.popleft()

    # Writing straight to the connection

    async def write_directly(self, send, sent):
        """Sends what has queued up, then every later event as it comes; returns when the stream is over.

        `send` is the server's ASGI send for this connection (presenter/stream_requests.py);
        `sent` the sequence of the last state the stream has sent.
        """
        self.sent = sent
        self.send = send
        self.ended = asyncio.get_running_loop().create_future()
        while self.backlog and not self.overflowed:
            sequence, event = self.backlog.popleft()
            self.write_new(sequence, event)
        if self.finished or self.overflowed:
            self.end()
        await self.ended

    def write_new(self, sequence, event):
        if isinstance(sequence, int):
            # States at or below the last one sent are not sent again.
            if sequence <= self.sent:
                return
            self.sent = sequence
        self.write(event)

    def write(self, event):
        """Hands the event to the connection at once.

        The server's send only waits when the connection's buffer is full: a
        reader that far behind is let go (the browser reconnects and starts
        again from the current state), as a queue would let it go.
        """
        if self.overflowed:
            return
        sending = self.send({"type": "http.response.body", "body": event, "more_body": True})
        try:
            sending.send(None)
        except StopIteration:
            return
        except Exception:  # noqa: BLE001 - the connection is gone; the stream's task ends it
            pass
        else:
            sending.close()
        self.overflowed = True
        self.end()

    def end(self):
        if self.ended is not None and not self.ended.done():
            self.ended.set_result(None)


class PointerPace:
    __slots__ = ("last_sent", "waiting")

    def __init__(self):
        self.last_sent = float("-inf")
        # The newest position not yet sent, once one is waiting for its turn.
        self.waiting = None


class Broadcaster:
    """Streams of this process, by deck, and the follower counts they add up to."""

    def __init__(self, loop):
        self.loop = loop
        self.subscriptions = collections.defaultdict(set)
        self.process = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"
        # process -> (monotonic time of its last announcement, {deck id: count})
        self.counts = {}
        self.counts_changed = set()
        self.shown_totals = {}
        self.tasks = set()
        self.subscribed = 0
        self.open_streams = 0
        self.streams_per_session = collections.Counter()
        # deck id -> PointerPace
        self.pointer_paces = {}
        self.spawn(self.send_heartbeats_forever())

    # Streams

    async def ready(self):
        """Waits (briefly) until changes can be received; see PostgresBroadcaster."""

    def refusal(self, session_key=None):
        """Why one more stream may not open here (a sentence for the reader), or None if it may."""
        if self.open_streams >= settings.LIVE_STREAMS_PER_WORKER:
            return (
                "The server is following as many live connections as it can take. "
                "This page keeps up by asking for the slide every few seconds and connects again shortly."
            )
        if session_key is not None and self.streams_per_session[session_key] >= settings.LIVE_STREAMS_PER_SESSION:
            return (
                f"This browser already has {settings.LIVE_STREAMS_PER_SESSION} live pages open. "
                "Close one of them and this page connects again; until then it asks for the slide every few seconds."
            )
        return None

    def subscribe(self, deck_id, role, link=None, reader=Reader.VISITOR, session_key=None):
        self.subscribed += 1
        subscription = Subscription(deck_id, role, self.subscribed % heartbeat_seconds(), link, reader, session_key)
        self.subscriptions[deck_id].add(subscription)
        self.open_streams += 1
        if session_key is not None:
            self.streams_per_session[session_key] += 1
        if role == Role.FOLLOWER:
            self.counts_changed.add(deck_id)
        return subscription

    def unsubscribe(self, subscription):
        subscribers = self.subscriptions.get(subscription.deck_id)
        if subscribers is None or subscription not in subscribers:
            return
        subscribers.discard(subscription)
        self.open_streams -= 1
        if subscription.session_key is not None:
            self.streams_per_session[subscription.session_key] -= 1
            if not self.streams_per_session[subscription.session_key]:
                del self.streams_per_session[subscription.session_key]
        if not subscribers:
            del self.subscriptions[subscription.deck_id]
            self.pointer_paces.pop(subscription.deck_id, None)
        if subscription.role == Role.FOLLOWER:
            self.counts_changed.add(subscription.deck_id)

    def publish_state(self, message):
        subscribers = self.subscriptions.get(message["deck"])
        if not subscribers:
            return
        event = state_event(message)
        for subscription in subscribers:
            subscription.put(message["sequence"], event)

    def publish_payload(self, payload):
        try:
            message = json.loads(payload)
        except ValueError:
            logger.warning("Ignoring a state notification that is not JSON: %.100r", payload)
            return
        kind = message.get("kind")
        if kind is None:
            self.publish_state(message)
        elif kind == "control":
            self.publish_to_roles(message["deck"], Role.DRIVERS, control_event(message))
        elif kind == "pointer":
            self.pace_pointer(message["deck"], pointer_event(message))
        elif kind == "revoke":
            for subscription in self.subscriptions.get(message["deck"], ()):
                if subscription.link_id == message["link"]:
                    subscription.finish(stream_closed_event("revoked"))
        elif kind == "private":
            for subscription in self.subscriptions.get(message["deck"], ()):
                if subscription.reader == Reader.VISITOR:
                    subscription.finish(stream_closed_event("private"))

    def pace_pointer(self, deck_id, event):
        """Hands the pointer to the audience at most LIVE_POINTER_PER_SECOND times a second.

        A position that comes sooner waits for its turn, and a newer one
        replaces it: the last position (or hiding the pointer) always arrives,
        at most one interval late.
        """
        if deck_id not in self.subscriptions:
            return
        pace = self.pointer_paces.get(deck_id)
        if pace is None:
            pace = self.pointer_paces[deck_id] = PointerPace()
        if pace.waiting is not None:
            pace.waiting = event
            return
        wait = pace.last_sent + 1 / settings.LIVE_POINTER_PER_SECOND - self.loop.time()
        if wait <= 0:
            self.send_pointer(deck_id, pace, event)
        else:
            pace.waiting = event
            self.loop.call_later(wait, self.send_waiting_pointer, deck_id, pace)

    def send_waiting_pointer(self, deck_id, pace):
        event, pace.waiting = pace.waiting, None
        if event is not None:
            self.send_pointer(deck_id, pace, event)

    def send_pointer(self, deck_id, pace, event):
        pace.last_sent = self.loop.time()
        for subscription in self.subscriptions.get(deck_id, ()):
            if subscription.role in Role.AUDIENCE:
                subscription.put_pointer(event)

    def publish_to_roles(self, deck_id, roles, event):
        for subscription in self.subscriptions.get(deck_id, ()):
            if subscription.role in roles:
                subscription.put(None, event)

    def close_expired_links(self):
        now = time.time()
        for subscribers in self.subscriptions.values():
            for subscription in subscribers:
                if subscription.expires is not None and subscription.expires <= now:
                    subscription.finish(stream_closed_event("expired"))

    async def send_heartbeats_forever(self):
        """Gives every stream a heartbeat every LIVE_HEARTBEAT_SECONDS.

        Keeps routers from cutting idle streams and lets browsers notice a dead
        one. Each second a different slice of the streams gets theirs, so the
        work never comes all at once (and never delays a slide change much).
        """
        tick = 0
        while True:
            await asyncio.sleep(1)
            tick += 1
            slot = tick % heartbeat_seconds()
            self.close_expired_links()
            for subscribers in self.subscriptions.values():
                for subscription in subscribers:
                    if subscription.heartbeat_slot == slot:
                        subscription.put(None, HEARTBEAT_EVENT)

    async def resync(self):
        """Hands every followed deck's current state to its streams (they skip what they have)."""
        deck_ids = list(self.subscriptions)
        if not deck_ids:
            return
        messages = await read_database(PresentationState.current_messages, deck_ids)
        for message in messages.values():
            self.publish_state(message)

    # Follower counts

    def local_counts(self, deck_ids):
        return {
            deck_id: sum(1 for s in self.subscriptions.get(deck_id, ()) if s.role == Role.FOLLOWER)
            for deck_id in deck_ids
        }

    def total_followers(self, deck_id):
        now = time.monotonic()
        return sum(
            counts.get(deck_id, 0)
            for seen, counts in self.counts.values()
            if now - seen < COUNTS_EXPIRE_SECONDS
        )

    def record_counts(self, process, counts):
        previous = self.counts.get(process, (0, {}))[1]
        self.counts[process] = (time.monotonic(), counts)
        self.show_totals(set(counts) | set(previous))

    def forget_stale_counts(self):
        now = time.monotonic()
        for process, (seen, counts) in list(self.counts.items()):
            if now - seen >= COUNTS_EXPIRE_SECONDS:
                del self.counts[process]
                self.show_totals(set(counts))

    def show_totals(self, deck_ids):
        """Sends the speaker's streams a new follower total when it changed."""
        for deck_id in deck_ids:
            presenters = [s for s in self.subscriptions.get(deck_id, ()) if s.role == Role.PRESENTER]
            total = self.total_followers(deck_id)
            if not presenters:
                self.shown_totals.pop(deck_id, None)
                continue
            if self.shown_totals.get(deck_id) == total:
                continue
            self.shown_totals[deck_id] = total
            event = followers_event(total)
            for subscription in presenters:
                subscription.put(None, event)

    def spawn(self, coroutine):
        task = self.loop.create_task(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task


class LocalBroadcaster(Broadcaster):
    """One process, no database channel: changes arrive from `channels.announce()` in memory."""

    def __init__(self, loop):
        super().__init__(loop)
        self.spawn(self.count_followers_forever())

    def publish_from_any_thread(self, payload):
        """Hands a committed change to this process's streams, from the thread that committed it."""
        if not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self.publish_payload, payload)

    async def count_followers_forever(self):
        while True:
            await asyncio.sleep(0.5)
            decks = set(self.subscriptions) | self.counts_changed
            self.counts_changed = set()
            # Recorded as if announced, so the counts never go stale.
            self.record_counts(self.process, self.local_counts(decks))


class PostgresBroadcaster(Broadcaster):
    """Receives changes from every process through PostgreSQL LISTEN/NOTIFY."""

    def __init__(self, loop):
        super().__init__(loop)
        self.listening = asyncio.Event()
        self.connects = 0
        self.announced_decks = set()
        self.last_announced = 0.0
        self.spawn(self.listen_forever())

    async def ready(self, timeout=2.0):
        """Waits until LISTEN is active, so a stream that then reads the state misses nothing.

        If the database cannot be reached the stream goes ahead anyway: the
        listener re-reads every followed deck's state once it is back.
        """
        if self.listening.is_set():
            return
        try:
            async with asyncio.timeout(timeout):
                await self.listening.wait()
        except TimeoutError:
            pass

    async def listen_forever(self):
        import psycopg

        failures = 0
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(**listener_connection_params()) as conn:
                    await conn.execute(f"LISTEN {STATE_CHANNEL}")
                    await conn.execute(f"LISTEN {FOLLOWERS_CHANNEL}")
                    self.listening.set()
                    self.connects += 1
                    logger.info(
                        "Live listener %s to database %s on %s (%s)",
                        "reconnected" if self.connects > 1 else "connected",
                        conn.info.dbname,
                        conn.info.host,
                        "DATABASE_DIRECT_URL" if settings.DATABASE_DIRECT_URL else "DATABASE_URL",
                    )
                    failures = 0
                    await self.resync()
                    self.counts_changed.update(self.subscriptions)
                    await self.receive(conn)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - any failure means: connect again
                self.listening.clear()
                delay = RECONNECT_DELAYS[min(failures, len(RECONNECT_DELAYS) - 1)]
                failures += 1
                logger.warning("Live listener lost its database connection (%s); retrying in %ss", error, delay)
                await asyncio.sleep(delay)

    async def receive(self, conn):
        last_check = time.monotonic()
        while True:
            async for notify in conn.notifies(timeout=1.0):
                if notify.channel == STATE_CHANNEL:
                    self.publish_payload(notify.payload)
                elif notify.channel == FOLLOWERS_CHANNEL:
                    self.receive_counts(notify.payload)
            await self.announce_counts(conn)
            self.forget_stale_counts()
            if time.monotonic() - last_check > LISTENER_CHECK_SECONDS:
                # A connection cut without a word (a dead router) shows up here.
                async with asyncio.timeout(5):
                    await conn.execute("SELECT 1")
                last_check = time.monotonic()

    async def announce_counts(self, conn):
        due = time.monotonic() - self.last_announced >= COUNTS_REPEAT_SECONDS
        if not self.counts_changed and not due:
            return
        self.counts_changed = set()
        decks = set(self.subscriptions) | self.announced_decks
        counts = {deck_id: n for deck_id, n in self.local_counts(decks).items()}
        payload = compact_json({"process": self.process, "counts": counts})
        await conn.execute("SELECT pg_notify(%s, %s)", [FOLLOWERS_CHANNEL, payload])
        self.announced_decks = {deck_id for deck_id, n in counts.items() if n}
        self.last_announced = time.monotonic()

    def receive_counts(self, payload):
        try:
            message = json.loads(payload)
            counts = {int(deck_id): int(n) for deck_id, n in message["counts"].items()}
            process = str(message["process"])
        except (ValueError, KeyError, TypeError, AttributeError):
            logger.warning("Ignoring a follower count notification: %.100r", payload)
            return
        self.record_counts(process, counts)


def listener_connection_params():
    """Where the listener connects: DATABASE_DIRECT_URL, else the default database.

    A transaction-mode pooler (PgBouncer and the like) would hand the
    connection to someone else between statements and lose the LISTEN, so
    platforms that put one in front of DATABASE_URL give a direct URL too.
    """
    params = {
        "autocommit": True,
        "application_name": LISTENER_APPLICATION_NAME,
        "connect_timeout": 5,
        # Notice a silently dropped connection within about a minute.
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    if settings.DATABASE_DIRECT_URL:
        return {"conninfo": settings.DATABASE_DIRECT_URL, **params}
    database = connections["default"].get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold", "client_encoding"):
        database.pop(key, None)
    return {**database, **params}


async def read_database(function, *args):
    """Runs a function that uses the database in a shared worker thread, then hands the connection back.

    Streams live for hours; nothing they do may keep a thread or a pooled
    connection to itself.
    """

    def run():
        try:
            return function(*args)
        finally:
            connections.close_all()

    return await sync_to_async(run, thread_sensitive=False)()


_broadcaster = None


def get_broadcaster():
    """This process's broadcaster, started on first use in the running event loop."""
    global _broadcaster
    loop = asyncio.get_running_loop()
    if _broadcaster is None or _broadcaster.loop is not loop:
        if uses_postgres():
            _broadcaster = PostgresBroadcaster(loop)
        else:
            _broadcaster = LocalBroadcaster(loop)
            receive_in_process(_broadcaster.publish_from_any_thread)
    return _broadcaster
