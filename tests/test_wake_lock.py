"""The screen stays on in the presenter, projector and follow views while the talk is on.

Headless Chromium grants the Screen Wake Lock; each page writes what it holds
on <html data-wake-lock>. The talk goes live through the real web command.
"""

import pytest

from tests.conftest import log_in
from tests.factories import make_small_deck
from tests.web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def server(collected_static_files, django_db_setup, django_db_blocker):
    with WebServer() as server:
        yield server


def wake_lock(page):
    return page.evaluate("() => document.documentElement.dataset.wakeLock")


def wait_for_wake_lock(page, state):
    page.wait_for_function("state => document.documentElement.dataset.wakeLock === state", arg=state)


def open_presenter_and_projector(context, server, deck):
    presenter = context.new_page()
    presenter.goto(f"{server.url}/talks/{deck.slug}/presenter/")
    presenter.wait_for_selector("[data-live-action=start]")
    with presenter.expect_popup() as popup:
        presenter.keyboard.press("w")
    projector = popup.value
    projector.wait_for_selector("[data-projector][data-position]")
    return presenter, projector


def test_the_screen_stays_on_in_every_view_while_the_talk_is_live_and_not_after(
    alice, server, browser, browser_context
):
    deck = make_small_deck(alice)
    log_in(browser_context, server, alice)
    presenter, projector = open_presenter_and_projector(browser_context, server, deck)
    audience = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        follower = audience.new_page()
        follower.goto(f"{server.url}/talks/{deck.slug}/follow/")
        follower.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
        pages = [presenter, projector, follower]
        assert [wake_lock(page) for page in pages] == ["off", "off", "off"]

        presenter.get_by_role("button", name="Go live").click()
        for page in pages:
            wait_for_wake_lock(page, "held")

        presenter.get_by_role("button", name="End talk").click()
        # "End talk" asks first.
        presenter.get_by_role("dialog").get_by_role("button", name="End talk").click()
        for page in pages:
            wait_for_wake_lock(page, "released")
    finally:
        audience.close()


def test_without_going_live_the_timer_keeps_the_screen_on_until_it_is_reset(alice, server, browser_context):
    deck = make_small_deck(alice)
    log_in(browser_context, server, alice)
    presenter, projector = open_presenter_and_projector(browser_context, server, deck)
    assert (wake_lock(presenter), wake_lock(projector)) == ("off", "off")
    # The first move starts the timer: the talk is on.
    presenter.keyboard.press("ArrowRight")
    wait_for_wake_lock(presenter, "held")
    wait_for_wake_lock(projector, "held")
    presenter.keyboard.press("r")
    wait_for_wake_lock(presenter, "released")
    wait_for_wake_lock(projector, "released")
