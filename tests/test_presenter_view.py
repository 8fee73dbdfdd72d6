"""The presenter page in Chromium: current and next step, notes, timer,
clock, position, progress, and the projector window's popup fallback."""

import datetime

import pytest

from tests.conftest import log_in

from .factories import make_small_deck
from .pages import texts


@pytest.fixture
def presenter(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    page.wait_for_selector("[data-presenter][data-position]")
    return page


def shown(page):
    return {
        **texts(
            page,
            position="[data-position-text]",
            current="[data-stage-current]",
            next_title="[data-next-title]",
            next="[data-stage-next]",
            notes="[data-notes] > :visible",
        ),
        "progress": page.locator("[data-progress]").evaluate("bar => [bar.value, bar.max]"),
    }


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_presenter_shows_current_and_next_step_notes_and_position(presenter):
    assert shown(presenter) == {
        "position": "slide 1 / 5",
        "current": "First slide",
        "next_title": "NEXT: SLIDE 2",
        "next": "Second slide",
        "notes": "Say hello first.",
        "progress": [1, 5],
    }
    presenter.keyboard.press("ArrowRight")
    assert shown(presenter) == {
        "position": "slide 2 / 5 · step 1 / 3",
        "current": "Second slide",
        "next_title": "NEXT: BUILD STEP",
        "next": "Second slide\none more point",
        "notes": "No notes for this step.",
        "progress": [2, 5],
    }
    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("ArrowRight")
    assert shown(presenter) == {
        "position": "slide 2 / 5 · step 3 / 3",
        "current": "Second slide\none more point\nand a third",
        "next_title": "NEXT: SLIDE 3",
        "next": "",
        "notes": "The builds have notes.",
        "progress": [2, 5],
    }
    # The next slide is a picture, shown (and so loaded) in the next frame.
    presenter.wait_for_function("() => document.querySelector('[data-stage-next] img')?.naturalWidth === 640")
    presenter.keyboard.press("End")
    assert presenter.locator("[data-end]").inner_text() == "End of the deck"
    assert presenter.locator("[data-frame-next]").is_hidden()
    assert presenter.problems.console_errors + presenter.problems.page_errors + presenter.problems.failed_requests == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_notes_get_larger_and_smaller_and_the_size_is_remembered(presenter):
    notes = presenter.locator("[data-notes]")

    def size():
        return notes.evaluate("element => getComputedStyle(element).fontSize")

    assert size() == "28px"
    presenter.get_by_role("button", name="Larger notes").click()
    presenter.keyboard.press("+")
    assert size() == "40px"
    presenter.get_by_role("button", name="Smaller notes").click()
    presenter.keyboard.press("-")
    presenter.keyboard.press("-")
    assert size() == "24px"
    presenter.reload()
    assert size() == "24px"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_timer_runs_pauses_and_resets_and_the_wall_clock_shows_the_time(alice, live_server, browser_context, page):
    deck = make_small_deck(alice)
    log_in(browser_context, live_server, alice)
    page.clock.install(time=datetime.datetime(2026, 11, 26, 14, 5, tzinfo=datetime.timezone.utc))
    page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    page.wait_for_selector("[data-presenter][data-position]")
    elapsed = page.locator("[data-elapsed]")
    toggle = page.locator("[data-timer-toggle]")

    assert (elapsed.inner_text(), toggle.inner_text()) == ("0:00:00", "Start")
    assert page.locator("[data-clock]").get_attribute("datetime").startswith("2026-11-26T14:05")
    # The first move starts the timer.
    page.keyboard.press("ArrowRight")
    # The display ticks four times a second: half a second more is always shown.
    page.clock.run_for(65_500)
    assert (elapsed.inner_text(), toggle.inner_text()) == ("0:01:05", "Pause")
    page.keyboard.press("t")
    page.clock.run_for(30_000)
    assert (elapsed.inner_text(), toggle.inner_text()) == ("0:01:05", "Resume")
    toggle.click()
    page.clock.run_for(3_600_000)
    assert elapsed.inner_text() == "1:01:05"
    assert page.locator("[data-clock]").get_attribute("datetime").startswith("2026-11-26T15:06")
    # A reload keeps the time, still running.
    page.reload()
    page.wait_for_selector("[data-presenter][data-position]")
    page.clock.run_for(1_000)
    assert (elapsed.inner_text()[:5], toggle.inner_text()) == ("1:01:", "Pause")
    page.keyboard.press("r")
    page.clock.run_for(5_000)
    assert (elapsed.inner_text(), toggle.inner_text()) == ("0:00:00", "Start")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_blocked_popup_offers_a_link_that_opens_the_projector(presenter, live_server):
    # What a popup blocker does to window.open.
    presenter.evaluate("window.open = () => null")
    link = presenter.locator("[data-projector-link]")
    assert link.is_hidden()
    presenter.keyboard.press("ArrowRight")
    presenter.get_by_role("button", name="Open projector window").click()
    assert link.is_visible()
    assert link.get_attribute("href") == "/talks/small/#2.1"
    with presenter.expect_popup() as tab:
        link.click()
    tab.value.wait_for_selector("[data-projector][data-position='2.1']")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_question_mark_lists_the_presenter_keys(presenter):
    presenter.keyboard.press("?")
    keys = presenter.locator("[data-help] dt").all_inner_texts()
    assert keys[-4:] == ["W", "T / R", "+ / −", "?"]
    presenter.keyboard.press("Escape")
    assert presenter.locator("[data-help]").is_hidden()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_deck_without_slides_opens_in_both_views_without_errors(alice, live_server, browser_context, page):
    from decks.models import Deck

    deck = Deck.objects.create(owner=alice, title="Nothing yet", slug="empty")
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    assert page.locator(".deck-empty").inner_text() == "This deck has no slides yet."
    page.keyboard.press("ArrowRight")
    page.goto(f"{live_server.url}/talks/{deck.slug}/presenter/")
    page.wait_for_selector("[data-presenter][data-position]")
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-position-text]").inner_text() == "No slides yet"
    assert page.problems.console_errors + page.problems.page_errors + page.problems.failed_requests == []
