"""The presenter view's live panel in Chromium against real gunicorn and PostgreSQL: the audience
link of a private deck, the links dialog at 1366x768, "End talk?", the talk clock, and the speaker's
own remote sharing the wheel."""

import re
import socket
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.conf import settings

from presenter.links import make_link
from presenter.models import DeckLink, PresentationState
from presenter.remote import set_driver

from .conftest import PageProblems, log_in
from .factories import make_deck
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SHOTS = "/tmp"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True)
    with WebServer(workers=2) as server:
        yield server


@pytest.fixture
def deck(alice):
    return make_deck(
        alice,
        ("#= Welcome", "Say hello."),
        ("## Two steps\n--\n* the second step", "Builds."),
        "## Third slide",
        ("#= Thanks", "Questions."),
        slug="panel-talk",
    )


@pytest.fixture
def contexts(browser):
    made = []

    def new(**options):
        context = browser.new_context(**options)
        made.append(context)
        page = context.new_page()
        page.problems = PageProblems(page)
        return page

    yield new
    for context in made:
        context.close()


def open_presenter(new_page, server, user, slug="panel-talk", viewport=LAPTOP, **options):
    page = new_page(viewport=viewport, **options)
    log_in(page.context, SimpleNamespace(url=server.url), user)
    page.goto(f"{server.url}/talks/{slug}/presenter/")
    page.locator("[data-live-panel-body]").wait_for()
    page.locator("[data-role-links-body]").wait_for(state="attached")
    return page


def presenter_position(page):
    return page.locator("[data-presenter]").get_attribute("data-position")


def go_live(presenter):
    # Until the server has answered, the talk's state row may not exist yet.
    with presenter.expect_response(lambda response: response.request.method == "POST" and "/live/" in response.url) as answer:
        presenter.get_by_role("button", name="Go live").click()
    assert answer.value.ok, answer.value.status
    presenter.wait_for_function("() => document.querySelector('[data-live-panel]').dataset.health === 'ok'")


def whole_log(server):
    return server.log_path.read_text(errors="replace")


def press(page, key):
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.keyboard.press(key)


def test_a_client_that_goes_away_mid_request_is_not_logged_as_a_server_error(server, deck):
    PresentationState.change(deck, action="start")
    before = len(whole_log(server))
    for method, body in (("POST", b'{"slide":'), ("GET", b"")):
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            length = b"Content-Length: 4000\r\nContent-Type: application/json\r\n" if method == "POST" else b""
            sock.sendall(f"{method} /talks/panel-talk/live/state HTTP/1.1\r\nHost: 127.0.0.1\r\n".encode() + length + b"\r\n" + body)
    time.sleep(1.5)
    log = whole_log(server)[before:]
    assert " 500 " not in log and "Internal Server Error" not in log and "Traceback" not in log, log


def test_a_new_users_private_deck_goes_live_and_an_anonymous_phone_follows_the_audience_link(
    server, contexts, django_user_model
):
    newcomer = django_user_model.objects.create_user("newcomer", "new@example.com", "a long enough password")
    make_deck(newcomer, "#= Hello", "## Second", "## Third", title="My first talk", slug="first-talk")
    presenter = open_presenter(contexts, server, newcomer, slug="first-talk")
    # Before going live, nothing tells the room to open a link that answers "No such deck".
    assert presenter.locator("[data-follow-link]").count() == 0
    assert "going live makes a link for the room" in presenter.locator("[data-audience-who]").inner_text()
    go_live(presenter)

    audience = presenter.get_by_role("link", name=re.compile(r"^Audience link"))
    audience.wait_for()
    url = audience.get_attribute("href")
    assert url == audience.inner_text() and url.startswith(f"{server.url}/l/#")
    # Who can open it: in a few words in the panel, in full in the dialog.
    who = presenter.locator("[data-audience-who]")
    assert re.fullmatch(r"Anyone with it, until \w{3} \d+ \w{3} \d\d:\d\d\. The deck stays private\.", who.inner_text())
    assert who.get_attribute("title").startswith("Anyone with this link or its QR code, until ")
    # The QR code in the dialog carries the same link.
    presenter.get_by_role("button", name="QR code, links and driving…").click()
    dialog = presenter.locator("[data-live-dialog]")
    assert dialog.locator(".live-panel-qr svg").count() == 1
    assert dialog.locator(".live-panel-qr-link a").get_attribute("href") == url
    assert "they follow the live slides only. The deck stays private." in dialog.locator("[data-audience-slot]").inner_text()
    # The links list, loaded with the page, now has the link going live made.
    dialog.locator("[data-links] tr[data-link]").first.wait_for()
    assert dialog.locator("[data-links] tr[data-link] td").first.inner_text() == "Audience"
    presenter.keyboard.press("Escape")
    assert not dialog.is_visible()

    phone = contexts(viewport=PHONE, has_touch=True, is_mobile=True)
    phone.goto(url)
    phone.wait_for_url(f"{server.url}/talks/first-talk/follow/")
    phone.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
    press(presenter, "ArrowRight")
    phone.wait_for_function("() => document.querySelector('[data-live-page]').dataset.position === '2.1'")
    phone.screenshot(path=f"{SHOTS}/live19-audience-phone-390x844.png")

    # Going live again (another tab, a reload) shows the same link: one viewer link for the room.
    again = open_presenter(contexts, server, newcomer, slug="first-talk")
    assert again.get_by_role("link", name=re.compile(r"^Audience link")).get_attribute("href") == url
    assert DeckLink.objects.filter(deck__slug="first-talk", role="viewer").count() == 1
    assert (phone.problems.page_errors, presenter.problems.page_errors) == ([], [])


