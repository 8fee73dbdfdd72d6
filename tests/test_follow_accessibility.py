"""The follow page for everyone, in Chromium against real gunicorn: screen readers, keyboards, large text.

One polite live region says each move once; slides off screen are inert;
the whole deck reads as one page at one's own pace; each follower's text
size, contrast and motion are kept on their phone. The presenter view is
driven by keyboard alone too.
"""

from types import SimpleNamespace

import pytest

from decks.models import Deck, Slide
from presenter.models import PresentationState

from .conftest import PageProblems, log_in
from .factories import add_image
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LONG_LINE = "kubectl rollout status deployment/talks-web --namespace=production --timeout=120s"


@pytest.fixture(scope="module")
def server(collected_static_files, django_db_setup, django_db_blocker):
    with WebServer(workers=2) as server:
        yield server


@pytest.fixture
def deck(alice):
    deck = Deck.objects.create(owner=alice, title="Following along", slug="following-along", visibility="public")
    Slide.objects.bulk_create(
        [
            Slide(deck=deck, position=0, source="#= Welcome", notes="Secret: smile first."),
            Slide(deck=deck, position=1, source="## Two steps\n--\n\n* the second step\n\n[our docs](https://example.com/)"),
            Slide(deck=deck, position=2, source=f"## Third slide\n\n```\n{LONG_LINE}\n```\n\n![Image](images/chart.png)"),
            Slide(deck=deck, position=3, source="A slide without a heading"),
        ]
    )
    chart = add_image(deck, "chart.png")
    chart.description = "Requests per second, rising after the deploy"
    chart.save()
    return deck


def phone_page(browser, **options):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True, **options)
    page = context.new_page()
    page.problems = PageProblems(page)
    return page


@pytest.fixture
def phone(browser):
    page = phone_page(browser)
    yield page
    page.context.close()


def open_follow(page, server, deck):
    page.goto(f"{server.url}/talks/{deck.slug}/follow/")
    page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")


def wait_for_position(page, position):
    page.wait_for_function(
        "expected => document.querySelector('[data-live-page]').dataset.position === expected", arg=position
    )


def no_problems(page):
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


COUNT_ANNOUNCEMENTS = """() => {
    window.announcements = [];
    const region = document.querySelector('[data-announcer]');
    new MutationObserver(() => window.announcements.push(region.textContent))
        .observe(region, { childList: true, characterData: true, subtree: true });
}"""


def test_one_polite_live_region_says_each_move_once(server, deck, phone):
    PresentationState.change(deck, action="start")
    open_follow(phone, server, deck)
    wait_for_position(phone, "1.1")
    # The accessibility tree has one live region, a polite status, and no application.
    assert phone.get_by_role("status").count() == 1
    assert phone.locator("[aria-live], [role=status], [role=alert], [role=log]").count() == 1
    assert phone.locator("[role=application]").count() == 0
    phone.evaluate(COUNT_ANNOUNCEMENTS)

    said = []
    for (slide, step), position, expected in [
        ((1, 0), "2.1", "Two steps (slide 2 of 4)"),
        ((1, 1), "2.2", "Slide 2, step 2 of 2"),
        ((2, 0), "3.1", "Third slide (slide 3 of 4)"),
        ((3, 0), "4.1", "Slide 4 of 4"),
    ]:
        PresentationState.change(deck, slide=slide, step=step)
        wait_for_position(phone, position)
        phone.wait_for_timeout(300)  # time for a second announcement, were there one
        said.append(phone.evaluate("window.announcements.length"))
        assert phone.get_by_role("status").aria_snapshot() == f"- status: {expected}"
    assert said == [1, 2, 3, 4]
    assert phone.evaluate("window.announcements") == [
        "Two steps (slide 2 of 4)",
        "Slide 2, step 2 of 2",
        "Third slide (slide 3 of 4)",
        "Slide 4 of 4",
    ]
    # Browsing by hand is said once per press too.
    phone.get_by_role("button", name="Previous slide").click()
    wait_for_position(phone, "3.1")
    phone.wait_for_timeout(300)
    assert phone.evaluate("window.announcements.slice(4)") == ["Third slide (slide 3 of 4)"]
    no_problems(phone)


def test_focus_never_lands_in_a_slide_off_screen(server, deck, phone):
    PresentationState.change(deck, action="start", slide=2)
    open_follow(phone, server, deck)
    wait_for_position(phone, "3.1")
    # Slide 2 has a link; it is not on screen, so it is inert and out of the tab order.
    assert phone.evaluate("[...document.querySelectorAll('[data-slide]')].map((s) => s.inert)") == [True, True, False, True]
    focused = tab_through(phone, 12)
    assert "our docs" not in focused
    PresentationState.change(deck, slide=1, step=1)
    wait_for_position(phone, "2.2")
    assert "our docs" in tab_through(phone, 12)


