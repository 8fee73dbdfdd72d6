"""The presenter view fits the laptops speakers bring: no scrolling, everything in view.

Set SCREENSHOT_DIR to keep a screenshot of every layout for a person to look at.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import PageProblems, log_in
from tests.factories import make_deck

LAPTOPS = [(1280, 720), (1366, 768), (1440, 900), (1920, 1080), (2560, 1440)]

# What the speaker must see without scrolling, by what it is.
ON_SCREEN = {
    "current slide": "[data-frame-current]",
    "next step": "[data-frame-next]",
    "notes": "[data-notes]",
    "elapsed timer": "[data-elapsed]",
    "timer button": "[data-timer-toggle]",
    "clock": "[data-clock]",
    "talk clock": "[data-talk-clock]",
    "questions": "[data-questions]",
    "rehearse": "[data-rehearse]",
    "slide counter": "[data-position-text]",
    "progress": "[data-progress]",
    "go live": "[data-live-action=start]",
    "follower count": "[data-followers]",
    "connection health": "[data-live-panel-body] [data-live-health]",
    "deck health": "[data-deck-health-summary]",
}

LONG_NOTES = " ".join(["Tell the story of the outage, slowly, and let the room laugh."] * 12)


@pytest.fixture
def deck(alice):
    return make_deck(
        alice,
        ("#= Surviving the stage", LONG_NOTES),
        ("## Builds\n--\n\n* one\n--\n\n* two", "TODO: a better example."),
        "## No notes here",
        ("#= Thanks", "Questions."),
        title="A talk with a rather long title that goes on and on",
        slug="stage",
    )


def open_presenter(browser, live_server, user, deck, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    log_in(context, live_server, user)
    page = context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    page.wait_for_selector("[data-presenter][data-position]")
    page.wait_for_selector("[data-live-action=start]")
    return page


def outside_the_window(page):
    """Names of the things that are not wholly inside the window, with their boxes."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    outside = {}
    for name, selector in ON_SCREEN.items():
        box = page.locator(selector).bounding_box()
        inside = box and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= width
        if not inside or box["y"] + box["height"] > height:
            outside[name] = box
    return outside


def scroll_size(page):
    return page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
        " window.innerWidth, window.innerHeight]"
    )


def notes_share_of_window(page):
    box = page.locator("[data-notes]").bounding_box()
    size = page.viewport_size
    return box["width"] * box["height"] / (size["width"] * size["height"])


def keep_screenshot(page, name):
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / f"{name}.png"))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", LAPTOPS, ids=[f"{w}x{h}" for w, h in LAPTOPS])
def test_the_presenter_view_fits_the_window_with_everything_in_view(alice, deck, live_server, browser, size):
    page = open_presenter(browser, live_server, alice, deck, size)
    try:
        page.keyboard.press("ArrowRight")
        keep_screenshot(page, f"presenter-{size[0]}x{size[1]}")
        width, height, inner_width, inner_height = scroll_size(page)
        assert (width, height) == (inner_width, inner_height)
        assert outside_the_window(page) == {}
        normal_share = notes_share_of_window(page)
        assert normal_share >= 1 / 3

        page.keyboard.press("l")
        keep_screenshot(page, f"presenter-{size[0]}x{size[1]}-large-notes")
        width, height, inner_width, inner_height = scroll_size(page)
        assert (width, height) == (inner_width, inner_height)
        assert outside_the_window(page) == {}
        assert notes_share_of_window(page) > normal_share + 0.1
        assert page.problems.console_errors + page.problems.page_errors + page.problems.failed_requests == []
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_large_notes_and_the_notes_size_are_remembered_for_each_deck(alice, deck, live_server, browser):
    other = make_deck(alice, ("#= Another", "Other notes."), title="Another deck", slug="another")
    page = open_presenter(browser, live_server, alice, deck, (1366, 768))
    try:
        notes = page.locator("[data-notes]")
        layout = page.get_by_role("button", name="Large notes")
        assert (layout.get_attribute("aria-pressed"), notes.evaluate("n => getComputedStyle(n).fontSize")) == (
            "false",
            "28px",
        )
        layout.click()
        page.keyboard.press("+")
        page.keyboard.press("+")
        page.reload()
        page.wait_for_selector("[data-presenter][data-position]")
        assert page.locator("[data-presenter]").get_attribute("class") == "presenter notes-large"
        assert notes.evaluate("n => getComputedStyle(n).fontSize") == "40px"

        page.goto(f"{live_server.url}/talks/{other.slug}/presenter/")
        page.wait_for_selector("[data-presenter][data-position]")
        page.keyboard.press("-")
        page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
        page.wait_for_selector("[data-presenter][data-position]")
        assert notes.evaluate("n => getComputedStyle(n).fontSize") == "40px"
        page.keyboard.press("l")
        assert page.get_by_role("button", name="Large notes").get_attribute("aria-pressed") == "false"
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_deck_health_is_one_line_while_presenting_and_opens_on_demand(alice, deck, live_server, browser):
    page = open_presenter(browser, live_server, alice, deck, (1366, 768))
    try:
        summary = page.locator("[data-deck-health-summary]")
        assert summary.inner_text() == "2 things to check · about 2 min"
        assert page.locator("[data-deck-health]").is_hidden()
        summary.click()
        assert page.locator("[data-deck-health] .health-problem").all_inner_texts() == [
            "1 slide without notes: 3",
            "Notes with TODO on slide 2",
        ]
        width, height, inner_width, inner_height = scroll_size(page)
        assert (width, height) == (inner_width, inner_height)
    finally:
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_portrait_screen_stacks_the_slides_above_the_notes_and_still_fits(alice, deck, live_server, browser):
    page = open_presenter(browser, live_server, alice, deck, (1080, 1920))
    try:
        keep_screenshot(page, "presenter-1080x1920")
        width, height, inner_width, inner_height = scroll_size(page)
        assert (width, height) == (inner_width, inner_height)
        assert outside_the_window(page) == {}
        current = page.locator("[data-frame-current]").bounding_box()
        notes = page.locator("[data-notes]").bounding_box()
        assert notes["y"] > current["y"] + current["height"]
        assert notes_share_of_window(page) >= 1 / 3
    finally:
        page.context.close()
