"""The presenter view fits the laptops speakers bring: no scrolling, everything in view.

Set SCREENSHOT_DIR to keep a screenshot of every layout for a person to look at.
"""

import os
from pathlib import Path

import pytest

from tests.conftest import PageProblems, log_in
from tests.factories import make_deck

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def presenter_at(alice, deck, live_server, browser):
    """Opens the deck's presenter view in a window of the given size, closed after the test."""
    contexts = []

    def open_at(size):
        width, height = size
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        log_in(context, live_server, alice)
        page = context.new_page()
        page.problems = PageProblems(page)
        page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
        page.wait_for_selector("[data-presenter][data-position]")
        page.wait_for_selector("[data-live-action=start]")
        return page

    yield open_at
    for context in contexts:
        context.close()


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


def overflow(page):
    """How far the page reaches past the window, across and down: [0, 0] when nothing scrolls."""
    return page.evaluate(
        "() => [document.documentElement.scrollWidth - window.innerWidth,"
        " document.documentElement.scrollHeight - window.innerHeight]"
    )


def notes_share_of_window(page):
    box = page.locator("[data-notes]").bounding_box()
    size = page.viewport_size
    return box["width"] * box["height"] / (size["width"] * size["height"])


def keep_screenshot(page, name):
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(os.environ["SCREENSHOT_DIR"]) / f"{name}.png"))


@pytest.mark.parametrize("size", LAPTOPS, ids=[f"{w}x{h}" for w, h in LAPTOPS])
def test_the_presenter_view_fits_the_window_with_everything_in_view(presenter_at, size):
    page = presenter_at(size)
    page.keyboard.press("ArrowRight")
    keep_screenshot(page, f"presenter-{size[0]}x{size[1]}")
    assert overflow(page) == [0, 0]
    assert outside_the_window(page) == {}
    normal_share = notes_share_of_window(page)
    assert normal_share >= 1 / 3

    page.keyboard.press("l")
    keep_screenshot(page, f"presenter-{size[0]}x{size[1]}-large-notes")
    assert overflow(page) == [0, 0]
    assert outside_the_window(page) == {}
    assert notes_share_of_window(page) > normal_share + 0.1
    assert page.problems.console_errors + page.problems.page_errors + page.problems.failed_requests == []


def test_large_notes_and_the_notes_size_are_remembered_for_each_deck(alice, deck, live_server, presenter_at):
    other = make_deck(alice, ("#= Another", "Other notes."), title="Another deck", slug="another")
    page = presenter_at((1366, 768))
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


def test_deck_health_is_one_line_while_presenting_and_opens_on_demand(presenter_at):
    page = presenter_at((1366, 768))
    summary = page.locator("[data-deck-health-summary]")
    assert summary.inner_text() == "2 things to check · about 2 min"
    assert page.locator("[data-deck-health]").is_hidden()
    summary.click()
    assert page.locator("[data-deck-health] .health-problem").all_inner_texts() == [
        "1 slide without notes: 3",
        "Notes with TODO on slide 2",
    ]
    assert overflow(page) == [0, 0]


def test_a_portrait_screen_stacks_the_slides_above_the_notes_and_still_fits(presenter_at):
    page = presenter_at((1080, 1920))
    keep_screenshot(page, "presenter-1080x1920")
    assert overflow(page) == [0, 0]
    assert outside_the_window(page) == {}
    current = page.locator("[data-frame-current]").bounding_box()
    notes = page.locator("[data-notes]").bounding_box()
    assert notes["y"] > current["y"] + current["height"]
    assert notes_share_of_window(page) >= 1 / 3