def tab_through(page, presses):
    """The names of what Tab reaches; fails if focus lands in anything hidden or inert."""
    names = []
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                if (!element || element === document.body) return null;
                return {
                    name: element.getAttribute('aria-label') || element.textContent.trim(),
                    hidden: Boolean(element.closest('[inert], [hidden]')) || !element.checkVisibility(),
                };
            }"""
        )
        if focused is None:
            continue
        assert not focused["hidden"], f"focus landed on hidden {focused['name']!r}"
        names.append(focused["name"])
    return names


def test_reading_the_whole_deck_at_ones_own_pace_then_back_to_live(server, deck, phone):
    PresentationState.change(deck, action="start", slide=1)
    open_follow(phone, server, deck)
    wait_for_position(phone, "2.1")
    phone.get_by_role("button", name="Read at my own pace").click()
    reading = phone.locator("[data-reading]")
    assert reading.is_visible()
    assert phone.evaluate("document.activeElement.id") == "live-reading-title"
    articles = reading.get_by_role("article")
    assert articles.evaluate_all("(all) => all.map((a) => a.getAttribute('aria-label'))") == [
        f"Slide {n} of 4" for n in range(1, 5)
    ]
    text = reading.inner_text()
    for seen in ["Welcome", "Two steps", "the second step", "Third slide", LONG_LINE, "A slide without a heading"]:
        assert seen in text
    assert "Secret" not in text
    # Images are described, in words on the page and as their alt.
    assert "Image: Requests per second, rising after the deploy" in text
    assert reading.get_by_role("img", name="Requests per second, rising after the deploy").count() == 1
    # One scrolling page: every slide is laid out, one under the other.
    tops = articles.evaluate_all("(all) => all.map((a) => a.getBoundingClientRect().top)")
    assert tops == sorted(tops) and len(set(tops)) == 4
    assert phone.locator("[data-stage]").evaluate("(stage) => stage.checkVisibility()") is False

    # The speaker moves on; the reader stays where they are.
    PresentationState.change(deck, slide=3)
    phone.wait_for_timeout(500)
    assert reading.is_visible()
    phone.get_by_role("button", name="Back to live").click()
    wait_for_position(phone, "4.1")
    assert reading.is_hidden()
    assert phone.locator("[data-stage]").is_visible()
    assert phone.evaluate("document.activeElement.textContent") == "Read at my own pace"
    no_problems(phone)


def no_horizontal_scroll(page):
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const scrollers = [document.scrollingElement, ...document.querySelectorAll('[data-box], [data-reading]')];
            const wide = scrollers.filter((element) => element.scrollWidth > element.clientWidth + 1);
            const outside = [...document.querySelectorAll('[data-current] *, [data-reading] *')]
                .filter((element) => element.checkVisibility() && element.getBoundingClientRect().right > width + 1);
            return { wide: wide.map((e) => e.className), outside: outside.map((e) => e.tagName + ' ' + e.textContent.slice(0, 30)) };
        }"""
    )


def test_text_at_200_percent_wraps_to_a_phone_without_horizontal_scrolling_and_is_kept(server, deck, phone):
    PresentationState.change(deck, action="start", slide=2)
    open_follow(phone, server, deck)
    wait_for_position(phone, "3.1")
    code = phone.locator("[data-slide='3'] [data-current] pre")
    phone.get_by_role("button", name="Display").click()
    phone.get_by_label("Text size").select_option("200")
    assert code.evaluate("(element) => getComputedStyle(element).fontSize") == "32px"
    assert phone.locator("[data-slide='3'] [data-current] h2").evaluate("(h) => getComputedStyle(h).fontSize") == "44.8px"
    assert no_horizontal_scroll(phone) == {"wide": [], "outside": []}
    # The long line wraps: it takes more than one line of the screen.
    assert code.evaluate("(element) => element.getBoundingClientRect().height") > 2 * 32
    phone.get_by_role("button", name="Done").click()

    phone.get_by_role("button", name="Read at my own pace").click()
    assert no_horizontal_scroll(phone) == {"wide": [], "outside": []}
    assert phone.locator("[data-reading] pre").evaluate("(element) => getComputedStyle(element).fontSize") == "32px"

    phone.reload()
    wait_for_position(phone, "3.1")
    assert phone.locator("[data-live-page]").get_attribute("data-text-size") == "200"
    assert code.evaluate("(element) => getComputedStyle(element).fontSize") == "32px"
    # The reload ended the page's event stream, as a reload does.
    assert (phone.problems.console_errors, phone.problems.page_errors) == ([], [])