def test_an_unlisted_decks_presenter_shows_its_follow_url_as_the_audience_link(server, contexts, alice):
    make_deck(alice, "#= Open", slug="open-talk", visibility="unlisted")
    presenter = open_presenter(contexts, server, alice, slug="open-talk")
    audience = presenter.get_by_role("link", name=re.compile(r"^Audience link"))
    assert audience.get_attribute("href") == f"{server.url}/f/open-talk"
    assert presenter.locator("[data-audience-who]").inner_text() == "Anyone with this link: the deck is unlisted."
    assert not DeckLink.objects.filter(deck__slug="open-talk").exists()


def inside_viewport(page, selector):
    """The controls under `selector` that are not wholly inside the window, and whether it scrolls inside."""
    return page.evaluate(
        """(selector) => {
            const root = document.querySelector(selector);
            const outside = [];
            for (const control of root.querySelectorAll('button, a[href], input, select, textarea, summary')) {
                if (!control.getClientRects().length) continue;
                const box = control.getBoundingClientRect();
                if (box.left < 0 || box.top < 0 || box.right > innerWidth || box.bottom > innerHeight) {
                    outside.push(control.textContent.trim() || control.name || control.outerHTML.slice(0, 60));
                }
            }
            const scrolls = [root, ...root.querySelectorAll('*')].filter((el) => el.scrollHeight > el.clientHeight + 1
                && ['auto', 'scroll'].includes(getComputedStyle(el).overflowY));
            return { outside, scrolls: scrolls.map((el) => el.className || el.tagName) };
        }""",
        selector,
    )


def test_the_links_dialog_at_1366x768_has_every_control_in_the_window_and_no_inner_scroll(server, contexts, deck, alice):
    PresentationState.change(deck, action="start")
    ben = make_link(deck, role="co-presenter", created_by=alice, label="Ben")
    # Ben drives: "Take back" is there to be seen.
    set_driver(deck, ben.link, locked=False)
    for n in range(8):
        make_link(deck, role="viewer", created_by=alice, label=f"Guest {n}")
    presenter = open_presenter(contexts, server, alice)
    presenter.screenshot(path=f"{SHOTS}/live19-presenter-1366x768.png")
    # The panel under the slides: no scrolling box any more.
    assert inside_viewport(presenter, ".presenter-controls") == {"outside": [], "scrolls": []}
    presenter.get_by_role("button", name="QR code, links and driving…").click()
    dialog = presenter.locator("[data-live-dialog]")
    # Opening it refreshes the links.
    presenter.wait_for_function("() => !('loading' in document.querySelector('[data-role-links]').dataset)")
    # Making a link shows its QR code once, in the same dialog.
    dialog.locator("select[name=role]").select_option("remote")
    dialog.locator("input[name=label]").fill("My phone")
    dialog.get_by_role("button", name="Make link").click()
    dialog.locator("[data-made-url]").wait_for()
    assert dialog.get_by_role("button", name="Take back").is_visible()
    assert dialog.get_by_role("button", name="Lock to me").is_visible()
    # The pointer is used while presenting: its toggle stays under the slides.
    assert presenter.locator(".presenter-controls").get_by_role("button", name="Pointer").is_visible()
    assert dialog.locator(".live-panel-qr svg").is_visible()
    presenter.screenshot(path=f"{SHOTS}/live19-links-dialog-1366x768.png")
    assert inside_viewport(presenter, "[data-live-dialog]") == {"outside": [], "scrolls": []}
    assert presenter.evaluate(
        "() => { const d = document.querySelector('[data-live-dialog]'); return d.scrollHeight <= d.clientHeight; }"
    )
    assert "older, revoked or expired links not shown" in dialog.inner_text()
    presenter.screenshot(path=f"{SHOTS}/live19-links-dialog-1366x768.png")
    # While it is open, the arrow keys are the dialog's, not the talk's.
    presenter.keyboard.press("ArrowRight")
    assert presenter_position(presenter) == "1.1"
    presenter.keyboard.press("Escape")
    presenter.screenshot(path=f"{SHOTS}/live19-presenter-1366x768.png")
    press(presenter, "ArrowRight")
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '2.1'")


