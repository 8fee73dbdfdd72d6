"""How live changes travel: the channels, the event stream's wire format, `announce()`.

Everything that tells the event streams something goes through `announce()`:
a new presentation state (presenter/models.py), who drives, the pointer, a
revoked link (presenter/remote.py, presenter/links.py), a deck made private
(presenter/signals.py). With PostgreSQL it is
a NOTIFY on STATE_CHANNEL, which every server process LISTENs on; with SQLite
(one process) it is handed to this process's broadcaster in memory. Either
way it is sent only once the transaction commits. The broadcasters that
receive it are in presenter/live.py.

This module imports nothing from presenter, so every part of it can use it.
"""

import json

from django.db import connections, transaction

# Every change streams hear of: states, control, pointer, revoked links.
STATE_CHANNEL = "presentation_state"
# Each process's follower counts, so the speaker sees the total (presenter/live.py).
FOLLOWERS_CHANNEL = "presentation_followers"


def uses_postgres():
    """Whether changes travel through PostgreSQL NOTIFY (any number of processes) or stay in this one (SQLite)."""
    return connections["default"].vendor == "postgresql"


def compact_json(message):
    return json.dumps(message, separators=(",", ":"))


def announce(message):
    """Tells every server process's streams about `message` (a dict) once the transaction commits."""
    payload = compact_json(message)
    if uses_postgres():
        # Delivered on commit, in commit order; never if rolled back.
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, %s)", [STATE_CHANNEL, payload])
    else:
        transaction.on_commit(lambda: _publish_in_process(payload))


# Without PostgreSQL: the one receiver of this process's announcements (its broadcaster).
_in_process_receiver = None


def receive_in_process(receiver):
    """Makes `receiver(payload)` get every later announcement of this process (SQLite only)."""
    global _in_process_receiver
    _in_process_receiver = receiver


def _publish_in_process(payload):
    receiver = _in_process_receiver
    if receiver is not None:
        receiver(payload)


# The event stream's wire format (server-sent events).


def state_event(message):
    """One server-sent event for a state message (a dict from `PresentationState.as_message()`)."""
    return f"id: {message['sequence']}\nevent: state\ndata: {compact_json(message)}\n\n".encode()


HEARTBEAT_EVENT = b"event: ping\ndata: {}\n\n"


def followers_event(count):
    return f'event: followers\ndata: {{"followers":{count}}}\n\n'.encode()


def control_event(message):
    """Who drives the talk now, for presenter views and remotes."""
    return f"event: control\ndata: {compact_json(message)}\n\n".encode()


def pointer_event(message):
    data = compact_json({"x": message.get("x"), "y": message.get("y")})
    return f"event: pointer\ndata: {data}\n\n".encode()


LINK_CLOSED_MESSAGES = {
    "revoked": "The owner revoked this link; it no longer works.",
    "expired": "This link has expired; ask the speaker for a new one.",
}
# Why else a stream ends for good: its reader may no longer see the deck.
STREAM_CLOSED_MESSAGES = {
    **LINK_CLOSED_MESSAGES,
    "private": "The speaker has made this talk private; it is no longer shown here.",
}


def stream_closed_event(reason):
    """The last event of a stream whose reader may no longer see the deck; the page stops and says why."""
    data = compact_json({"reason": reason, "message": STREAM_CLOSED_MESSAGES[reason]})
    return f"event: closed\ndata: {data}\n\n".encode()
