"""Printing: the projector page prints one 16:9 page per slide, the handout one
page per slide with its notes. Chromium's own PDF printing is the printer."""


import pytest

from tests.conftest import log_in

from .factories import DATA, import_deck_folder, make_small_deck
from .pages import SLIDE_PAGE_POINTS, pdf_pages


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_printing_the_showcase_deck_gives_one_16_by_9_page_per_slide(alice, live_server, page):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility="public")
    page.goto(f"{live_server.url}/talks/{deck.slug}/#12.1")
    page.wait_for_selector("[data-projector][data-position]")

    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))

    assert len(pages) == 20
    assert set(pages) == {SLIDE_PAGE_POINTS}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_each_printed_slide_shows_its_last_step_alone(alice, live_server, page):
    deck = make_small_deck(alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    page.emulate_media(media="print")

    shown = page.locator("[data-step]:visible")
    assert shown.count() == 5
    assert [shown.nth(index).inner_text().split("\n")[0] for index in range(5)] == [
        "First slide",
        "Second slide",
        "",
        "bash",
        "The end",
    ]
    assert shown.nth(1).inner_text() == "Second slide\none more point\nand a third"
    assert [shown.nth(index).bounding_box()["height"] for index in range(5)] == [720] * 5
    assert page.locator("[data-blackout], [data-overview], [data-help]").evaluate_all(
        "elements => elements.map((element) => getComputedStyle(element).display)"
    ) == ["none", "none", "none"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_printed_handout_has_a_page_per_slide_with_its_notes(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/handout/")

    pages = pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))

    # A4 portrait.
    assert pages == [(595, 842)] * 5
    page.emulate_media(media="print")
    assert page.locator(".handout-slide").nth(0).inner_text() == "First slide\nSlide 1\n\nSay hello first."
