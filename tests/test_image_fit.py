"""Images share the slide with the text above and below them, on every page that draws it."""

import pytest

from .conftest import log_in
from .factories import add_image, make_deck, png_bytes
from .pages import wait_for_position, wait_until_ready

TALL = "# A heading over a tall picture\n\n@ tall.png\n\nA line under it"
# Two steps: the line under the picture comes one press later.
TALL_BUILT = "# A heading over a tall picture\n\n@ tall.png\n--\n\nA line under it"
SMALL = "# A small picture keeps its size\n\n@ small.png"
# A picture written inline, beside text, at the size it was given.
EMOJI = "## Two pictures side by side\n\n![](images/tall.png) ![](images/wide.png)\n\nThe end of the line"

# The box of everything drawn in the step, and of the step's slide, in the page's px.
BOXES = """(step) => {
  const slide = step.getBoundingClientRect();
  const height = slide.width * 9 / 16;
  return {
    slide: { top: slide.top, bottom: slide.top + height, left: slide.left, right: slide.right },
    images: [...step.querySelectorAll("img")].map((image) => {
      const box = image.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, left: box.left, right: box.right, complete: image.complete && image.naturalWidth > 0 };
    }),
    parts: [...step.children].map((child) => {
      const box = child.getBoundingClientRect();
      return { top: box.top, bottom: box.bottom };
    }),
    scale: slide.width / step.offsetWidth,
    sizes: [...step.querySelectorAll("img")].map((image) => [image.offsetWidth, image.offsetHeight]),
  };
}"""


def picture_deck(owner, *slides, visibility="unlisted", look="default"):
    deck = make_deck(owner, *slides, title="Tall pictures", slug="tall-pictures", visibility=visibility)
    deck.look = look
    deck.save(update_fields=["look"])
    add_image(deck, "tall.png", png_bytes((400, 1200), (30, 90, 160)))
    add_image(deck, "wide.png", png_bytes((900, 300), (160, 90, 30)))
    add_image(deck, "small.png", png_bytes((200, 100), (30, 160, 90)))
    return deck


def assert_inside(boxes):
    slide = boxes["slide"]
    assert boxes["images"], "the step draws no picture"
    for image in boxes["images"]:
        assert image["complete"], "the picture did not load"
        assert slide["top"] - 0.5 <= image["top"] and image["bottom"] <= slide["bottom"] + 0.5, (image, slide)
        assert slide["left"] - 0.5 <= image["left"] and image["right"] <= slide["right"] + 0.5, (image, slide)
    for part in boxes["parts"]:
        assert slide["top"] - 0.5 <= part["top"] and part["bottom"] <= slide["bottom"] + 0.5, (part, slide)


def wait_for_images(page, selector):
    page.wait_for_function(
        "(selector) => [...document.querySelectorAll(selector + ' img')].every((image) => image.complete && image.naturalWidth)",
        arg=selector,
    )
    # A loaded picture is fitted by its load event; one frame later it is drawn.
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("look", ["default", "own"])
def test_a_heading_and_a_tall_picture_stay_inside_the_slide_at_every_step_on_the_projector(alice, live_server, page, look):
    deck = picture_deck(alice, TALL, TALL_BUILT, SMALL, look=look)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    wait_until_ready(page)
    current = "[data-step][data-current]"
    for position in ["1.1", "2.1", "2.2"]:
        if position != "1.1":
            page.keyboard.press("ArrowRight")
        wait_for_position(page, position)
        wait_for_images(page, current)
        boxes = page.locator(current).evaluate(BOXES)
        assert_inside(boxes)
        # Brought down to the room left, not to a thumbnail.
        assert boxes["sizes"][0][1] > 200
    page.keyboard.press("ArrowRight")
    wait_for_position(page, "3.1")
    wait_for_images(page, current)
    # A picture with room to spare keeps its own size.
    assert page.locator(current).evaluate(BOXES)["sizes"] == [[200, 100]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pictures_side_by_side_shrink_only_as_much_as_the_slide_needs(alice, live_server, page):
    deck = picture_deck(alice, EMOJI)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    wait_until_ready(page)
    wait_for_images(page, "[data-step][data-current]")
    boxes = page.locator("[data-step][data-current]").evaluate(BOXES)
    assert_inside(boxes)
    (tall_width, tall_height), (wide_width, wide_height) = boxes["sizes"]
    # Each keeps its own shape; the wide one, short enough, keeps its size.
    assert abs(tall_width / tall_height - 400 / 1200) < 0.01
    assert (wide_width, wide_height) == (900, 300) or abs(wide_width / wide_height - 3) < 0.02


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_follow_view_and_the_presenter_view_fit_the_picture_too(alice, live_server, browser_context, page):
    deck = picture_deck(alice, TALL)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/talks/{deck.slug}/follow/")
    page.wait_for_selector("[data-step][data-current]")
    wait_for_images(page, "[data-step][data-current]")
    assert_inside(page.locator("[data-step][data-current]").evaluate(BOXES))

    log_in(browser_context, live_server, alice)
    presenter = browser_context.new_page()
    presenter.set_viewport_size({"width": 1366, "height": 768})
    presenter.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    wait_until_ready(presenter)
    current = "[data-stage-current] .slide-content"
    wait_for_images(presenter, "[data-stage-current]")
    assert_inside(presenter.locator(current).evaluate(BOXES))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editor_preview_fits_the_picture(alice, live_server, browser_context, page):
    deck = picture_deck(alice, TALL)
    log_in(browser_context, live_server, alice)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    preview = "[data-preview] .slide-content"
    page.wait_for_selector(f"{preview} img")
    wait_for_images(page, "[data-preview]")
    assert_inside(page.locator(preview).evaluate(BOXES))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_printing_the_projector_fits_the_picture_of_every_slide(alice, live_server, page):
    deck = picture_deck(alice, TALL, TALL_BUILT, SMALL)
    page.goto(f"{live_server.url}/talks/{deck.slug}/#3.1")
    wait_until_ready(page)
    page.evaluate("() => document.querySelectorAll('img').forEach((image) => { image.loading = 'eager'; })")
    wait_for_images(page, "[data-deck-slides]")

    page.pdf(prefer_css_page_size=True, print_background=True)

    # What the PDF was printed from: every slide's last step, as print shows it.
    page.emulate_media(media="print")
    last_steps = page.locator("[data-slide] > [data-last-step]")
    assert last_steps.count() == 3
    for index in range(2):
        assert_inside(last_steps.nth(index).evaluate(BOXES))
    assert last_steps.nth(2).evaluate(BOXES)["sizes"] == [[200, 100]]
