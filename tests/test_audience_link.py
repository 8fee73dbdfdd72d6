"""The link the presenter view shows the room (presenter/links.py: audience_link) and the talk clock's endpoint."""

import json
import re

import pytest

from decks.models import Deck
from presenter.links import audience_link, hash_token, revoke_link, shown_audience_link
from presenter.models import DeckLink, PresentationState
from tests.conftest import csrf_client

from .factories import make_deck

pytestmark = pytest.mark.django_db


def go_live(client, slug):
    return client.post(
        f"/talks/{slug}/live/state",
        json.dumps({"action": "start"}),
        content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token},
    )


def panel_link(client, slug):
    return re.findall(r"data-follow-link>([^<]+)<", client.get(f"/talks/{slug}/live/panel").content.decode())


def test_going_live_on_a_private_deck_makes_one_viewer_link_and_shows_it_again(alice):
    deck = make_deck(alice, "#= Hello", slug="private-talk")
    owner = csrf_client(alice)
    assert panel_link(owner, "private-talk") == []
    assert go_live(owner, "private-talk").status_code == 200
    (link,) = DeckLink.objects.filter(deck=deck)
    assert (link.role, link.label, link.created_by, bool(link.audience_key)) == ("viewer", "Audience", alice, True)
    shown = panel_link(owner, "private-talk")
    assert len(shown) == 1 and shown == panel_link(owner, "private-talk")
    token = shown[0].split("#")[1]
    # The token works, and only its hash is stored.
    assert hash_token(token) == link.token_hash and token not in json.dumps(list(DeckLink.objects.values()), default=str)
    phone = csrf_client()
    response = phone.post("/l/", json.dumps({"token": token}), content_type="application/json", headers={"X-CSRFToken": phone.csrf_token})
    assert response.json() == {"url": "/talks/private-talk/follow/"}
    assert phone.get("/talks/private-talk/follow/").status_code == 200
    # Going live again keeps it.
    PresentationState.change(deck, action="end")
    go_live(owner, "private-talk")
    assert DeckLink.objects.filter(deck=deck).count() == 1 and panel_link(owner, "private-talk") == shown


def test_a_revoked_audience_link_is_replaced_at_the_next_view_while_live(alice):
    deck = make_deck(alice, "#= Hello", slug="private-talk")
    first = audience_link(deck, created_by=alice)
    revoke_link(first.link)
    assert shown_audience_link(deck) is None
    PresentationState.change(deck, action="start")
    shown = panel_link(csrf_client(alice), "private-talk")
    assert len(shown) == 1 and first.token not in shown[0]
    assert DeckLink.objects.filter(deck=deck, revoked__isnull=True).count() == 1


def test_a_changed_secret_key_makes_a_new_audience_link_rather_than_a_wrong_one(alice, settings):
    deck = make_deck(alice, "#= Hello", slug="private-talk")
    first = audience_link(deck, created_by=alice)
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdefghij"
    second = audience_link(deck, created_by=alice)
    assert second.link.pk != first.link.pk and hash_token(second.token) == second.link.token_hash


@pytest.mark.parametrize("visibility", [Deck.Visibility.UNLISTED, Deck.Visibility.PUBLIC])
def test_unlisted_and_public_decks_show_their_follow_url_and_make_no_link(alice, visibility):
    make_deck(alice, "#= Hello", slug="open-talk", visibility=visibility)
    owner = csrf_client(alice)
    go_live(owner, "open-talk")
    assert panel_link(owner, "open-talk") == ["http://testserver/f/open-talk"]
    assert not DeckLink.objects.exists()


def test_the_talk_clock_counts_from_go_live_for_those_who_may_follow(alice):
    deck = make_deck(alice, "#= Hello", slug="private-talk")
    owner = csrf_client(alice)
    assert owner.get("/talks/private-talk/live/clock").json()["startedAt"] is None
    state = PresentationState.change(deck, action="start")
    clock = owner.get("/talks/private-talk/live/clock").json()
    assert clock["startedAt"] == round(state.started_at.timestamp() * 1000) and clock["endedAt"] is None
    assert 0 <= clock["now"] - clock["startedAt"] < 5000
    assert csrf_client().get("/talks/private-talk/live/clock").status_code == 404
