"""Every step of the real decks shows in the projector, in Chromium."""

import pytest

from tests.factories import import_deck_folder
from tests.pages import present_every_step

from .conftest import PYGOTHAM, SEED

# The seed names these images; the deck's images/ folder lacks them.
SEED_MISSING_IMAGES = ["runserver_00.png", "runserver_00a.png", "runserver_01.png", "runserver_02.png"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_pygotham_deck_shows_with_no_error_or_failed_request(alice, live_server, page):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="public")
    counts, missing = present_every_step(page, f"{live_server.url}/talks/{deck.slug}/")
    assert ((len(counts), sum(counts)), missing) == ((142, 144), {})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_seed_shows_with_placeholders_for_its_missing_images(alice, live_server, page):
    deck = import_deck_folder(SEED, alice, slug="seed", visibility="public")
    counts, missing = present_every_step(page, f"{live_server.url}/talks/{deck.slug}/")
    assert (len(counts), sum(counts)) == (107, 108)
    shown_missing = sorted({name for names in missing.values() for name in names})
    assert shown_missing == SEED_MISSING_IMAGES == deck.render().missing_assets
