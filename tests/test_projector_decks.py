"""Every step of the project's decks shows in the projector, in Chromium: the
demo deck with all its images, the showcase with a placeholder for its missing one."""

from pathlib import Path

import pytest
from django.conf import settings

from .factories import DATA, import_deck_folder
from .pages import present_every_step

DEMO = Path(settings.BASE_DIR) / "decks" / "demo"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_demo_deck_shows_with_no_error_or_failed_request(alice, live_server, page):
    deck = import_deck_folder(DEMO, alice, slug="demo", visibility="public")
    counts, missing = present_every_step(page, f"{live_server.url}/talks/{deck.slug}/")
    assert (counts, missing) == ([len(slide.steps) for slide in deck.render().slides], {})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_showcase_shows_with_a_placeholder_for_its_missing_image(alice, live_server, page):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility="public")
    counts, missing = present_every_step(page, f"{live_server.url}/talks/{deck.slug}/")
    assert ((len(counts), sum(counts)), missing) == ((20, 25), {(8, 1): ["not_photographed_yet.png"]})
