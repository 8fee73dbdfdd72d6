"""The phone remote in Chromium at 390x844 with touch, against real gunicorn and PostgreSQL."""

import re
import subprocess
import sys

import pytest
from django.conf import settings

from presenter.links import make_link, revoke_link
from presenter.models import PresentationState

from .conftest import PageProblems
from .factories import make_deck
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Lets a test put the page to sleep and wake it, as a phone's lock button does.
VISIBILITY = """
Object.defineProperty(document, "visibilityState", { configurable: true, get: () => window.__visibility || "visible" });
Object.defineProperty(document, "hidden", { configurable: true, get: () => window.__visibility === "hidden" });
"""


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True)
    with WebServer(workers=2) as server:
        yield server


@pytest.fixture
def deck(alice):
    return make_deck(
        alice,
        ("#= Welcome", "Say hello and smile."),
        ("## Two steps\n--\n* the second step", "Builds: pause before the second."),
        "## Third slide",
        ("#= Thanks", "Questions."),
        slug="remote-talk",
    )


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    context.add_init_script(VISIBILITY)
    page = context.new_page()
    page.problems = PageProblems(page)
    yield page
    context.close()


def open_remote(phone, server, deck, alice, label="Anna's phone", wait_live=True, role="remote", take=False):
    """A remote link drives from its first tap (it is the speaker's own hand); a co-presenter takes control first."""
    made = make_link(deck, role=role, created_by=alice, label=label)
    phone.goto(f"{server.url}{made.path}")
    phone.wait_for_url(f"{server.url}/talks/{deck.slug}/remote/")
    if wait_live:
        phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.connection === 'live'")
    if take:
        phone.locator("[data-take]").tap()
    if role == "remote" or take:
        phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.driving === 'true'")
    return made


def position(phone):
    return phone.locator("[data-remote]").get_attribute("data-position")


def wait_for_position(phone, expected):
    """Waits until the remote shows `expected` and has its answer: the live stream can bring a
    move before the POST that made it returns, and a tap while one is on its way is not sent."""
    phone.wait_for_function(
        "e => { const remote = document.querySelector('[data-remote]');"
        " return remote.dataset.position === e && remote.dataset.sending !== 'true'; }",
        arg=expected,
    )


def server_state(deck):
    state = PresentationState.objects.get(deck=deck)
    return (state.slide + 1, state.step + 1, state.blackout, state.sequence)


def swipe(phone, from_x, to_x, y=700):
    """A finger moving across the screen, as touch events on whatever is under it."""
    phone.evaluate(
        """([fromX, toX, y]) => {
            const target = document.elementFromPoint(fromX, y);
            const touch = (x) => new Touch({ identifier: 1, target, clientX: x, clientY: y });
            const send = (type, x, touches) => target.dispatchEvent(new TouchEvent(type, {
                bubbles: true, cancelable: true, touches, targetTouches: touches, changedTouches: [touch(x)] }));
            send("touchstart", fromX, [touch(fromX)]);
            for (let i = 1; i <= 5; i++) send("touchmove", fromX + (toX - fromX) * i / 5, [touch(fromX + (toX - fromX) * i / 5)]);
            send("touchend", toX, []);
        }""",
        [from_x, to_x, y],
    )


def sleep(phone):
    phone.evaluate("() => { window.__visibility = 'hidden'; document.dispatchEvent(new Event('visibilitychange')); }")


def wake(phone):
    phone.evaluate("() => { window.__visibility = 'visible'; document.dispatchEvent(new Event('visibilitychange')); }")


def no_problems(page):
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


def test_opening_a_remote_link_leaves_the_token_in_neither_the_address_nor_the_history(server, deck, alice, phone):
    made = open_remote(phone, server, deck, alice)
    token = made.path.split("#")[1]
    assert phone.url == f"{server.url}/talks/remote-talk/remote/"
    assert token not in phone.content()
    no_problems(phone)
    # The entry before is the new tab's blank page: /l/#TOKEN was replaced, not kept.
    assert phone.evaluate("() => history.length") == 2
    phone.go_back()
    assert phone.url == "about:blank"


