"""The projector page in Chromium: keys, clicks, swipes, the address, scaling,
preloading and the overlays, on a small deck (steps per slide: 1, 3, 1, 1, 1)."""

import re

import pytest

from .factories import SMALL_DECK_STEPS, make_small_deck
from .pages import shown_position

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def projector(alice, live_server, page):
    deck = make_small_deck(alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    return page


def press(page, key):
    page.keyboard.press(key)
    return shown_position(page)


def current_text(page):
    return page.locator("[data-slide][data-current] > [data-step][data-current]").inner_text()


def test_next_keys_step_through_builds_and_slides(projector):
    assert shown_position(projector) == "1.1"
    assert current_text(projector) == "First slide"
    positions = [press(projector, key) for key in ["ArrowRight", "ArrowDown", "Space", "PageDown", "Enter", "n"]]
    assert positions == ["2.1", "2.2", "2.3", "3.1", "4.1", "5.1"]
    assert current_text(projector) == "The end\n\nsource"
    # At the end of the deck, next stays put.
    assert press(projector, "N") == "5.1"


def test_previous_keys_go_back_through_builds_to_the_last_step_of_the_slide_before(projector):
    press(projector, "End")
    positions = [press(projector, key) for key in ["ArrowLeft", "ArrowUp", "PageUp", "Backspace", "p"]]
    assert positions == ["4.1", "3.1", "2.3", "2.2", "2.1"]
    assert current_text(projector) == "Second slide"
    assert press(projector, "P") == "1.1"
    assert press(projector, "ArrowLeft") == "1.1"


def test_home_end_and_a_typed_number_then_enter_jump(projector):
    assert press(projector, "End") == "5.1"
    assert press(projector, "Home") == "1.1"
    projector.keyboard.type("3")
    assert projector.locator("[data-jump-to]").inner_text() == "Go to slide 3"
    # The typed number shows in the bottom right corner, over the slide.
    corner = projector.locator("[data-jump-to]").bounding_box()
    assert corner["x"] + corner["width"] > 1200 and corner["y"] + corner["height"] > 680
    assert press(projector, "Enter") == "3.1"
    assert projector.locator("[data-jump-to]").is_hidden()
    projector.keyboard.type("2")
    assert press(projector, "Enter") == "2.1"
    # A number past the end goes to the last slide.
    projector.keyboard.type("99")
    assert press(projector, "Enter") == "5.1"


def test_b_and_full_stop_toggle_the_black_screen(projector):
    cover = projector.locator("[data-blackout]")
    assert cover.is_hidden()
    assert press(projector, "b") == "1.1 blackout"
    assert cover.is_visible()
    assert cover.bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 720}
    assert press(projector, "B") == "1.1"
    assert press(projector, ".") == "1.1 blackout"
    # Next, like on a projector remote, first brings the slide back.
    assert press(projector, "ArrowRight") == "1.1"
    assert cover.is_hidden()
    assert press(projector, "ArrowRight") == "2.1"


def test_f_toggles_full_screen(projector):
    projector.keyboard.press("f")
    projector.wait_for_function("() => document.fullscreenElement === document.documentElement")
    projector.keyboard.press("f")
    projector.wait_for_function("() => document.fullscreenElement === null")


def test_o_shows_every_slide_and_a_click_jumps_there(projector):
    overview = projector.locator("[data-overview]")
    projector.keyboard.press("o")
    assert overview.is_visible()
    items = overview.locator("[data-goto]")
    assert items.count() == len(SMALL_DECK_STEPS)
    assert [items.nth(index).get_attribute("aria-label") for index in range(5)] == [f"Slide {n}" for n in range(1, 6)]
    # Slides in the overview show their last step, with the builds.
    assert items.nth(1).inner_text().split("\n")[:3] == ["Second slide", "one more point", "and a third"]
    # Keys that move the deck do nothing while it is open.
    projector.keyboard.press("ArrowRight")
    assert shown_position(projector) == "1.1"
    items.nth(3).click()
    assert overview.is_hidden()
    assert shown_position(projector) == "4.1"
    projector.keyboard.press("o")
    projector.keyboard.press("Escape")
    assert overview.is_hidden()


def test_question_mark_lists_the_keys(projector):
    help_overlay = projector.locator("[data-help]")
    projector.keyboard.press("?")
    assert help_overlay.is_visible()
    assert help_overlay.locator("dd").all_inner_texts() == [
        "Next step",
        "Previous step",
        "First / last slide",
        "Go to that slide",
        "Black screen on / off",
        "Full screen",
        "All slides (click one to go there)",
        "This help; Esc closes it",
    ]
    projector.keyboard.press("?")
    assert help_overlay.is_hidden()


