"""A terminal session's typed command, typed out on the projector (Chromium).

The animation ends on the step's own HTML, plays only when the talk moves
on to the step, at the deck's speed, and never with reduced motion; the
presenter's preview and the followers' phones show the command typed at once.
"""

from types import SimpleNamespace

import pytest

from decks.models import Deck
from presenter.models import PresentationState

from .conftest import PageProblems, log_in
from .factories import make_deck
from .pages import open_presenter, shown_position
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMAND = "pip install --upgrade a-rather-long-package-name"
SESSION = f"$$session bash\n$$prompt ~/talk\n$$ {COMMAND}\nSuccessfully installed<br>"
TYPED = "[data-slide='2'] > [data-step='2']"


@pytest.fixture
def deck(alice):
    deck = make_deck(alice, "#= Typing", SESSION, "#= The end", slug="typing", visibility=Deck.Visibility.UNLISTED)
    deck.typing_speed = Deck.TypingSpeed.SLOW
    deck.save(update_fields=["typing_speed"])
    return deck


def open_projector(page, server, deck, position="2.1"):
    page.problems = PageProblems(page)
    page.goto(f"{server.url}/talks/{deck.slug}/#{position}")
    page.wait_for_selector("[data-projector][data-position]")
    return page


def typed_now(page, step=TYPED):
    return page.locator(f"{step} .session-typed").evaluate("element => element.textContent")


def is_typing(page, step=TYPED):
    return page.locator(f"{step} .session-typed").evaluate("element => element.hasAttribute('data-typing')")


def step_html(page, step=TYPED):
    return page.locator(step).evaluate("element => element.innerHTML")


def test_the_projector_types_the_command_letter_by_letter_and_ends_on_the_steps_html(deck, live_server, page):
    open_projector(page, live_server, deck)
    final = step_html(page)
    page.keyboard.press("ArrowRight")
    assert shown_position(page) == "2.2"
    page.wait_for_timeout(600)
    partly = typed_now(page)
    assert 0 < len(partly) < len(COMMAND) and COMMAND.startswith(partly)
    assert is_typing(page)
    # The cursor stays after the letters typed so far.
    assert page.locator(f"{TYPED} .session-typed + w").count() == 1
    page.wait_for_function(f"() => !document.querySelector(\"{TYPED} [data-typing]\")", timeout=15_000)
    assert (typed_now(page), step_html(page)) == (COMMAND, final)
    assert page.problems.page_errors == []


def test_moving_on_while_it_types_shows_the_whole_command_again(deck, live_server, page):
    open_projector(page, live_server, deck)
    final = step_html(page)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert shown_position(page) == "2.3"
    assert (step_html(page), is_typing(page)) == (final, False)


def test_going_back_or_jumping_to_a_typed_step_shows_it_typed(deck, live_server, page):
    open_projector(page, live_server, deck, "2.3")
    page.keyboard.press("ArrowLeft")
    assert (shown_position(page), typed_now(page), is_typing(page)) == ("2.2", COMMAND, False)
    page.keyboard.press("Home")
    page.evaluate("() => { location.hash = '#2.2'; }")
    page.wait_for_function("() => document.querySelector('[data-projector]').dataset.position === '2.2'")
    assert (typed_now(page), is_typing(page)) == (COMMAND, False)


def test_with_reduced_motion_the_command_shows_typed_at_once(deck, live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    page = open_projector(context.new_page(), live_server, deck)
    page.keyboard.press("ArrowRight")
    assert (shown_position(page), typed_now(page), is_typing(page)) == ("2.2", COMMAND, False)
    context.close()


def test_a_deck_can_turn_the_typing_off(deck, live_server, page):
    deck.typing_speed = Deck.TypingSpeed.OFF
    deck.save(update_fields=["typing_speed"])
    open_projector(page, live_server, deck)
    page.keyboard.press("ArrowRight")
    assert (shown_position(page), typed_now(page), is_typing(page)) == ("2.2", COMMAND, False)


def test_the_typing_speed_is_a_deck_setting(deck, alice_client):
    response = alice_client.post(
        f"/decks/{deck.slug}/settings/",
        {"title": deck.title, "visibility": deck.visibility, "prompt_host": "myrtle", "typing_speed": "40"},
    )
    assert response.status_code == 302
    deck.refresh_from_db()
    assert deck.typing_speed == Deck.TypingSpeed.FAST
    refused = alice_client.post(
        f"/decks/{deck.slug}/settings/",
        {"title": deck.title, "visibility": deck.visibility, "prompt_host": "myrtle", "typing_speed": "5000"},
    )
    assert refused.status_code == 200 and "typing_speed" in refused.context["form"].errors


def test_the_presenters_next_step_preview_shows_the_command_typed(deck, live_server, browser_context):
    presenter = open_presenter(browser_context, live_server, deck)
    presenter.keyboard.press("End")
    presenter.keyboard.press("Home")
    presenter.keyboard.press("ArrowRight")
    preview = presenter.locator("[data-stage-next] .session-typed")
    assert preview.inner_text() == COMMAND
    presenter.keyboard.press("ArrowRight")
    assert presenter.locator("[data-stage-current] .session-typed").inner_text() == COMMAND


@pytest.fixture(scope="module")
def server(collected_static_files, django_db_setup, django_db_blocker):
    with WebServer(workers=1) as server:
        yield server


def test_followers_see_it_typed_at_once_and_the_rooms_projector_types_it(deck, alice, server, browser):
    PresentationState.change(deck, action="start", slide=1, step=0)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    room = browser.new_context(viewport={"width": 1280, "height": 720})
    log_in(room, SimpleNamespace(url=server.url), alice)
    projector = room.new_page()
    projector.goto(f"{server.url}/talks/{deck.slug}/controlled/")
    for page in (phone, projector):
        page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
    PresentationState.change(deck, slide=1, step=1)
    for page in (phone, projector):
        page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.position === '2.2'")
    assert (typed_now(phone), is_typing(phone)) == (COMMAND, False)
    assert is_typing(projector) and len(typed_now(projector)) < len(COMMAND)
    projector.wait_for_function(f"() => !document.querySelector(\"{TYPED} [data-typing]\")", timeout=15_000)
    assert typed_now(projector) == COMMAND
    phone.context.close()
    room.close()
