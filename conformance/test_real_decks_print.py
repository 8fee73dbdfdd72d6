"""A real deck prints one 16:9 page per slide, in Chromium, at the size its stylesheet's @page says."""

import pytest

from tests.factories import import_deck_folder
from tests.pages import pdf_pages

from .conftest import PYGOTHAM


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_printing_the_pygotham_deck_gives_one_16_by_9_page_per_slide(alice, live_server, page):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="public")
    page.goto(f"{live_server.url}/talks/{deck.slug}/#12.1")
    page.wait_for_selector("[data-projector][data-position]")

    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))

    assert len(pages) == 142
    # PyGotham's "@page { size: 1210px 681px }", at 72 points per 96 px.
    assert set(pages) == {(908, 511)}
