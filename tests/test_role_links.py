"""Role links: made by the owner, exchanged for a scoped session, checked on every request."""

import datetime
import hashlib
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from decks.models import Deck
from presenter.links import default_expiry, make_link, revoke_link
from presenter.models import DeckLink, DriveControl, PresentationState
from presenter.remote import set_driver
from tests.conftest import csrf_client

from .factories import add_image, make_deck

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_deck(alice):
    deck = make_deck(
        alice, ("#= Welcome", "Say hello."), ("## Two\n--\n* more", "Builds."), "#= Thanks", slug="private-talk"
    )
    add_image(deck, "picture.png")
    return deck


def image_url(deck):
    return deck.assets.get().get_absolute_url()


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json", headers={"X-CSRFToken": client.csrf_token})


def token_of(made_path):
    return made_path.split("#", 1)[1]


def opened(made, client=None):
    """A client whose session holds the link, as after opening it in a browser."""
    client = client or csrf_client()
    response = post_json(client, "/l/", {"token": token_of(made.path)})
    assert response.status_code == 200, response.content
    return client


def test_a_link_keeps_the_hash_of_its_144_bit_token_and_never_the_token(alice, private_deck):
    made = make_link(private_deck, role="remote", created_by=alice, label="Anna's phone")
    token = token_of(made.path)
    assert made.path == f"/l/#{token}"
    assert len(token) == 24  # 18 random bytes, URL-safe base64
    row = DeckLink.objects.values().get(pk=made.link.pk)
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert [name for name, value in row.items() if token in str(value)] == []


def test_a_link_lasts_until_the_end_of_the_day_after_tomorrow_by_default(alice, private_deck):
    now = timezone.make_aware(datetime.datetime(2026, 3, 10, 15, 30))
    made = make_link(private_deck, role="viewer", created_by=alice, now=now)
    assert timezone.localtime(made.link.expires) == timezone.make_aware(datetime.datetime(2026, 3, 13, 0, 0))
    assert default_expiry(now) == made.link.expires
    two_hours = make_link(private_deck, role="viewer", created_by=alice, hours=2, now=now)
    assert two_hours.link.expires == now + datetime.timedelta(hours=2)


@pytest.mark.parametrize(
    "role, landing", [("remote", "remote/"), ("co-presenter", "remote/"), ("projector", "controlled/"), ("viewer", "follow/")]
)
def test_opening_a_link_lands_on_its_role_page_whose_address_has_no_token(alice, private_deck, role, landing):
    made = make_link(private_deck, role=role, created_by=alice)
    client = csrf_client()
    page = client.get("/l/")
    assert page.status_code == 200
    assert "presenter/open-link.js" in page.content.decode()
    response = post_json(client, "/l/", {"token": token_of(made.path)})
    assert response.json() == {"url": f"/talks/private-talk/{landing}"}
    assert client.get(response.json()["url"]).status_code == 200
    made.link.refresh_from_db()
    assert made.link.last_used is not None


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500, 12])
def test_a_wrong_token_opens_nothing_and_says_so(private_deck, token):
    client = csrf_client()
    response = post_json(client, "/l/", {"token": token})
    assert response.status_code == 404
    assert response.json() == {"error": "This link does not work: it was revoked, it has expired, or it was mistyped."}
    assert client.get("/talks/private-talk/follow/").status_code == 404


def test_the_exchange_needs_a_csrf_token(alice, private_deck):
    made = make_link(private_deck, role="viewer", created_by=alice)
    client = Client(enforce_csrf_checks=True)
    response = client.post("/l/", json.dumps({"token": token_of(made.path)}), content_type="application/json")
    assert response.status_code == 403
    assert client.get("/talks/private-talk/follow/").status_code == 404


