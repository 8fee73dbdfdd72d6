"""The default theme gives the showcase deck the looks FORMAT.md §10 describes,
measured on the laid-out page at 1280x720."""

import pytest

from .factories import DATA, import_deck_folder
from .pages import show_step
from .theme import (
    check_footnotes_are_small_grey_links_at_the_bottom_right,
    check_image_is_centred_and_as_large_as_fits,
    check_terminal_looks,
    check_title_is_centred_both_ways,
)


@pytest.fixture
def showcase(alice, live_server, page):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility="public")

    def show_look(slide, step=1):
        return show_step(page, f"{live_server.url}/talks/{deck.slug}/", slide, step)

    return show_look


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_title_slides_are_centred_both_ways(showcase):
    # The title starts with a <br>, as the deck wrote it.
    check_title_is_centred_both_ways(showcase(1), ["\nFeeding a crowd of two hundred", "Kitchen Conf 2026"])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_terminals_have_a_title_bar_a_dark_body_and_coloured_prompts(showcase):
    check_terminal_looks(showcase(11), "bash")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_image_slides_show_the_picture_centred_and_as_large_as_fits(showcase):
    check_image_is_centred_and_as_large_as_fits(showcase(4))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_footnotes_are_small_grey_links_at_the_bottom_right(showcase):
    check_footnotes_are_small_grey_links_at_the_bottom_right(showcase(20), ["more recipes"])