def test_keys_typed_into_a_form_field_do_not_move_the_deck(projector):
    # The projector has no form of its own; pages built on it (the live
    # projector) may add one.
    projector.evaluate(
        "document.querySelector('[data-projector]').append(Object.assign(document.createElement('input'), {id: 'field'}))"
    )
    projector.focus("#field")
    projector.keyboard.type("np b.12")
    projector.keyboard.press("Enter")
    projector.keyboard.press("ArrowRight")
    assert projector.input_value("#field") == "np b.12"
    assert shown_position(projector) == "1.1"


def test_a_click_on_the_slide_advances_but_a_click_on_a_link_does_not(projector):
    projector.mouse.click(640, 360)
    assert shown_position(projector) == "2.1"
    projector.keyboard.press("End")
    link = projector.locator("[data-slide][data-current] a", has_text="source")
    link.click(modifiers=["Control"])
    assert shown_position(projector) == "5.1"


def test_swipes_move_the_deck(alice, live_server, browser):
    deck = make_small_deck(alice)
    context = browser.new_context(viewport={"width": 800, "height": 450}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/talks/{deck.slug}/")
        page.wait_for_selector("[data-projector][data-position]")
        touch = context.new_cdp_session(page)

        def swipe(from_x, to_x):
            for kind, x in [("touchStart", from_x), ("touchMove", (from_x + to_x) / 2), ("touchEnd", to_x)]:
                points = [] if kind == "touchEnd" else [{"x": x, "y": 225}]
                touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
            return shown_position(page)

        page.touchscreen.tap(400, 225)
        page.wait_for_function("() => document.querySelector('[data-projector]').dataset.position === '2.1'")
        assert swipe(700, 100) == "2.2"
        assert swipe(700, 100) == "2.3"
        assert swipe(100, 700) == "2.2"
    finally:
        context.close()


def test_the_address_follows_the_step_and_a_reload_or_back_lands_there(projector, live_server):
    projector.keyboard.press("ArrowRight")
    projector.keyboard.press("ArrowRight")
    assert projector.url.endswith("/talks/small/#2.2")
    projector.reload()
    projector.wait_for_selector("[data-projector][data-position]")
    assert shown_position(projector) == "2.2"
    assert current_text(projector) == "Second slide\none more point"

    projector.goto(f"{live_server.url}/healthz")
    projector.go_back()
    projector.wait_for_selector("[data-projector][data-position]")
    assert shown_position(projector) == "2.2"

    # A shared link, and one edited by hand.
    projector.goto(f"{live_server.url}/talks/small/#4")
    projector.wait_for_selector("[data-projector][data-position]")
    assert shown_position(projector) == "4.1"
    projector.evaluate("location.hash = '#2.3'")
    projector.wait_for_function("() => document.querySelector('[data-projector]').dataset.position === '2.3'")
    assert projector.url.endswith("#2.3")


def test_the_slide_is_16_by_9_and_letterboxed_at_any_window_size(projector):
    stage = projector.locator("[data-stage]")
    assert stage.bounding_box() == {"x": 0, "y": 0, "width": 1280, "height": 720}
    projector.set_viewport_size({"width": 1000, "height": 1000})
    projector.wait_for_function("() => document.querySelector('[data-stage]').getBoundingClientRect().width === 1000")
    assert stage.bounding_box() == {"x": 0, "y": 218.75, "width": 1000, "height": 562.5}
    projector.set_viewport_size({"width": 3840, "height": 2160})
    projector.wait_for_function("() => document.querySelector('[data-stage]').getBoundingClientRect().width === 3840")
    assert stage.bounding_box() == {"x": 0, "y": 0, "width": 3840, "height": 2160}
    # The slide is real text, scaled, not a picture of text.
    title = projector.get_by_role("heading", name="First slide")
    assert title.evaluate("element => getComputedStyle(element).fontSize") == "88px"
    assert title.bounding_box()["height"] > 3 * 88


def test_images_of_the_next_slide_load_before_it_is_shown(alice, live_server, page):
    deck = make_small_deck(alice)
    picture_url = deck.assets.get(name="picture.png").get_absolute_url()
    with page.expect_response(lambda response: response.url.endswith(picture_url)) as picture:
        page.goto(f"{live_server.url}/talks/{deck.slug}/#2.3")
    assert picture.value.status == 200
    # An unlisted deck's image: kept by this browser only, revalidated on each use.
    assert picture.value.headers["cache-control"] == "private, no-cache"
    page.wait_for_function("() => document.querySelector('[data-slide=\"3\"] img').complete")
    assert page.locator("[data-slide='3'] img").evaluate("image => image.naturalWidth") == 640

    # Slides further on do not load theirs until they come close.
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-slide][data-current] img").evaluate("image => image.complete") is True
    assert [url for url in requested if re.search(r"/images/", url)] == []
