"""The event stream itself, as a browser meets it: headers, heartbeats, Last-Event-ID."""

import pytest

from decks.models import Deck, Slide
from presenter.models import PresentationState

from .sse import EventStream
from .web_server import WebServer

pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def deck(alice):
    deck = Deck.objects.create(owner=alice, title="Streams", slug="streams", visibility="unlisted")
    Slide.objects.bulk_create(Slide(deck=deck, position=n, source=f"# {n}") for n in range(10))
    return deck


@pytest.fixture
def server():
    with WebServer(workers=1, env={"LIVE_HEARTBEAT_SECONDS": "1"}) as server:
        yield server


def state(deck, sequence, slide, status="live"):
    return {"deck": deck.pk, "slide": slide, "step": 0, "blackout": False, "status": status, "sequence": sequence}


def test_the_stream_is_an_unbuffered_event_stream_that_opens_with_the_state(deck, server):
    stream = EventStream(f"{server.url}/talks/{deck.slug}/live/events")
    assert (stream.status, stream.headers["content-type"], stream.headers["x-accel-buffering"]) == (
        200,
        "text/event-stream",
        "no",
    )
    assert stream.headers["cache-control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    opening = stream.next_event()
    assert (opening.event, opening.id, opening.data) == ("state", "0", state(deck, 0, 0, "waiting"))
    stream.close()


def test_an_idle_stream_gets_heartbeats(deck, server):
    stream = EventStream(f"{server.url}/talks/{deck.slug}/live/events")
    stream.next_event()
    beats = [stream.next_event(skip_pings=False) for _ in range(3)]
    assert [(beat.event, beat.data) for beat in beats] == [("ping", {})] * 3
    stream.close()


def test_last_event_id_is_honoured_after_the_opening_state(deck, server):
    for slide in range(3):
        PresentationState.change(deck, slide=slide, action="start" if slide == 0 else None)
    # This browser has already seen sequence 5 (from another server, say):
    # nothing at or below it is sent again after the current state.
    stream = EventStream(f"{server.url}/talks/{deck.slug}/live/events", last_event_id=5)
    assert stream.next_state() == state(deck, 3, 2)
    for slide in range(4, 8):
        PresentationState.change(deck, slide=slide)
    assert [stream.next_state() for _ in range(2)] == [state(deck, 6, 6), state(deck, 7, 7)]
    stream.close()


def test_a_garbled_last_event_id_is_ignored(deck, server):
    stream = EventStream(f"{server.url}/talks/{deck.slug}/live/events", last_event_id="yesterday")
    assert stream.next_state() == state(deck, 0, 0, "waiting")
    PresentationState.change(deck, slide=1)
    assert stream.next_state() == state(deck, 1, 1, "waiting")
    stream.close()


def test_private_deck_streams_answer_404_on_the_real_server(alice, server):
    Deck.objects.create(owner=alice, title="Secret", slug="secret", visibility="private")
    stream = EventStream(f"{server.url}/talks/secret/live/events")
    assert stream.status == 404
    stream.close()


def test_the_listener_uses_the_direct_database_url_when_there_is_one(deck):
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    direct = f"postgres://postgres@localhost:5432/{name}"
    with WebServer(workers=1, env={"DATABASE_DIRECT_URL": direct}) as server:
        stream = EventStream(f"{server.url}/talks/{deck.slug}/live/events")
        stream.next_state()
        PresentationState.change(deck, slide=4)
        assert stream.next_state()["slide"] == 4
        stream.close()
        log = server.read_log()
    assert f"Live listener connected to database {name} on localhost (DATABASE_DIRECT_URL)" in log


def test_open_streams_hold_neither_a_thread_nor_a_database_connection_each(deck, server):
    (worker,) = server.worker_pids()
    # More streams than the database pool has connections (8).
    streams = [EventStream(f"{server.url}/talks/{deck.slug}/live/events") for _ in range(40)]
    for stream in streams:
        stream.next_state()
    status = open(f"/proc/{worker}/status").read()
    threads = int(status.split("Threads:")[1].split()[0])
    assert threads < 20

    PresentationState.change(deck, slide=9)
    assert {stream.next_state()["slide"] for stream in streams} == {9}
    for stream in streams:
        stream.close()
