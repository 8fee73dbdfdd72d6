"""What browsers and shared caches may keep of a deck.

Anything of a deck that is not public is `private` and revalidated on every
use, so no shared cache keeps it and the browser's cache cannot answer for
it once the session has ended. The pages that carry the speaker's notes or
the editor are never stored at all.
"""

import pytest

from decks.models import Deck
from presenter.links import make_link
from tests.conftest import csrf_client

from .factories import add_image, make_deck
from .test_role_links import opened

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")} if "Cache-Control" in response else set()


@pytest.mark.parametrize("visibility", [Deck.Visibility.PRIVATE, Deck.Visibility.UNLISTED])
def test_an_image_of_a_deck_that_is_not_public_is_private_and_revalidated(alice, alice_client, visibility):
    deck = make_deck(alice, "@= picture.png", visibility=visibility)
    image = add_image(deck, "picture.png")
    response = alice_client.get(image.get_absolute_url())
    assert response.status_code == 200
    assert cache_control(response) == {"private", "no-cache"}
    assert response["ETag"] == f'"{image.checksum}"'
    again = alice_client.get(image.get_absolute_url(), headers={"If-None-Match": response["ETag"]})
    assert (again.status_code, again.content, cache_control(again)) == (304, b"", {"private", "no-cache"})


def test_a_link_sessions_image_is_private_too(alice):
    deck = make_deck(alice, "@= picture.png", slug="linked")
    image = add_image(deck, "picture.png")
    client = opened(make_link(deck, role="projector", created_by=alice))
    response = client.get(image.get_absolute_url())
    assert (response.status_code, cache_control(response)) == (200, {"private", "no-cache"})


def test_an_image_of_a_public_deck_may_be_kept_by_anyone_for_a_year(alice, client):
    deck = make_deck(alice, "@= picture.png", visibility=Deck.Visibility.PUBLIC)
    image = add_image(deck, "picture.png")
    response = client.get(image.get_absolute_url())
    assert cache_control(response) == {"public", "max-age=31536000", "immutable"}


@pytest.mark.parametrize("page", ["presenter/", "handout/", "rehearsals/"])
def test_the_speakers_pages_are_never_stored(alice, alice_client, page):
    deck = make_deck(alice, ("#= One", "A note."), visibility=Deck.Visibility.PUBLIC)
    response = alice_client.get(f"/talks/{deck.slug}/{page}")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


def test_the_editor_is_never_stored(alice, alice_client):
    deck = make_deck(alice, ("#= One", "A note."), visibility=Deck.Visibility.PUBLIC)
    response = alice_client.get(f"/decks/{deck.slug}/edit/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


def test_the_remote_is_never_stored(alice):
    deck = make_deck(alice, ("#= One", "A note."))
    response = opened(make_link(deck, role="remote", created_by=alice)).get(f"/talks/{deck.slug}/remote/")
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control(response)


@pytest.mark.parametrize("visibility", [Deck.Visibility.PRIVATE, Deck.Visibility.UNLISTED])
def test_the_projector_page_of_a_deck_that_is_not_public_is_private(alice, visibility):
    deck = make_deck(alice, "#= One", visibility=visibility)
    response = csrf_client(alice).get(f"/talks/{deck.slug}/")
    assert response.status_code == 200
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)