def test_the_links_dialog_on_a_phone(server, contexts, deck, alice):
    PresentationState.change(deck, action="start")
    presenter = open_presenter(contexts, server, alice, viewport=PHONE)
    presenter.screenshot(path=f"{SHOTS}/live19-presenter-390x844.png", full_page=True)
    presenter.get_by_role("button", name="QR code, links and driving…").click()
    presenter.locator("[data-live-dialog] [data-role-links-body]").wait_for()
    presenter.screenshot(path=f"{SHOTS}/live19-links-dialog-390x844.png")
    box = presenter.locator("[data-live-dialog]").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_end_talk_asks_first_and_answers_the_keyboard(server, contexts, deck, alice):
    PresentationState.change(deck, action="start")
    presenter = open_presenter(contexts, server, alice)
    end = presenter.get_by_role("button", name="End talk")
    end.focus()
    presenter.keyboard.press("Enter")
    confirm = presenter.get_by_role("dialog", name="End the talk for everyone?")
    confirm.wait_for()
    # The safe answer has the focus; Escape keeps the talk going.
    assert presenter.evaluate("() => document.activeElement.textContent") == "Keep presenting"
    presenter.keyboard.press("Escape")
    assert not confirm.is_visible()
    presenter.keyboard.press("Enter")  # the focus went back to "End talk"
    confirm.wait_for()
    presenter.keyboard.press("Enter")  # "Keep presenting"
    assert not confirm.is_visible()
    time.sleep(0.3)
    assert PresentationState.objects.get(deck=deck).status == "live"

    end.click()
    confirm.wait_for()
    presenter.screenshot(path=f"{SHOTS}/live19-end-talk-1366x768.png")
    presenter.keyboard.press("Tab")
    assert presenter.evaluate("() => document.activeElement.textContent") == "End talk"
    presenter.keyboard.press("Enter")
    presenter.wait_for_function("() => document.querySelector('[data-live-panel]').dataset.status === 'ended'")
    assert PresentationState.objects.get(deck=deck).status == "ended"


def open_remote(contexts, server, deck, alice, role="remote", label="My phone"):
    phone = contexts(viewport=PHONE, has_touch=True, is_mobile=True)
    made = make_link(deck, role=role, created_by=alice, label=label)
    phone.goto(f"{server.url}{made.path}")
    phone.wait_for_url(f"{server.url}/talks/{deck.slug}/remote/")
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.connection === 'live'")
    return phone


def remote_position(phone, expected):
    phone.wait_for_function(
        "e => { const r = document.querySelector('[data-remote]'); return r.dataset.position === e && r.dataset.sending !== 'true'; }",
        arg=expected,
    )


def test_a_remote_links_first_tap_moves_the_talk_and_the_laptop_keys_still_move_it(server, contexts, deck, alice):
    presenter = open_presenter(contexts, server, alice)
    go_live(presenter)
    phone = open_remote(contexts, server, deck, alice)
    # A remote is the speaker's own hand: nothing to take first.
    assert phone.locator("[data-control]").is_hidden() and phone.locator("[data-take]").is_hidden()
    phone.locator("[data-next]").tap()
    remote_position(phone, "2.1")
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '2.1'")
    press(presenter, "ArrowRight")
    remote_position(phone, "2.2")
    press(presenter, "ArrowRight")
    remote_position(phone, "3.1")
    assert presenter.locator("[data-live-panel]").get_attribute("data-health") == "ok"
    phone.locator("[data-next]").tap()
    remote_position(phone, "4.1")
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '4.1'")
    state = PresentationState.objects.get(deck=deck)
    assert (state.slide, state.step) == (3, 0)
    # Swipes are the remote's: the browser may not turn a sideways swipe into "back".
    assert phone.evaluate(
        """() => {
            const root = document.querySelector('[data-remote]');
            const touch = (x) => new Touch({ identifier: 1, target: root, clientX: x, clientY: 700 });
            root.dispatchEvent(new TouchEvent('touchstart', { bubbles: true, cancelable: true, touches: [touch(60)], changedTouches: [touch(60)] }));
            const move = new TouchEvent('touchmove', { bubbles: true, cancelable: true, touches: [touch(200)], changedTouches: [touch(200)] });
            root.dispatchEvent(move);
            root.dispatchEvent(new TouchEvent('touchcancel', { bubbles: true, changedTouches: [touch(200)] }));
            return move.defaultPrevented
                && getComputedStyle(document.documentElement).overscrollBehaviorX === 'none'
                && getComputedStyle(root).touchAction === 'pan-y';
        }"""
    )
    assert (phone.problems.page_errors, presenter.problems.page_errors) == ([], [])


