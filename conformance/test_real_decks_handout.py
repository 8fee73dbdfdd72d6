"""A real talk's handout: PyGotham's 142 slides, 3 per A4 page with lines for notes, in at most 50 pages."""

import os
from pathlib import Path

import pytest

from tests.conftest import log_in
from tests.factories import import_deck_folder
from tests.pages import pdf_pages

from .conftest import PYGOTHAM

A4 = (595, 842)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_pygotham_handout_at_3_slides_per_page_with_note_lines_is_at_most_50_pages(
    alice, live_server, browser_context, page
):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="private")
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/handout/?layout=3")
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    if os.environ.get("HANDOUT_PDF"):
        Path(os.environ["HANDOUT_PDF"]).write_bytes(pdf)
    pages = pdf_pages(pdf)

    assert page.locator(".handout-lines").count() == 142
    assert set(pages) == {A4}
    # 142 slides, three to a page.
    assert len(pages) == 48 <= 50
