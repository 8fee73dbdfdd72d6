"""Every step of the project's decks shows in the projector, in Chromium: the
demo deck with all its images, the showcase with a placeholder for its missing one."""

from pathlib import Path

import pytest
from django.conf import settings

from .factories import DATA, every_position, import_deck_folder
from .pages import broken_images, step_through_every_step

DEMO = Path(settings.BASE_DIR) / "decks" / "demo"
SHOWCASE = DATA / "showcase"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_demo_deck_shows_with_no_error_or_failed_request(alice, live_server, page):
    deck = import_deck_folder(DEMO, alice, slug="demo", visibility="public")

    counts, seen = step_through_every_step(page, f"{live_server.url}/talks/{deck.slug}/")

    rendered = deck.render()
    assert counts == [len(slide.steps) for slide in rendered.slides]
    assert [step["position"] for step in seen] == every_position(counts)
    assert all(step["visible"] for step in seen)
    assert [step for step in seen if step["missing"]] == []
    assert broken_images(page) == []
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_showcase_shows_with_a_placeholder_for_its_missing_image(alice, live_server, page):
    deck = import_deck_folder(SHOWCASE, alice, slug="showcase", visibility="public")

    counts, seen = step_through_every_step(page, f"{live_server.url}/talks/{deck.slug}/")

    assert (len(counts), sum(counts)) == (20, 25)
    assert all(step["visible"] for step in seen)
    assert [(step["position"], step["missing"]) for step in seen if step["missing"]] == [
        ((8, 1), ["not_photographed_yet.png"])
    ]
    assert broken_images(page) == []
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])