def test_a_co_presenter_link_still_needs_control(server, contexts, deck, alice):
    PresentationState.change(deck, action="start")
    phone = open_remote(contexts, server, deck, alice, role="co-presenter", label="Ben")
    assert phone.locator("[data-control]").inner_text() == "Owner is driving.\nTake control"
    phone.locator("[data-next]").tap()
    phone.locator("[data-message]").wait_for()
    phone.screenshot(path=f"{SHOTS}/live19-co-presenter-390x844.png")
    assert phone.locator("[data-message]").inner_text() == "Owner is driving. Take control to move."
    assert PresentationState.objects.get(deck=deck).slide == 0
    phone.locator("[data-take]").tap()
    phone.locator("[data-control]").wait_for(state="hidden")
    phone.locator("[data-next]").tap()
    remote_position(phone, "2.1")


def elapsed_seconds(page, selector):
    return page.evaluate(f"() => document.querySelector('{selector}').textContent")


def as_seconds(text):
    seconds = 0
    for part in text.split(":"):
        seconds = seconds * 60 + int(part)
    return seconds


def test_one_talk_clock_on_a_reloaded_presenter_a_second_tab_and_the_remote(server, contexts, deck, alice):
    presenter = open_presenter(contexts, server, alice)
    # This window's own timer ran before: it is not the talk's.
    presenter.get_by_role("button", name="Start").click()
    go_live(presenter)
    # The talk went live a while ago (as after a long first part).
    PresentationState.objects.filter(deck=deck).update(
        started_at=PresentationState.objects.get(deck=deck).started_at - __import__("datetime").timedelta(minutes=7)
    )
    presenter.reload()
    presenter.locator("[data-live-panel-body]").wait_for()
    second = open_presenter(contexts, server, alice)
    phone = open_remote(contexts, server, deck, alice)
    for page in (presenter, second):
        page.wait_for_function("() => Number(document.querySelector('[data-elapsed]').dataset.elapsedSeconds) >= 420")
    phone.wait_for_function("() => document.querySelector('[data-timer]').textContent.startsWith('7:')")
    readings = [
        as_seconds(elapsed_seconds(presenter, "[data-elapsed]")),
        as_seconds(elapsed_seconds(second, "[data-elapsed]")),
        as_seconds(elapsed_seconds(phone, "[data-timer]")),
    ]
    assert max(readings) - min(readings) <= 1, readings
    assert 420 <= min(readings) <= 430, readings
    # While live the timer is the talk's: no Start, Pause or Reset to make it another one.
    assert presenter.get_by_role("button", name="Reset").is_hidden()
    # The pace counts from the same clock.
    assert as_seconds(presenter.locator("[data-talk-clock]").inner_text()) >= 420


def axe_violations(page, selector):
    import json
    from pathlib import Path

    import axe_playwright_python

    page.add_script_tag(content=(Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text())
    results = page.evaluate(f"async () => await axe.run({json.dumps(selector)})")
    return [(violation["id"], [node["target"] for node in violation["nodes"]]) for violation in results["violations"]]


def test_the_live_panel_its_dialog_and_end_talk_pass_axe_core(server, contexts, deck, alice):
    PresentationState.change(deck, action="start")
    # axe-core is added to the page as a script of its own, past the page's CSP.
    presenter = open_presenter(contexts, server, alice, bypass_csp=True)
    assert axe_violations(presenter, ".presenter-controls") == []
    presenter.get_by_role("button", name="QR code, links and driving…").click()
    presenter.locator("[data-live-dialog] [data-role-links-body]").wait_for()
    assert axe_violations(presenter, "[data-live-dialog]") == []
    presenter.keyboard.press("Escape")
    presenter.get_by_role("button", name="End talk").click()
    assert axe_violations(presenter, "[data-end-confirm]") == []