def test_high_contrast_and_reduced_motion_follow_the_phone_until_chosen_and_are_kept(server, deck, browser):
    PresentationState.change(deck, action="start")
    page = phone_page(browser, contrast="more", reduced_motion="reduce")
    try:
        open_follow(page, server, deck)
        root = page.locator("[data-live-page]")
        assert root.evaluate("(r) => [r.classList.contains('follow-contrast'), r.classList.contains('follow-calm')]") == [
            True,
            True,
        ]
        heading = page.locator("[data-slide='1'] [data-current] h1")
        assert heading.evaluate("(h) => [getComputedStyle(h).color, getComputedStyle(h).backgroundColor]") == [
            "rgb(255, 255, 255)",
            "rgb(0, 0, 0)",
        ]
        page.get_by_role("button", name="Display").click()
        page.get_by_label("High contrast").uncheck()
        page.get_by_label("Reduce motion").uncheck()
        page.reload()
        page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
        assert root.evaluate("(r) => [r.classList.contains('follow-contrast'), r.classList.contains('follow-calm')]") == [
            False,
            False,
        ]
        assert page.evaluate("JSON.parse(localStorage.getItem('talks:follow-display'))") == {
            "textSize": "100",
            "contrast": False,
            "reduceMotion": False,
        }
    finally:
        page.context.close()


def test_the_follow_page_by_keyboard_alone(server, deck, browser):
    PresentationState.change(deck, action="start", slide=1, step=1)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.problems = PageProblems(page)
    try:
        open_follow(page, server, deck)
        wait_for_position(page, "2.2")
        reached = tab_through(page, 6)
        for name in ["Read at my own pace", "Display", "Previous slide", "Next slide"]:
            assert name in reached
        page.get_by_role("button", name="Previous slide").focus()
        page.keyboard.press("Enter")
        wait_for_position(page, "2.1")
        page.keyboard.press("ArrowLeft")
        wait_for_position(page, "1.1")
        page.get_by_role("button", name="Back to live").focus()
        page.keyboard.press("Enter")
        wait_for_position(page, "2.2")
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("l")
        wait_for_position(page, "2.2")

        # The display settings open, change and close from the keyboard; Escape closes them too.
        page.get_by_role("button", name="Display").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "live-text-size"
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        assert page.get_by_label("High contrast").is_checked()
        page.keyboard.press("Escape")
        assert page.locator("[data-display-panel]").is_hidden()
        assert page.evaluate("document.activeElement.textContent") == "Display"

        page.get_by_role("button", name="Read at my own pace").focus()
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "live-reading-title"
        # Keys scroll the reading page rather than move the slides.
        page.keyboard.press("ArrowDown")
        assert page.locator("[data-live-page]").get_attribute("data-position") == "2.2"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Back to live"
        page.keyboard.press("Enter")
        assert page.locator("[data-reading]").is_hidden()
        no_problems(page)
    finally:
        context.close()


def test_the_presenter_view_by_keyboard_alone(server, deck, alice, browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    log_in(context, SimpleNamespace(url=server.url), alice)
    page = context.new_page()
    page.problems = PageProblems(page)
    try:
        page.goto(f"{server.url}/talks/{deck.slug}/presenter/")
        page.wait_for_selector("[data-presenter][data-position]")
        position = lambda: page.locator("[data-presenter]").get_attribute("data-position")  # noqa: E731
        reached = tab_through(page, 25)
        for name in ["Start", "Open projector window", "← Previous", "Next →", "Large notes"]:
            assert name in reached, reached
        page.get_by_role("button", name="Next →").focus()
        page.keyboard.press("Enter")
        assert position() == "2.1"
        page.keyboard.press("ArrowRight")
        assert position() == "2.2"
        page.keyboard.press("ArrowLeft")
        page.keyboard.press("ArrowLeft")
        assert position() == "1.1"
        page.keyboard.press("End")
        assert position() == "4.1"
        page.keyboard.press("Home")
        assert position() == "1.1"
        # The help opens and closes from the keyboard.
        page.keyboard.press("?")
        assert page.locator("[data-help]").is_visible()
        page.keyboard.press("Escape")
        assert page.locator("[data-help]").is_hidden()
    finally:
        context.close()
