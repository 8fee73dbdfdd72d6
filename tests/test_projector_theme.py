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


# Each look: the slide that shows it, the check, what the check expects.
LOOKS = {
    # The title starts with a <br>, as the deck wrote it.
    "title-centred-both-ways": (1, check_title_is_centred_both_ways, ["\nFeeding a crowd of two hundred", "Kitchen Conf 2026"]),
    "terminal-title-bar-dark-body-coloured-prompts": (11, check_terminal_looks, "bash"),
    "image-centred-as-large-as-fits": (4, check_image_is_centred_and_as_large_as_fits),
    "footnotes-small-grey-links-bottom-right": (20, check_footnotes_are_small_grey_links_at_the_bottom_right, ["more recipes"]),
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("look", LOOKS)
def test_the_showcase_has_the_looks_of_the_theme(look, showcase):
    slide, check, *expected = LOOKS[look]
    check(showcase(slide), *expected)