def test_a_revoked_link_stops_at_once_and_its_moves_get_403(alice, private_deck):
    made = make_link(private_deck, role="remote", created_by=alice, label="Anna's phone")
    client = opened(made)
    set_driver(private_deck, made.link, locked=False)
    assert post_json(client, "/talks/private-talk/live/state", {"slide": 1}).status_code == 200

    revoke_link(made.link)

    response = post_json(client, "/talks/private-talk/live/state", {"slide": 2})
    assert (response.status_code, PresentationState.for_deck(private_deck).slide) == (403, 1)
    assert client.get("/talks/private-talk/remote/").status_code == 404
    assert client.get("/talks/private-talk/live/state").status_code == 404
    # Control went back to the owner with it.
    assert DriveControl.objects.get(deck=private_deck).driver is None
    # And the link cannot be opened again.
    assert post_json(csrf_client(), "/l/", {"token": token_of(made.path)}).status_code == 404


def test_an_expired_link_stops_and_its_moves_get_403(alice, private_deck):
    made = make_link(private_deck, role="co-presenter", created_by=alice, label="Ben")
    client = opened(made)
    set_driver(private_deck, made.link, locked=False)
    DeckLink.objects.filter(pk=made.link.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    response = post_json(client, "/talks/private-talk/live/state", {"slide": 1})
    assert response.status_code == 403
    assert "This link has expired." in response.content.decode()
    assert client.get("/talks/private-talk/remote/").status_code == 404


def test_a_viewer_link_on_a_private_deck_shows_the_follow_page_and_nothing_else(alice, private_deck):
    client = opened(make_link(private_deck, role="viewer", created_by=alice))
    follow = client.get("/talks/private-talk/follow/")
    assert follow.status_code == 200
    assert "Say hello." not in follow.content.decode()
    pages = ["", "presenter/", "handout/", "controlled/", "remote/", "share/", "live/panel", "links/"]
    assert {page: client.get(f"/talks/private-talk/{page}").status_code for page in pages} == {page: 404 for page in pages}


def test_the_remote_page_carries_the_notes_and_the_follow_page_does_not(alice, private_deck):
    client = opened(make_link(private_deck, role="remote", created_by=alice))
    html = client.get("/talks/private-talk/remote/").content.decode()
    assert re.findall(r'data-notes-for="([\d.]+)"', html) == ["1.1", "2.1", "2.2", "3.1"]
    assert "Say hello." in html and "Builds." in html


def test_a_link_to_one_deck_opens_nothing_of_another(alice, private_deck):
    other = make_deck(alice, "#= Other", slug="other-private")
    add_image(other, "picture.png")
    client = opened(make_link(private_deck, role="remote", created_by=alice))
    assert client.get(f"/talks/{other.slug}/remote/").status_code == 404
    assert (client.get(image_url(private_deck)).status_code, client.get(image_url(other)).status_code) == (200, 404)
    assert post_json(client, f"/talks/{other.slug}/live/state", {"slide": 0}).status_code == 404


# Every role against every endpoint. Drivers hold control when they move.

ENDPOINTS = {
    "projector page": ("get", "/talks/private-talk/"),
    "presenter": ("get", "/talks/private-talk/presenter/"),
    "handout": ("get", "/talks/private-talk/handout/"),
    "follow": ("get", "/talks/private-talk/follow/"),
    "controlled projector": ("get", "/talks/private-talk/controlled/"),
    "remote": ("get", "/talks/private-talk/remote/"),
    "share": ("get", "/talks/private-talk/share/"),
    "live panel": ("get", "/talks/private-talk/live/panel"),
    "state": ("get", "/talks/private-talk/live/state"),
    "move": ("post", "/talks/private-talk/live/state", {"slide": 1}),
    "take control": ("post", "/talks/private-talk/live/control", {"action": "take"}),
    "lock": ("post", "/talks/private-talk/live/control", {"action": "lock"}),
    "pointer": ("post", "/talks/private-talk/live/pointer", {"x": 0.5, "y": 0.5}),
    "links": ("get", "/talks/private-talk/links/"),
    "make link": ("form", "/talks/private-talk/links/", {"role": "viewer"}),
    "revoke link": ("form", "/talks/private-talk/links/{other}/revoke", {}),
    # Every page that shows the slides shows their images.
    "image": ("get", "{image}"),
}

OWNER_ONLY = {"projector page", "presenter", "handout", "share", "live panel", "links", "make link", "revoke link"}
HIDDEN = {name: 404 for name in ENDPOINTS}
DRIVER = {
    **HIDDEN, "remote": 200, "state": 200, "move": 200, "take control": 200, "lock": 403, "pointer": 200, "image": 200
}
EXPECTED = {
    "owner": {name: 200 for name in ENDPOINTS},
    # A remote is the speaker's own hand: it always drives, so it has no control to take.
    "remote": {**DRIVER, "take control": 400},
    "co-presenter": DRIVER,
    "projector": {
        **HIDDEN, "controlled projector": 200, "state": 200, "move": 403, "take control": 403, "lock": 403,
        "pointer": 403, "image": 200,
    },
    "viewer": {
        **HIDDEN, "follow": 200, "state": 200, "move": 403, "take control": 403, "lock": 403, "pointer": 403,
        "image": 200,
    },
    "revoked remote": {**HIDDEN, "move": 403, "take control": 403, "lock": 403, "pointer": 403},
    "other user": HIDDEN,
    "anonymous": HIDDEN,
}


def client_for(who, deck, alice, bob):
    if who == "owner":
        return csrf_client(alice)
    if who == "other user":
        return csrf_client(bob)
    if who == "anonymous":
        return csrf_client()
    role = who.replace("revoked ", "")
    made = make_link(deck, role=role, created_by=alice, label=who)
    client = opened(made)
    if made.link.can_drive:
        set_driver(deck, made.link, locked=False)
    if who.startswith("revoked"):
        revoke_link(made.link)
    return client


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_role_against_every_endpoint(who, alice, bob, private_deck):
    other = make_link(private_deck, role="viewer", created_by=alice, label="someone else")
    results = {}
    for name, (method, url, *data) in ENDPOINTS.items():
        client = client_for(who, private_deck, alice, bob)
        url = url.format(other=other.link.pk, image=image_url(private_deck))
        if method == "get":
            response = client.get(url)
        elif method == "post":
            response = post_json(client, url, data[0])
        else:
            response = client.post(url, data[0], headers={"X-CSRFToken": client.csrf_token})
        results[name] = response.status_code
    assert results == EXPECTED[who]
    assert OWNER_ONLY <= {name for name, status in EXPECTED["remote"].items() if status == 404}


@pytest.mark.parametrize("endpoint", ["move", "take control", "pointer", "make link", "revoke link"])
def test_state_changes_without_a_csrf_token_are_refused(alice, private_deck, endpoint):
    other = make_link(private_deck, role="viewer", created_by=alice)
    method, url, data = ENDPOINTS[endpoint]
    client = csrf_client(alice)
    url = url.format(other=other.link.pk)
    if method == "post":
        response = client.post(url, json.dumps(data), content_type="application/json")
    else:
        response = client.post(url, data)
    assert response.status_code == 403
    assert DeckLink.objects.count() == 1
    assert DeckLink.objects.get().revoked is None


def test_the_owner_makes_a_link_in_the_presenter_view_and_sees_its_url_and_qr_code_once(alice, private_deck):
    client = csrf_client(alice)
    response = client.post(
        "/talks/private-talk/links/", {"role": "remote", "label": "Anna's phone", "hours": "3"},
        headers={"X-CSRFToken": client.csrf_token},
    )
    html = response.content.decode()
    link = DeckLink.objects.get()
    url = re.search(r'data-made-url aria-label="The new link" class="role-links-url"', html) and re.search(
        r'value="(http://testserver/l/#[^"]+)"', html
    ).group(1)
    assert hashlib.sha256(url.split("#")[1].encode()).hexdigest() == link.token_hash
    assert (link.role, link.label, link.created_by, link.deck) == ("remote", "Anna's phone", alice, private_deck)
    assert "<svg" in html
    listing = client.get("/talks/private-talk/links/").content.decode()
    assert url.split("#")[1] not in listing
    assert re.findall(r'data-link="(\d+)" data-link-status="(\w+)"', listing) == [(str(link.pk), "active")]


def test_revoking_in_the_presenter_view_is_one_click(alice, private_deck):
    made = make_link(private_deck, role="projector", created_by=alice)
    client = csrf_client(alice)
    listing = client.post(f"/talks/private-talk/links/{made.link.pk}/revoke", headers={"X-CSRFToken": client.csrf_token})
    assert re.findall(r'data-link="(\d+)" data-link-status="(\w+)"', listing.content.decode()) == [
        (str(made.link.pk), "revoked")
    ]


def test_a_bad_role_is_a_clear_error(alice, private_deck):
    client = csrf_client(alice)
    response = client.post("/talks/private-talk/links/", {"role": "admin"}, headers={"X-CSRFToken": client.csrf_token})
    assert response.status_code == 400
    assert "Select a valid choice. admin is not one of the available choices." in response.content.decode()
    assert DeckLink.objects.count() == 0


def test_others_cannot_make_or_revoke_links_of_a_public_deck(alice, bob):
    deck = make_deck(alice, "#= Public", slug="public-talk", visibility=Deck.Visibility.PUBLIC)
    made = make_link(deck, role="viewer", created_by=alice)
    client = csrf_client(bob)
    assert client.post("/talks/public-talk/links/", {"role": "remote"}, headers={"X-CSRFToken": client.csrf_token}).status_code == 403
    assert client.post(f"/talks/public-talk/links/{made.link.pk}/revoke", headers={"X-CSRFToken": client.csrf_token}).status_code == 403
    assert (DeckLink.objects.count(), DeckLink.objects.get().revoked) == (1, None)


def test_the_command_makes_a_link_and_prints_its_url_and_id(alice, private_deck):
    out = io.StringIO()
    call_command("deck_link", "private-talk", "--role", "co-presenter", "--label", "Ben", "--hours", "5", stdout=out)
    lines = dict(line.split(": ", 1) for line in out.getvalue().splitlines())
    link = DeckLink.objects.get()
    assert lines["id"] == str(link.pk)
    assert lines["url"].startswith("/l/#")
    assert hashlib.sha256(lines["url"].split("#")[1].encode()).hexdigest() == link.token_hash
    assert (link.role, link.label, link.created_by) == ("co-presenter", "Ben", alice)
    client = csrf_client()
    assert post_json(client, "/l/", {"token": lines["url"].split("#")[1]}).json() == {"url": "/talks/private-talk/remote/"}


def test_the_command_prints_a_full_url_with_a_base_url_and_revokes_by_id(alice, private_deck):
    out = io.StringIO()
    call_command("deck_link", "private-talk", "--role", "viewer", "--base-url", "https://talks.example.org/", stdout=out)
    url = re.search(r"^url: (.*)$", out.getvalue(), re.M).group(1)
    link_id = re.search(r"^id: (\d+)$", out.getvalue(), re.M).group(1)
    assert url.startswith("https://talks.example.org/l/#")
    out = io.StringIO()
    call_command("deck_link", "--revoke", link_id, stdout=out)
    assert out.getvalue() == f"revoked: {link_id}\n"
    assert DeckLink.objects.get().status == "revoked"


@pytest.mark.parametrize(
    "args, message",
    [
        (["no-such-talk", "--role", "viewer"], "No deck with the slug 'no-such-talk'."),
        (["private-talk"], "Give a deck's slug and --role, or --revoke ID."),
        (["--revoke", "999"], "No link with the id 999."),
        (["private-talk", "--role", "viewer", "--hours", "0"], "A link lasts between 1 and 744 hours."),
    ],
)
def test_the_command_explains_bad_input(private_deck, args, message):
    with pytest.raises(CommandError) as raised:
        call_command("deck_link", *args)
    assert str(raised.value) == message
