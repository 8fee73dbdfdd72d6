"""Handing control between drivers on two machines, and the owner's lock: real gunicorn, real PostgreSQL."""

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.utils.crypto import get_random_string

from presenter.links import make_link
from presenter.models import PresentationState

from .factories import make_deck
from .sse import EventStream, StreamEnded
from .web_server import running_servers

pytestmark = [pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def machines(django_db_setup, django_db_blocker):
    with running_servers(2, workers=1) as servers:
        yield servers


@pytest.fixture
def deck(alice):
    deck = make_deck(alice, *[f"# Slide {n}" for n in range(1, 7)], slug="handoff-talk")
    PresentationState.change(deck, action="start")
    return deck


def browser_like(server, cookies=None):
    """An HTTP client with a CSRF token, as a page of `server` has one."""
    token = get_random_string(32)
    client = httpx.Client(
        base_url=server.url,
        cookies={**(cookies or {}), settings.CSRF_COOKIE_NAME: token},
        headers={"X-CSRFToken": token, "Origin": server.url},
    )
    return client


def owner_on(server, alice):
    client = Client()
    client.force_login(alice)
    return browser_like(server, {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value})


def link_holder_on(server, deck, alice, role, label):
    made = make_link(deck, role=role, created_by=alice, label=label)
    response = browser_like(server).post("/l/", json={"token": made.path.split("#")[1]})
    assert response.json() == {"url": "/talks/handoff-talk/remote/"}
    # The session cookie is marked Secure, which httpx keeps to https; a browser
    # sends it to 127.0.0.1 too.
    client = browser_like(server, {settings.SESSION_COOKIE_NAME: response.cookies[settings.SESSION_COOKIE_NAME]})
    client.link = made.link
    return client


def move(client, slide):
    response = client.post("/talks/handoff-talk/live/state", json={"slide": slide})
    return response.status_code, response.json().get("code")


def control(client, action, to=""):
    return client.post("/talks/handoff-talk/live/control", json={"action": action, "to": to})


def next_control(stream):
    while True:
        event = stream.next_event()
        if event.event == "control":
            return event.data


def test_two_co_presenters_on_two_machines_hand_control_to_each_other(machines, deck, alice):
    first, second = machines
    anna = link_holder_on(first, deck, alice, "co-presenter", "Anna")
    cleo = link_holder_on(second, deck, alice, "co-presenter", "Cleo")
    owner = owner_on(second, alice)
    # The owner's presenter view on one machine, Cleo's remote stream on the other.
    presenter = EventStream(f"{second.url}/talks/handoff-talk/live/events?role=presenter", cookies=dict(owner.cookies))
    cleo_stream = EventStream(f"{first.url}/talks/handoff-talk/live/events?role=remote", cookies=dict(cleo.cookies))
    assert next_control(presenter)["driver"] == "Owner"
    assert next_control(cleo_stream)["driver"] == "Owner"

    # Co-presenters are other people: they move only once they hold control.
    assert (move(anna, 1), move(cleo, 1)) == ((409, "not_driving"), (409, "not_driving"))
    assert control(owner, "hand", str(anna.link.pk)).json()["driver"] == "Anna"
    assert next_control(cleo_stream) == {
        "kind": "control", "deck": deck.pk, "driver": "Anna", "driverLink": anna.link.pk, "locked": False, "lastMoveBy": "",
    }
    assert move(anna, 1) == (200, None)
    # The presenter view hears of the handoff, then of the move's source.
    assert [(c["driver"], c["lastMoveBy"]) for c in (next_control(presenter), next_control(presenter))] == [
        ("Anna", ""), ("Anna", "Anna"),
    ]
    assert move(cleo, 2) == (409, "not_driving")

    # Anna hands to Cleo, on the other machine.
    assert control(anna, "hand", str(cleo.link.pk)).status_code == 200
    assert [next_control(cleo_stream)["driverLink"] for _ in range(2)] == [anna.link.pk, cleo.link.pk]
    assert (move(cleo, 2), move(anna, 3)) == ((200, None), (409, "not_driving"))
    # And takes it back.
    assert control(anna, "take").json()["driver"] == "Anna"
    assert move(anna, 3) == (200, None)
    assert PresentationState.objects.get(deck=deck).slide == 3
    presenter.close()
    cleo_stream.close()


def test_the_speakers_own_devices_share_the_wheel_while_a_co_presenter_holds_control(machines, deck, alice):
    """The owner's presenter view and a remote link (the speaker's own hand) move the talk without
    taking control, on any machine; before, a remote had to take control first and the laptop was
    then refused until "Take back". A remote has no control to take or hand."""
    first, second = machines
    phone = link_holder_on(first, deck, alice, "remote", "Ben's phone")
    anna = link_holder_on(second, deck, alice, "co-presenter", "Anna")
    owner = owner_on(second, alice)
    assert move(phone, 1) == (200, None)
    assert move(owner, 2) == (200, None)
    assert move(phone, 3) == (200, None)
    assert control(owner, "hand", str(anna.link.pk)).json()["driver"] == "Anna"
    assert (move(anna, 4), move(phone, 5), move(owner, 4)) == ((200, None), (200, None), (200, None))
    # Control is for co-presenters: a remote neither takes it nor is handed it.
    assert control(phone, "take").json()["code"] == "always_driving"
    assert control(phone, "hand", "owner").json()["code"] == "always_driving"
    assert control(anna, "hand", str(phone.link.pk)).json()["code"] == "no_such_driver"
    assert PresentationState.objects.get(deck=deck).slide == 4


def test_the_owner_takes_back_and_locks_and_the_lock_refuses_co_presenters(machines, deck, alice):
    first, second = machines
    anna = link_holder_on(first, deck, alice, "co-presenter", "Anna")
    cleo = link_holder_on(second, deck, alice, "co-presenter", "Cleo")
    phone = link_holder_on(second, deck, alice, "remote", "Ben's phone")
    owner = owner_on(first, alice)
    assert control(anna, "take").status_code == 200
    assert move(anna, 1) == (200, None)

    locked = control(owner, "lock")
    assert locked.json() == {
        "kind": "control", "deck": deck.pk, "driver": "Owner", "driverLink": None, "locked": True, "lastMoveBy": "Anna",
    }
    assert (move(anna, 2), move(cleo, 2)) == ((403, "locked"), (403, "locked"))
    assert (control(anna, "take").status_code, control(cleo, "take").status_code) == (403, 403)
    assert control(anna, "hand", str(cleo.link.pk)).status_code == 403
    assert control(cleo, "lock").status_code == 403
    assert control(phone, "lock").status_code == 403
    # "Lock to me" is about co-presenters: the speaker's own remote still drives.
    assert move(phone, 3) == (200, None)
    assert move(owner, 4) == (200, None)
    assert PresentationState.objects.get(deck=deck).slide == 4

    assert control(owner, "unlock").json()["locked"] is False
    assert control(cleo, "take").status_code == 200
    assert move(cleo, 5) == (200, None)


def events_status(server, client, role):
    stream = EventStream(f"{server.url}/talks/handoff-talk/live/events?role={role}", cookies=dict(client.cookies))
    try:
        if stream.status != 200:
            return stream.status
        assert stream.next_state()["deck"] > 0
        return 200
    finally:
        stream.close()


STREAM_ROLES = ["follower", "projector", "remote", "presenter"]
STREAMS = {
    "owner": {"follower": 200, "projector": 200, "remote": 200, "presenter": 200},
    "remote": {"follower": 200, "projector": 200, "remote": 200, "presenter": 403},
    "co-presenter": {"follower": 200, "projector": 200, "remote": 200, "presenter": 403},
    "projector": {"follower": 200, "projector": 200, "remote": 403, "presenter": 403},
    "viewer": {"follower": 200, "projector": 200, "remote": 403, "presenter": 403},
    "revoked viewer": {"follower": 404, "projector": 404, "remote": 404, "presenter": 404},
    "anonymous": {"follower": 404, "projector": 404, "remote": 404, "presenter": 404},
}


@pytest.mark.parametrize("who", list(STREAMS))
def test_every_role_against_every_event_stream_of_a_private_deck(machines, deck, alice, who):
    server = machines[0]
    if who == "owner":
        client = owner_on(server, alice)
    elif who == "anonymous":
        client = browser_like(server)
    else:
        client = link_holder_on_any(server, deck, alice, who.replace("revoked ", ""))
        if who.startswith("revoked"):
            from presenter.links import revoke_link

            revoke_link(client.link)
    assert {role: events_status(server, client, role) for role in STREAM_ROLES} == STREAMS[who]


def link_holder_on_any(server, deck, alice, role):
    made = make_link(deck, role=role, created_by=alice, label=role)
    response = browser_like(server).post("/l/", json={"token": made.path.split("#")[1]})
    assert response.status_code == 200
    client = browser_like(server, {settings.SESSION_COOKIE_NAME: response.cookies[settings.SESSION_COOKIE_NAME]})
    client.link = made.link
    return client


@pytest.mark.parametrize("role", ["viewer", "projector"])
def test_revoking_a_link_closes_its_open_streams_on_every_machine_with_a_message(machines, deck, alice, role):
    first, second = machines
    holder = link_holder_on_any(first, deck, alice, role)
    streams = [
        EventStream(f"{server.url}/talks/handoff-talk/live/events?role=follower", cookies=dict(holder.cookies))
        for server in machines
    ]
    # Another follower of the same deck, without the link, keeps its stream.
    bystander = EventStream(f"{second.url}/talks/handoff-talk/live/events", cookies=dict(owner_on(second, alice).cookies))
    for stream in [*streams, bystander]:
        stream.next_state()
    from presenter.links import revoke_link

    revoke_link(holder.link)
    for stream in streams:
        closed = stream.next_event()
        assert (closed.event, closed.data) == (
            "closed", {"reason": "revoked", "message": "The owner revoked this link; it no longer works."}
        )
        with pytest.raises(StreamEnded):
            stream.next_event()
    PresentationState.change(deck, slide=2)
    assert bystander.next_state()["slide"] == 2
    bystander.close()


def test_an_open_stream_closes_when_its_link_expires(machines, deck, alice):
    import datetime

    from django.utils import timezone

    from presenter.models import DeckLink

    holder = link_holder_on_any(machines[0], deck, alice, "viewer")
    DeckLink.objects.filter(pk=holder.link.pk).update(expires=timezone.now() + datetime.timedelta(seconds=2))
    stream = EventStream(
        f"{machines[0].url}/talks/handoff-talk/live/events", cookies=dict(holder.cookies), timeout=20
    )
    stream.next_state()
    closed = stream.next_event()
    assert (closed.event, closed.data["reason"]) == ("closed", "expired")
    with pytest.raises(StreamEnded):
        stream.next_event()