def test_the_remote_drives_with_taps_and_swipes_and_shows_notes_preview_and_blackout(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice)
    assert position(phone) == "1.1"
    assert phone.locator("[data-notes]").inner_text() == "Say hello and smile."
    assert phone.locator("[data-next-caption]").inner_text() == "Next: slide 2"
    assert phone.locator("[data-stage-next] [data-step]").inner_text() == "Two steps"

    phone.locator("[data-next]").tap()
    wait_for_position(phone, "2.1")
    assert server_state(deck)[:3] == (2, 1, False)
    # A slide's notes belong to its last step.
    assert phone.locator("[data-notes]").inner_text() == "No notes for this step."
    assert phone.locator("[data-next-caption]").inner_text() == "Next: build step"
    assert phone.locator("[data-position-text]").inner_text() == "2 / 4 · 1/2"

    swipe(phone, 330, 60)
    wait_for_position(phone, "2.2")
    assert phone.locator("[data-notes]").inner_text() == "Builds: pause before the second."
    swipe(phone, 330, 60)
    wait_for_position(phone, "3.1")
    swipe(phone, 60, 330)
    wait_for_position(phone, "2.2")
    assert server_state(deck)[:3] == (2, 2, False)

    phone.locator("[data-blackout]").tap()
    wait_for_position(phone, "2.2 blackout")
    assert (phone.locator("[data-blackout]").get_attribute("aria-pressed"), server_state(deck)[2]) == ("true", True)
    # While black, next only brings the slide back.
    phone.locator("[data-next]").tap()
    wait_for_position(phone, "2.2")
    assert server_state(deck)[:3] == (2, 2, False)

    phone.locator("[data-previous]").tap()
    wait_for_position(phone, "2.1")
    assert server_state(deck) == (2, 1, False, 8)
    no_problems(phone)


def test_the_next_button_fills_most_of_a_portrait_phone(server, deck, alice, phone):
    open_remote(phone, server, deck, alice)
    next_box = phone.locator("[data-next]").bounding_box()
    previous_box = phone.locator("[data-previous]").bounding_box()
    assert next_box["width"] > 3 * previous_box["width"]
    assert (next_box["width"] >= 0.7 * PHONE["width"], next_box["height"] >= 0.45 * PHONE["height"]) == (True, True)
    # In reach of a thumb: the lower half of the screen.
    assert next_box["y"] >= PHONE["height"] / 2 - 20
    phone.screenshot(path="/tmp/remote-390x844.png")


def test_a_retried_move_whose_first_try_got_through_does_not_advance_twice(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    # A bad network: no stream; the first move reaches the server but its
    # answer is lost, and nothing else gets through until the retry.
    phone.route("**/live/events*", lambda route: route.abort())
    open_remote(phone, server, deck, alice, wait_live=False)
    sequence = server_state(deck)[3]
    lost = []

    def lose_first_answer(route):
        if route.request.method == "POST" and not lost:
            route.fetch()
            lost.append(route.request.post_data_json)
            route.abort()
        elif route.request.method == "GET":
            route.abort()
        else:
            route.continue_()

    phone.route("**/live/state", lose_first_answer)
    phone.locator("[data-next]").tap()
    phone.locator("[data-message]").wait_for()
    assert phone.locator("[data-message]").inner_text() == "Not sent: no connection. Tap again once it is back."
    assert (position(phone), server_state(deck)) == ("1.1", (2, 1, False, sequence + 1))

    phone.locator("[data-next]").tap()
    wait_for_position(phone, "2.1")
    assert phone.locator("[data-message]").inner_text() == (
        "The talk had moved on: now showing where it is. Nothing was changed."
    )
    assert server_state(deck) == (2, 1, False, sequence + 1)
    assert lost == [{"slide": 1, "step": 0, "blackout": False, "from_sequence": sequence}]


def test_a_stale_move_from_a_phone_that_slept_is_refused_and_resynced(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice)
    sleep(phone)
    # The stream of a sleeping phone is gone; what it would resync with is blocked too.
    phone.route("**/live/events*", lambda route: route.abort())
    phone.route("**/live/state", lambda route: route.abort() if route.request.method == "GET" else route.continue_())
    PresentationState.change(deck, slide=2)
    sequence = server_state(deck)[3]
    assert position(phone) == "1.1"

    # The first tap on waking was made from the old slide: it must not pull the talk back to 2.
    phone.locator("[data-next]").tap()
    wait_for_position(phone, "3.1")
    assert server_state(deck) == (3, 1, False, sequence)


def test_a_phone_that_wakes_asks_for_the_live_position_at_once(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice)
    sleep(phone)
    # Only the wake-up request can bring the news: no stream.
    phone.route("**/live/events*", lambda route: route.abort())
    PresentationState.change(deck, slide=3)
    assert position(phone) == "1.1"
    wake(phone)
    wait_for_position(phone, "4.1")
    assert phone.locator("[data-notes]").inner_text() == "Questions."


def test_a_revoked_link_closes_the_open_remote_with_a_message_and_its_moves_get_403(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    made = open_remote(phone, server, deck, alice)
    revoke_link(made.link)
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.connection === 'closed'")
    assert phone.locator("[data-message]").inner_text() == "The owner revoked this link; it no longer works."
    assert phone.locator("[data-next]").is_disabled()
    status = phone.evaluate(
        """async () => (await fetch(location.pathname.replace('remote/', 'live/state'), {
            method: 'POST', headers: {'Content-Type': 'application/json',
            'X-CSRFToken': document.querySelector('input[name=csrfmiddlewaretoken]').value},
            body: JSON.stringify({slide: 2})})).status"""
    )
    assert (status, server_state(deck)[0]) == (403, 1)


def test_a_co_presenter_that_does_not_hold_control_is_told_who_drives_and_can_take_it(server, deck, alice, phone):
    # Was about remote links, which had to take control before their first move; a remote is now the
    # speaker's own hand and always drives (tests/test_live_panel_browser.py), co-presenters still take it.
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice, role="co-presenter", label="Anna")
    assert phone.locator("[data-control]").inner_text() == "Owner is driving.\nTake control"
    phone.locator("[data-next]").tap()
    phone.locator("[data-message]").wait_for()
    assert phone.locator("[data-message]").inner_text() == "Owner is driving. Take control to move."
    assert server_state(deck)[:2] == (1, 1)
    phone.locator("[data-take]").tap()
    phone.locator("[data-control]").wait_for(state="hidden")
    phone.locator("[data-next]").tap()
    wait_for_position(phone, "2.1")


def test_a_finger_on_the_remotes_slide_points_on_a_followers_phone(server, deck, alice, phone, browser):
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice)
    follower_context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    follower = follower_context.new_page()
    follower.goto(f"{server.url}{make_link(deck, role='viewer', created_by=alice).path}")
    follower.wait_for_url(f"{server.url}/talks/remote-talk/follow/")
    follower.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")

    phone.evaluate(
        """() => {
            const stage = document.querySelector('[data-stage-current]').getBoundingClientRect();
            const target = document.querySelector('[data-frame-current]');
            const at = (fx, fy) => new Touch({ identifier: 2, target,
                clientX: stage.left + fx * stage.width, clientY: stage.top + fy * stage.height });
            const send = (type, touch, touches) => target.dispatchEvent(new TouchEvent(type, {
                bubbles: true, cancelable: true, touches, targetTouches: touches, changedTouches: [touch] }));
            send('touchstart', at(0.1, 0.1), [at(0.1, 0.1)]);
            for (let i = 1; i <= 4; i++) send('touchmove', at(0.1 + 0.1 * i, 0.1 + 0.2 * i), [at(0.1 + 0.1 * i, 0.1 + 0.2 * i)]);
        }"""
    )
    follower.wait_for_function(
        "() => { const d = document.querySelector('[data-pointer]'); return !d.hidden && Math.abs(d.dataset.y - 0.9) < 0.005; }"
    )
    x, y = follower.evaluate(
        """() => {
            const stage = document.querySelector('[data-stage]').getBoundingClientRect();
            const dot = document.querySelector('[data-pointer]').getBoundingClientRect();
            return [(dot.left + dot.width / 2 - stage.left) / stage.width, (dot.top + dot.height / 2 - stage.top) / stage.height];
        }"""
    )
    assert (abs(x - 0.5) <= 0.01, abs(y - 0.9) <= 0.01) == (True, True), (x, y)
    # Lifting the finger takes the dot away.
    phone.evaluate(
        """() => document.querySelector('[data-frame-current]').dispatchEvent(new TouchEvent('touchend', { bubbles: true }))"""
    )
    follower.wait_for_function("() => document.querySelector('[data-pointer]').hidden")
    # The slide did not move while pointing.
    assert position(phone) == "1.1"
    follower_context.close()


