"""The follow page and the controlled projector in Chromium, against real gunicorn.

pytest-django's live_server cannot stream, so these tests start the Procfile's
web command (gunicorn with the ASGI worker) on the test database.
"""

import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings
from playwright.sync_api import expect

from decks.models import Deck, Slide
from presenter.models import PresentationState

from .conftest import PageProblems, log_in
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def collected_static():
    """Static files as a deploy builds them: gunicorn serves them through WhiteNoise."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=settings.BASE_DIR,
        check=True,
    )


@pytest.fixture(scope="module")
def server(collected_static, django_db_setup, django_db_blocker):
    with WebServer(workers=2) as server:
        yield server


@pytest.fixture
def deck(alice):
    deck = Deck.objects.create(owner=alice, title="Following along", slug="following-along", visibility="public")
    Slide.objects.bulk_create(
        [
            Slide(deck=deck, position=0, source="#= Welcome"),
            Slide(deck=deck, position=1, source="## Two steps\n--\n\n* the second step"),
            Slide(deck=deck, position=2, source="## Third slide"),
            Slide(deck=deck, position=3, source="#= Thanks"),
        ]
    )
    return deck


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()


def current(page):
    """The slide and step on screen, as the page marks them: "2.1" or "2.1 blackout"."""
    return page.locator("[data-live-page]").get_attribute("data-position")


def wait_for_position(page, position):
    page.wait_for_function(
        "expected => document.querySelector('[data-live-page]').dataset.position === expected", arg=position
    )


def wait_until_live(page):
    page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")


def visible_text(page):
    return page.locator("[data-deck-slides] [data-step][data-current]").inner_text()


def no_problems(page):
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


def test_a_follower_follows_browses_back_and_returns_to_live(server, deck, phone):
    PresentationState.change(deck, action="start")
    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    wait_until_live(phone)
    assert (current(phone), visible_text(phone)) == ("1.1", "Welcome")

    PresentationState.change(deck, slide=1, step=1)
    wait_for_position(phone, "2.2")
    assert visible_text(phone) == "Two steps\nthe second step"
    assert phone.locator("[data-status-text]").inner_text() == "Live"

    phone.locator("[data-previous]").click()
    assert current(phone) == "2.1"
    phone.locator("[data-previous]").click()
    assert (current(phone), phone.locator("[data-browse-position]").inner_text()) == ("1.1", "Slide 1 of 4 · live on 2")
    # The speaker moves on; the follower stays where they browsed to.
    PresentationState.change(deck, slide=2, step=0)
    phone.wait_for_function("() => document.querySelector('[data-browse-position]').textContent.endsWith('live on 3')")
    assert current(phone) == "1.1"

    phone.get_by_role("button", name="Back to live").click()
    assert (current(phone), visible_text(phone)) == ("3.1", "Third slide")
    assert phone.get_by_role("button", name="Back to live").is_hidden()

    PresentationState.change(deck, slide=2, step=0, blackout=True)
    wait_for_position(phone, "3.1 blackout")
    assert phone.locator("[data-blackout]").is_visible()
    no_problems(phone)


def test_a_follower_waits_for_the_talk_and_sees_when_it_ends(server, deck, phone):
    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    wait_until_live(phone)
    assert phone.locator("[data-notice=waiting]").inner_text() == (
        "Following along\n\nThis talk has not started yet. Keep this page open: "
        "the slides appear here as soon as alice begins."
    )

    PresentationState.change(deck, action="start", slide=3)
    wait_for_position(phone, "4.1")
    assert phone.locator("[data-notice=waiting]").is_hidden()
    assert visible_text(phone) == "Thanks"

    PresentationState.change(deck, action="end")
    phone.locator("[data-notice=ended]").wait_for()
    assert phone.locator("[data-status-text]").inner_text() == "Ended"
    phone.get_by_role("button", name="Browse the slides").click()
    assert (current(phone), phone.locator("[data-notice=ended]").is_hidden()) == ("1.1", True)
    no_problems(phone)


def test_a_follower_polls_the_state_when_the_stream_cannot_be_opened(server, deck, phone):
    PresentationState.change(deck, action="start")
    phone.route("**/live/events*", lambda route: route.fulfill(status=502, body="Bad gateway"))
    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    phone.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'polling'")
    PresentationState.change(deck, slide=1, step=0)
    wait_for_position(phone, "2.1")
    assert phone.locator("[data-status-text]").inner_text() == "Live (slow connection)"
    assert phone.problems.page_errors == []


def test_a_controlled_projector_follows_the_server_and_ignores_local_keys(server, deck, alice, browser_context):
    page = browser_context.new_page()
    log_in(browser_context, SimpleNamespace(url=server.url), alice)
    PresentationState.change(deck, action="start")
    page.goto(f"{server.url}/talks/{deck.slug}/controlled/")
    wait_until_live(page)
    assert page.locator("[data-status-text]").is_hidden()

    page.keyboard.press("ArrowRight")
    page.mouse.click(640, 360)
    assert current(page) == "1.1"

    PresentationState.change(deck, slide=1, step=1)
    wait_for_position(page, "2.2")
    PresentationState.change(deck, slide=1, step=1, blackout=True)
    wait_for_position(page, "2.2 blackout")
    assert page.locator("[data-blackout]").is_visible()


def open_presenter(context, server, deck):
    page = context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{server.url}/talks/{deck.slug}/presenter/")
    page.locator("[data-live-panel] [data-live-panel-body]").wait_for()
    return page


def presenter_position(page):
    return page.locator("[data-presenter]").get_attribute("data-position")


def test_the_presenter_goes_live_and_drives_followers_and_a_controlled_projector(
    server, deck, alice, browser_context, phone
):
    log_in(browser_context, SimpleNamespace(url=server.url), alice)
    presenter = open_presenter(browser_context, server, deck)
    panel = presenter.locator("[data-live-panel]")
    assert (panel.locator("[data-live-health]").inner_text(), panel.get_attribute("data-health")) == (
        "Not sharing",
        "off",
    )
    presenter.get_by_role("button", name="Go live").click()
    presenter.wait_for_function("() => document.querySelector('[data-live-panel]').dataset.health === 'ok'")
    # The stream may report healthy a moment before the start reaches the panel.
    expect(panel.locator("[data-live-state]")).to_have_text("Live")

    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    wait_until_live(phone)
    projector = browser_context.new_page()
    projector.goto(f"{server.url}/talks/{deck.slug}/controlled/")
    wait_until_live(projector)
    # The phone follows; the projector is not counted.
    presenter.wait_for_function("() => document.querySelector('[data-followers]').textContent === '1'")

    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("ArrowRight")
    assert presenter_position(presenter) == "2.2"
    wait_for_position(phone, "2.2")
    wait_for_position(projector, "2.2")
    presenter.keyboard.press("b")
    wait_for_position(projector, "2.2 blackout")
    wait_for_position(phone, "2.2 blackout")

    presenter.get_by_role("button", name="End talk").click()
    # "End talk" asks first.
    presenter.get_by_role("dialog").get_by_role("button", name="End talk").click()
    phone.locator("[data-notice=ended]").wait_for()
    assert PresentationState.objects.get(deck=deck).as_message() == {
        "deck": deck.pk, "slide": 1, "step": 1, "blackout": False, "status": "ended", "sequence": 5,
    }
    for page in (presenter, phone):
        no_problems(page)


def test_a_presenter_reopened_during_the_talk_carries_on_where_it_is(server, deck, alice, browser_context):
    PresentationState.change(deck, action="start", slide=2)
    log_in(browser_context, SimpleNamespace(url=server.url), alice)
    presenter = open_presenter(browser_context, server, deck)
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '3.1'")
    # Moved from the speaker's phone: this window follows.
    PresentationState.change(deck, slide=3)
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '4.1'")
    no_problems(presenter)


def test_a_follower_shows_reconnecting_while_the_server_is_away_then_resyncs(collected_static, deck, phone):
    PresentationState.change(deck, action="start")
    first = WebServer().start()
    try:
        phone.goto(f"{first.url}/talks/{deck.slug}/follow/")
        wait_until_live(phone)
    finally:
        first.stop()
    phone.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'reconnecting'")
    assert phone.locator("[data-status-text]").inner_text() == "Reconnecting…"

    # Moved while this phone had no server; a new one comes up at the same address.
    PresentationState.change(deck, slide=3)
    with WebServer(port=first.port):
        wait_for_position(phone, "4.1")
        wait_until_live(phone)
        assert phone.locator("[data-status-text]").inner_text() == "Live"
