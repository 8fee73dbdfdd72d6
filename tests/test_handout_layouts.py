"""The handout's layouts: slides alone (a PDF of the deck), or 1, 2, 3 (with lines) or 6 slides per A4 page.

Chromium's own PDF printing is the printer; pages are counted in the PDF it writes.
"""

import math

import pytest

from decks.models import Deck

from .conftest import log_in
from .factories import DATA, SMALL_DECK_STEPS, import_deck_folder, make_small_deck
from .pages import SLIDE_PAGE_POINTS, pdf_pages
from .test_image_fit import BOXES, TALL, TALL_BUILT, assert_inside, picture_deck, wait_for_images

A4 = (595, 842)
# remark's 1210x681 page, which a deck's own stylesheet prints on, at 72 points per 96 px.
REMARK_PAGE_POINTS = (908, 511)


def printed(page, url):
    page.goto(url)
    page.wait_for_selector("[data-handout]")
    page.wait_for_function("() => [...document.images].every((image) => image.complete)")
    return pdf_pages(page.pdf(prefer_css_page_size=True, print_background=True))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_slides_only_prints_every_step_on_a_16_by_9_page_of_its_own(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)

    pages = printed(page, f"{live_server.url}/talks/{deck.slug}/handout/?layout=slides")

    assert pages == [SLIDE_PAGE_POINTS] * sum(SMALL_DECK_STEPS)
    # Each step as it shows on the projector: the three builds of slide 2 one by one.
    page.emulate_media(media="print")
    steps = page.locator(".handout-step")
    assert [steps.nth(index).inner_text() for index in (1, 2, 3)] == [
        "Second slide",
        "Second slide\none more point",
        "Second slide\none more point\nand a third",
    ]
    assert {tuple(steps.nth(index).bounding_box()[side] for side in ("width", "height")) for index in range(7)} == {(1280, 720)}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_slides_only_of_a_deck_in_its_own_look_prints_on_its_own_page_size(alice, live_server, browser_context, page):
    deck = picture_deck(alice, TALL, TALL_BUILT, look="own")
    log_in(browser_context, live_server, alice)

    pages = printed(page, f"{live_server.url}/talks/{deck.slug}/handout/?layout=slides")

    assert pages == [REMARK_PAGE_POINTS] * 3
    # Printed, the tall picture still shares each page with its heading and line.
    page.emulate_media(media="print")
    for index in range(3):
        step = page.locator(".handout-step .slide-content").nth(index)
        wait_for_images(page, ".handout-step")
        assert_inside(step.evaluate(BOXES))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("layout, per_page", [("1", 1), ("2", 2), ("3", 3), ("6", 6)])
def test_the_showcase_deck_fits_its_slides_per_a4_page(alice, live_server, browser_context, page, layout, per_page):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility=Deck.Visibility.PRIVATE)
    slides = deck.slides.count()
    assert slides == 20
    log_in(browser_context, live_server, alice)

    pages = printed(page, f"{live_server.url}/talks/{deck.slug}/handout/?layout={layout}")

    assert pages == [A4] * math.ceil(slides / per_page)
    page.emulate_media(media="print")
    # Every slide, once, each frame whole on its sheet.
    frames = page.locator(".handout-frame")
    assert frames.count() == slides
    sheet = page.locator(".handout-sheet").first.bounding_box()
    # 273 mm, the height of A4 inside its 12 mm margins, at 96 px per inch.
    assert sheet["height"] <= 273 / 25.4 * 96
    if layout == "3":
        assert page.locator(".handout-slide").first.locator(".handout-lines span").count() == 8


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_layout_is_chosen_on_the_handout_page(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/talks/{deck.slug}/handout/")
    assert page.get_by_label("1 slide per page, with the speaker notes").is_checked()

    page.get_by_label("3 slides per page, with lines for notes").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"{live_server.url}/talks/{deck.slug}/handout/?layout=3")
    assert page.get_by_label("3 slides per page, with lines for notes").is_checked()
    assert page.locator(".handout-sheet").count() == 2
    assert page.locator(".handout-lines").count() == 5
    # The notes are the speaker's page's: the audience's sheets leave them out.
    assert page.locator(".handout-notes").count() == 0

    page.get_by_label("Slides only: every step on a 16:9 page (a PDF of the deck)").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(f"{live_server.url}/talks/{deck.slug}/handout/?layout=slides")
    assert page.locator(".handout-step").count() == sum(SMALL_DECK_STEPS)
    assert page.problems.console_errors == [] and page.problems.page_errors == []


@pytest.mark.django_db
@pytest.mark.parametrize("layout", ["", "4", "slides'", "x" * 300])
def test_an_unknown_layout_shows_the_first(alice, alice_client, layout):
    deck = make_small_deck(alice)
    response = alice_client.get(f"/talks/{deck.slug}/handout/", {"layout": layout})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="1" checked' in html
    assert html.count('class="handout-notes"') == 5
