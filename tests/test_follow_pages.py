"""The follow page, the controlled projector, the share page and the short link."""

import json
import re

import pytest
from django.test import Client

from decks.models import Deck
from presenter.models import PresentationState
from tests.factories import make_deck

pytestmark = pytest.mark.django_db


def make_talk(owner, slug, visibility):
    return make_deck(
        owner,
        ("#= Welcome", "Secret speaker note"),
        "## Builds\n--\n\n* one\n--\n\n* two",
        "#= Thanks",
        title=f"Talk {slug}",
        slug=slug,
        visibility=visibility,
    )


@pytest.fixture
def public_deck(alice):
    return make_talk(alice, "public-talk", Deck.Visibility.PUBLIC)


def live_config(response):
    match = re.search(r'<script id="live-config" type="application/json">(.*?)</script>', response.content.decode())
    return json.loads(match.group(1))


def notices(response):
    """The notices on the page, and whether each is hidden."""
    html = response.content.decode()
    return dict(re.findall(r'data-notice="(\w+)"( hidden)?', html))


def test_the_follow_page_shows_every_step_and_no_notes(client, public_deck, django_assert_num_queries):
    PresentationState.change(public_deck, action="start", slide=1, step=2)
    with django_assert_num_queries(4):
        response = client.get("/talks/public-talk/follow/")
    # The audience arrives all at once: the slides come from the cache.
    with django_assert_num_queries(2):
        assert client.get("/talks/public-talk/follow/").content == response.content
    html = response.content.decode()
    assert re.findall(r'data-slide="(\d+)"', html) == ["1", "2", "3"]
    assert len(re.findall(r"data-step=", html)) == 5
    assert "Secret speaker note" not in html
    assert live_config(response) == {
        "mode": "follower",
        "state": {"deck": public_deck.pk, "slide": 1, "step": 2, "blackout": False, "status": "live", "sequence": 1},
        "stateUrl": "/talks/public-talk/live/state",
        "eventsUrl": "/talks/public-talk/live/events?role=follower",
        "heartbeatSeconds": 15,
    }
    assert notices(response) == {"waiting": " hidden", "ended": " hidden"}


def test_the_follow_page_says_when_the_talk_has_not_started(client, public_deck):
    response = client.get("/talks/public-talk/follow/")
    assert notices(response) == {"waiting": "", "ended": " hidden"}
    assert "This talk has not started yet." in response.content.decode()


def test_the_follow_page_says_when_the_talk_has_ended(client, public_deck):
    PresentationState.change(public_deck, action="start")
    PresentationState.change(public_deck, action="end")
    response = client.get("/talks/public-talk/follow/")
    assert notices(response) == {"waiting": " hidden", "ended": ""}
    assert "This talk has ended." in response.content.decode()


def test_unlisted_decks_can_be_followed_by_link(client, alice):
    make_talk(alice, "unlisted-talk", Deck.Visibility.UNLISTED)
    response = client.get("/talks/unlisted-talk/follow/")
    assert live_config(response)["eventsUrl"] == "/talks/unlisted-talk/live/events?role=follower"


def test_private_decks_cannot_be_followed_by_others(client, bob, alice):
    bob_client = Client()
    bob_client.force_login(bob)
    make_talk(alice, "private-talk", Deck.Visibility.PRIVATE)
    assert client.get("/talks/private-talk/follow/").status_code == 404
    assert bob_client.get("/talks/private-talk/follow/").status_code == 404
    assert bob_client.get("/talks/private-talk/controlled/").status_code == 404
    assert bob_client.get("/talks/private-talk/share/").status_code == 404


def test_the_controlled_projector_follows_as_a_projector(alice_client, public_deck):
    response = alice_client.get("/talks/public-talk/controlled/")
    config = live_config(response)
    assert (config["mode"], config["eventsUrl"]) == ("projector", "/talks/public-talk/live/events?role=projector")
    assert "data-previous" not in response.content.decode()


def test_the_share_page_shows_a_qr_code_of_the_short_link(client, public_deck):
    response = client.get("/talks/public-talk/share/")
    html = response.content.decode()
    assert re.findall(r'data-follow-link>([^<]+)<', html) == ["http://testserver/f/public-talk"]
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert svg.startswith('<svg viewBox="0 0 264 264" class="segno">')
    assert "<script" not in svg


def test_the_share_page_warns_that_a_private_deck_cannot_be_followed(alice_client, alice):
    make_talk(alice, "private-talk", Deck.Visibility.PRIVATE)
    response = alice_client.get("/talks/private-talk/share/")
    assert "This deck is private: only you can open this link." in response.content.decode()


def test_the_share_page_of_a_live_private_deck_shows_its_audience_link(alice_client, alice):
    from presenter.models import PresentationState

    deck = make_talk(alice, "private-talk", Deck.Visibility.PRIVATE)
    PresentationState.change(deck, action="start")
    html = alice_client.get("/talks/private-talk/share/").content.decode()
    links = re.findall(r'data-follow-link>([^<]+)<', html)
    assert len(links) == 1 and links[0].startswith("http://testserver/l/#"), links
    assert "The deck stays private." in html and "only you can open this link" not in html
    # It is the one the presenter view shows.
    panel = alice_client.get("/talks/private-talk/live/panel").content.decode()
    assert re.findall(r'data-follow-link>([^<]+)<', panel) == links


def test_the_short_link_leads_to_the_follow_page(client, public_deck):
    response = client.get("/f/public-talk")
    assert (response.status_code, response["Location"]) == (302, "/talks/public-talk/follow/")


def test_the_home_page_links_public_talks_to_their_follow_page(client, public_deck, alice):
    make_talk(alice, "unlisted-talk", Deck.Visibility.UNLISTED)
    html = client.get("/").content.decode()
    assert re.findall(r'href="(/talks/[^"]+)"', html) == ["/talks/public-talk/follow/"]


def test_the_live_panel_is_for_the_owner_only(alice_client, bob, public_deck):
    bob_client = Client()
    bob_client.force_login(bob)
    assert bob_client.get("/talks/public-talk/live/panel").status_code == 403
    assert Client().get("/talks/public-talk/live/panel").status_code == 403
    html = alice_client.get("/talks/public-talk/live/panel").content.decode()
    assert re.findall(r'data-follow-link>([^<]+)<', html) == ["http://testserver/f/public-talk"]
    assert re.findall(r'data-(state|events)-url="([^"]+)"', html) == [
        ("state", "/talks/public-talk/live/state"),
        ("events", "/talks/public-talk/live/events?role=presenter"),
    ]
