"""A follower browses with the projector's keys and swipes (presenter/keys.py, deck-keys.js)."""

import pytest

from presenter.models import PresentationState
from tests.conftest import PageProblems
from tests.factories import make_small_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def follower(browser, live_server, alice):
    deck = make_small_deck(alice)
    PresentationState.change(deck, action="start")
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.problems = PageProblems(page)
    # The test server cannot stream: the page polls the state instead.
    page.route("**/live/events*", lambda route: route.fulfill(status=502, body="Bad gateway"))
    page.goto(f"{live_server.url}/talks/{deck.slug}/follow/")
    page.wait_for_selector("[data-live-page][data-position='1.1']")
    yield page
    context.close()


def position(page):
    return page.locator("[data-live-page]").get_attribute("data-position")


def browsed(page):
    return page.locator("[data-live-page]").get_attribute("data-following") == "false"


def swiper(page):
    touch = page.context.new_cdp_session(page)
    box = page.locator("[data-deck-slides]").bounding_box()
    middle = box["y"] + box["height"] / 2

    def swipe(from_x, to_x):
        for kind, x in [("touchStart", from_x), ("touchMove", (from_x + to_x) / 2), ("touchEnd", to_x)]:
            points = [] if kind == "touchEnd" else [{"x": x, "y": middle}]
            touch.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})
        return position(page)

    return swipe


def test_a_follower_browses_with_the_projectors_keys_and_l_goes_back_to_live(follower):
    follower.keyboard.press("ArrowDown")
    assert (position(follower), browsed(follower)) == ("2.1", True)
    follower.keyboard.press("n")
    assert position(follower) == "2.2"
    follower.keyboard.press("Backspace")
    assert position(follower) == "2.1"
    follower.keyboard.press("L")
    assert (position(follower), browsed(follower)) == ("1.1", False)


def test_a_follower_swipe_needs_the_projectors_50_pixels(follower):
    swipe = swiper(follower)
    assert swipe(300, 255) == "1.1"
    assert swipe(300, 100) == "2.1"
    assert swipe(100, 300) == "1.1"
    assert follower.problems.page_errors == []
