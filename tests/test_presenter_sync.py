"""The presenter and projector windows stay in step, both ways, through
BroadcastChannel: keys and blackout, reloads, a second projector."""

import pytest

from .factories import make_small_deck
from .pages import open_presenter, wait_for_position, wait_until_ready


def position_of(page):
    return page.locator("[data-projector], [data-presenter]").get_attribute("data-position")


@pytest.fixture
def windows(alice, live_server, browser_context):
    """The presenter page and the projector window it opened."""
    deck = make_small_deck(alice)
    presenter = open_presenter(browser_context, live_server, deck)
    with presenter.expect_popup() as popup:
        presenter.get_by_role("button", name="Open projector window").click()
    projector = popup.value
    wait_until_ready(projector)
    return presenter, projector


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_projector_window_opens_on_the_presenters_step(windows, live_server):
    presenter, projector = windows
    assert projector.url == f"{live_server.url}/talks/small/#1.1"
    presenter.keyboard.press("End")
    presenter.keyboard.press("w")
    # The same named window is reused, not a second one opened.
    wait_for_position(projector, "5.1")
    assert len(presenter.context.pages) == 2


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_keys_in_either_window_move_both_blackout_included(windows):
    presenter, projector = windows
    presenter.keyboard.press("ArrowRight")
    wait_for_position(projector, "2.1")
    presenter.keyboard.press("PageDown")
    wait_for_position(projector, "2.2")

    projector.keyboard.press("ArrowRight")
    wait_for_position(presenter, "2.3")
    projector.keyboard.press("PageUp")
    wait_for_position(presenter, "2.2")

    presenter.keyboard.press("b")
    wait_for_position(projector, "2.2 blackout")
    assert projector.locator("[data-blackout]").is_visible()
    assert presenter.locator("[data-blackout-badge]").inner_text() == "The projector is black (B to show the slide)"
    projector.keyboard.press(".")
    wait_for_position(presenter, "2.2")
    assert presenter.locator("[data-blackout-badge]").is_hidden()

    projector.keyboard.type("4")
    projector.keyboard.press("Enter")
    wait_for_position(presenter, "4.1")
    presenter.get_by_role("button", name="Next →").click()
    wait_for_position(projector, "5.1")
    assert projector.url.endswith("#5.1")
    assert presenter.url.endswith("#5.1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reloading_either_window_resyncs_it(windows, live_server):
    presenter, projector = windows
    presenter.keyboard.press("End")
    wait_for_position(projector, "5.1")

    # The projector loads again at a stale address: the presenter's step wins.
    projector.goto("about:blank")
    projector.goto(f"{live_server.url}/talks/small/#1.1")
    wait_for_position(projector, "5.1")

    presenter.keyboard.press("Home")
    wait_for_position(projector, "1.1")
    presenter.goto(f"{live_server.url}/talks/small/presenter/")
    wait_for_position(presenter, "1.1")
    projector.keyboard.press("n")
    wait_for_position(presenter, "2.1")
    presenter.reload()
    wait_for_position(presenter, "2.1")
    presenter.keyboard.press("n")
    wait_for_position(projector, "2.2")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_second_projector_joins_on_the_current_step_and_moves_with_the_others(windows, live_server):
    presenter, projector = windows
    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("ArrowRight")
    presenter.keyboard.press("b")
    wait_for_position(projector, "2.2 blackout")

    second = presenter.context.new_page()
    second.goto(f"{live_server.url}/talks/small/")
    wait_for_position(second, "2.2 blackout")

    second.keyboard.press("b")
    second.keyboard.press("ArrowRight")
    wait_for_position(presenter, "2.3")
    wait_for_position(projector, "2.3")