def test_an_offline_remote_says_so_sends_nothing_and_resyncs_when_back(server, deck, alice, phone):
    PresentationState.change(deck, action="start")
    open_remote(phone, server, deck, alice)
    assert phone.locator("[data-remote]").get_attribute("data-wake-lock") == "on"
    assert re.fullmatch(r"\d+:\d\d", phone.locator("[data-timer]").inner_text())
    phone.context.set_offline(True)
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.connection === 'offline'")
    assert phone.locator("[data-connection-text]").inner_text() == "Offline: moves are not sent"
    phone.locator("[data-next]").tap()
    assert phone.locator("[data-message]").inner_text() == "Offline: nothing was sent. Tap again once the connection is back."
    PresentationState.change(deck, slide=2)
    phone.context.set_offline(False)
    # Back online: the talk is where the server says, not where the tap would have taken it.
    wait_for_position(phone, "3.1")
    assert server_state(deck)[:2] == (3, 1)


def test_a_co_presenter_hands_control_to_another_from_the_remote(server, deck, alice, phone, browser):
    # Was a remote link handing control; control is now for co-presenters only.
    PresentationState.change(deck, action="start")
    ben = make_link(deck, role="co-presenter", created_by=alice, label="Ben")
    open_remote(phone, server, deck, alice, role="co-presenter", label="Anna", take=True)
    assert phone.locator("[data-hand-to] option").all_inner_texts() == ["…", "Owner", "Ben"]
    phone.locator("[data-hand-to]").select_option(str(ben.link.pk))
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.driving === 'false'")
    assert phone.locator("[data-control]").inner_text() == "Ben is driving.\nTake control"
    assert phone.locator("[data-hand]").is_hidden()
