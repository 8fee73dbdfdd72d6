"""The default theme gives PyGotham the looks of its reference screenshots
(../shared/decks/2019_10_PyGotham/looks/step-NNN.png, FORMAT.md §10), measured
on the laid-out page at 1280x720."""

import pytest

from tests.factories import every_position, import_deck_folder
from tests.pages import show_step
from tests.theme import (
    check_footnotes_are_small_grey_links_at_the_bottom_right,
    check_image_is_centred_and_as_large_as_fits,
    check_terminal_looks,
    check_title_is_centred_both_ways,
)

from .conftest import PYGOTHAM


@pytest.fixture
def pygotham(alice, live_server, page):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="public")
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    counts = page.evaluate("document.querySelector('[data-projector]').navigation.stepCounts")
    positions = every_position(counts)

    def show_look(number):
        """Shows the step of looks/step-<number>.png (steps counted from 1 through the deck)."""
        return show_step(page, f"{live_server.url}/talks/{deck.slug}/", *positions[number - 1])

    return show_look


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_title_slides_are_centred_both_ways(pygotham):
    check_title_is_centred_both_ways(pygotham(1), ["\nWhat is deployment, anyway?", "PyGotham 2019"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_terminals_have_a_title_bar_a_dark_body_and_coloured_prompts(pygotham):
    check_terminal_looks(pygotham(19), "bash")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_image_slides_show_the_picture_centred_and_as_large_as_fits(pygotham):
    check_image_is_centred_and_as_large_as_fits(pygotham(35))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_footnotes_are_small_grey_links_at_the_bottom_right(pygotham):
    check_footnotes_are_small_grey_links_at_the_bottom_right(
        pygotham(94), ["Type UWSGI, Press Enter, what happens?", "Secrets of a WSGI master"]
    )
