"""Live state across processes and machines: real gunicorn, real PostgreSQL.

Two gunicorn instances on two ports stand for two machines sharing one
database; each runs two ASGI workers.
"""

import os
import signal

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils.crypto import get_random_string

from decks.models import Deck, Slide
from presenter.live import LISTENER_APPLICATION_NAME

from .sse import EventStream, Follower
from .web_server import running_servers

pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]

SLIDES = 12


@pytest.fixture
def deck(alice):
    deck = Deck.objects.create(owner=alice, title="Deploying, live", slug="deploying-live", visibility="public")
    Slide.objects.bulk_create(
        Slide(deck=deck, position=n, source=f"# Slide {n + 1}\n--\n\nmore") for n in range(SLIDES)
    )
    return deck


@pytest.fixture
def owner_cookies(alice):
    client = Client()
    client.force_login(alice)
    return {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}


@pytest.fixture(scope="module")
def machines(django_db_setup, django_db_blocker):
    with running_servers(2, workers=2) as servers:
        yield servers


def post_state(server, slug, cookies, **data):
    token = get_random_string(32)
    response = httpx.post(
        f"{server.url}/talks/{slug}/live/state",
        json=data,
        cookies={**cookies, settings.CSRF_COOKIE_NAME: token},
        headers={"X-CSRFToken": token, "Origin": server.url},
    )
    assert response.status_code == 200, response.text
    return response.json()


def events_url(server, deck, role="follower"):
    return f"{server.url}/talks/{deck.slug}/live/events?role={role}"


def spread_followers(servers, deck, per_worker=2, limit=80):
    """Opens follower streams until every worker of every server holds `per_worker` of them."""
    followers = {}
    opened = 0

    def some_worker_is_short():
        # Read afresh each time: a worker killed by an earlier test is replaced by a new one.
        return any(len(followers.get(pid, [])) < per_worker for server in servers for pid in server.worker_pids())

    while some_worker_is_short() and opened < limit:
        server = servers[opened % len(servers)]
        follower = Follower(events_url(server, deck))
        follower.next_state()
        followers.setdefault(follower.stream.server_pid(server.worker_pids()), []).append(follower)
        opened += 1
    return followers


def moves(count):
    """A walk through the deck: forward with builds, a blackout, back."""
    path = []
    for n in range(count):
        slide = min(n // 2, SLIDES - 1)
        path.append({"slide": slide, "step": n % 2, "blackout": n == count - 3})
    return path


def test_every_follower_on_two_machines_receives_every_change_in_order(deck, owner_cookies, machines):
    first, second = machines
    post_state(first, deck.slug, owner_cookies, action="start")
    followers = spread_followers(machines, deck)
    assert {pid: len(streams) >= 2 for pid, streams in followers.items()} == {
        pid: True for server in machines for pid in server.worker_pids()
    }
    everyone = [follower for streams in followers.values() for follower in streams]
    for follower in everyone:
        assert follower.states == [
            {"deck": deck.pk, "slide": 0, "step": 0, "blackout": False, "status": "live", "sequence": 1}
        ]

    path = moves(10)
    for move in path:
        post_state(first, deck.slug, owner_cookies, **move)

    expected = [
        {"deck": deck.pk, **move, "status": "live", "sequence": sequence}
        for sequence, move in enumerate(path, start=2)
    ]
    for follower in everyone:
        assert follower.read_until(11)[1:] == expected
        assert follower.reconnects == 0
        follower.close()


def test_a_follower_connecting_late_gets_the_current_position_first(deck, owner_cookies, machines):
    first, second = machines
    post_state(first, deck.slug, owner_cookies, action="start")
    for move in moves(7):
        post_state(first, deck.slug, owner_cookies, **move)

    late = EventStream(events_url(second, deck))
    opening = late.next_event()
    late.close()

    assert (opening.event, opening.id, opening.data) == (
        "state",
        "8",
        {"deck": deck.pk, "slide": 3, "step": 0, "blackout": False, "status": "live", "sequence": 8},
    )


def listener_backends():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s AND datname = current_database()",
            [LISTENER_APPLICATION_NAME],
        )
        return [row[0] for row in cursor.fetchall()]


def test_listeners_reconnect_after_their_database_connections_are_killed(deck, owner_cookies, machines):
    first, second = machines
    post_state(first, deck.slug, owner_cookies, action="start")
    followers = spread_followers(machines, deck, per_worker=1)
    everyone = [follower for streams in followers.values() for follower in streams]
    killed = listener_backends()
    assert len(killed) == 4

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM unnest(%s::int[]) AS pid", [killed])
    # Announced while the listeners are (most likely) still away: each one
    # re-reads the state when it is back.
    post_state(second, deck.slug, owner_cookies, slide=5, step=1)
    for follower in everyone:
        assert follower.read_until(2)[-1]["slide"] == 5

    post_state(first, deck.slug, owner_cookies, slide=6, step=0)
    for follower in everyone:
        states = follower.read_until(3)
        assert (states[-1]["slide"], states[-1]["step"], states[-1]["sequence"]) == (6, 0, 3)
        assert follower.reconnects == 0
        follower.close()
    reconnected = listener_backends()
    assert len(reconnected) == 4
    assert set(reconnected).isdisjoint(killed)


def test_followers_of_a_killed_worker_reconnect_elsewhere_and_resync(deck, owner_cookies, machines):
    first, second = machines
    post_state(first, deck.slug, owner_cookies, action="start")
    followers = spread_followers([first], deck, per_worker=2)
    victim, survivor = first.worker_pids()
    os.kill(victim, signal.SIGKILL)
    post_state(second, deck.slug, owner_cookies, slide=9, step=1)
    post_state(second, deck.slug, owner_cookies, slide=10, step=0)

    for follower in followers[victim] + followers[survivor]:
        states = follower.read_until(3)
        assert (states[-1]["slide"], states[-1]["step"], states[-1]["sequence"]) == (10, 0, 3)
        # Seen in order, never going back.
        assert [state["sequence"] for state in states] == sorted({state["sequence"] for state in states})
    assert {follower.reconnects for follower in followers[victim]} == {1}
    assert {follower.reconnects for follower in followers[survivor]} == {0}
    for follower in followers[victim] + followers[survivor]:
        follower.close()


def followers_seen(presenter, expected):
    """Reads the presenter's stream until it reports `expected` followers; returns the counts seen."""
    counts = []
    while not counts or counts[-1] != expected:
        event = presenter.next_event()
        if event.event == "followers":
            counts.append(event.data["followers"])
    return counts


def test_the_presenter_sees_the_followers_of_every_machine(deck, owner_cookies, machines):
    first, second = machines
    presenter = EventStream(events_url(first, deck, role="presenter"), cookies=owner_cookies)
    assert presenter.next_event().event == "state"
    assert presenter.next_event().data == {"followers": 0}

    followers = [EventStream(events_url(server, deck)) for server in (first, second, second, second, first)]
    for follower in followers:
        follower.next_state()
    assert followers_seen(presenter, 5)[-1] == 5
    # The presenter's own stream and a controlled projector are not followers.
    projector = EventStream(events_url(second, deck, role="projector"))
    projector.next_state()

    for follower in followers[:3]:
        follower.close()
    assert followers_seen(presenter, 2)[-1] == 2
    for stream in [presenter, projector, *followers[3:]]:
        stream.close()
