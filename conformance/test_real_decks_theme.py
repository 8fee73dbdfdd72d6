"""The default theme gives PyGotham the looks of its reference screenshots
(../shared/decks/2019_10_PyGotham/looks/step-NNN.png, FORMAT.md §10), measured
on the laid-out page at 1280x720: a deck imported without its stylesheet, or
switched to the default theme, still looks like its talk. (With its own
stylesheet, conformance/test_look.py holds every step against the audience's
screenshots.)"""

import pytest

from decks.models import Deck, Look

from tests.factories import every_position, import_deck_folder
from tests.pages import show_step
from tests.theme import (
    check_footnotes_are_small_grey_links_at_the_bottom_right,
    check_image_is_centred_and_as_large_as_fits,
    check_terminal_looks,
    check_title_is_centred_both_ways,
)

from .conftest import PYGOTHAM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pygotham(alice, live_server, page):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="public")
    Deck.objects.filter(pk=deck.pk).update(look=Look.DEFAULT)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    counts = page.evaluate("document.querySelector('[data-projector]').navigation.stepCounts")
    positions = every_position(counts)

    def show_look(number):
        """Shows the step of looks/step-<number>.png (steps counted from 1 through the deck)."""
        return show_step(page, f"{live_server.url}/talks/{deck.slug}/", *positions[number - 1])

    return show_look


# Each look: the step of looks/step-<number>.png, the check, what the check expects.
LOOKS = {
    "title-centred-both-ways": (1, check_title_is_centred_both_ways, ["\nWhat is deployment, anyway?", "PyGotham 2019"]),
    "terminal-title-bar-dark-body-coloured-prompts": (19, check_terminal_looks, "bash"),
    "image-centred-as-large-as-fits": (35, check_image_is_centred_and_as_large_as_fits),
    "footnotes-small-grey-links-bottom-right": (
        94,
        check_footnotes_are_small_grey_links_at_the_bottom_right,
        ["Type UWSGI, Press Enter, what happens?", "Secrets of a WSGI master"],
    ),
}


@pytest.mark.parametrize("look", LOOKS)
def test_pygotham_steps_have_the_looks_of_their_reference_screenshots(look, pygotham):
    number, check, *expected = LOOKS[look]
    check(pygotham(number), *expected)
