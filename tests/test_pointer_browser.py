"""The pointer and the owner's links in Chromium, across two gunicorn instances sharing PostgreSQL."""

import subprocess
import sys
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from presenter.links import make_link
from presenter.models import PresentationState

from .conftest import PageProblems, log_in
from .factories import make_deck
from .web_server import running_servers

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def machines(django_db_setup, django_db_blocker):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True)
    with running_servers(2, workers=1) as servers:
        yield servers


@pytest.fixture
def deck(alice):
    deck = make_deck(alice, ("#= Pointing", "Point at the middle."), "## Second", slug="pointer-talk")
    PresentationState.change(deck, action="start")
    return deck


def new_page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.problems = PageProblems(page)
    return page


def open_link(page, server, made):
    page.goto(f"{server.url}{made.path}")
    page.wait_for_url(f"{server.url}/talks/pointer-talk/**")
    page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")


def open_presenter(browser, server, alice):
    page = new_page(browser, viewport={"width": 1280, "height": 800})
    log_in(page.context, SimpleNamespace(url=server.url), alice)
    page.goto(f"{server.url}/talks/pointer-talk/presenter/")
    page.locator("[data-role-links-body]").wait_for(state="attached")
    return page


def dot_fraction(page):
    """Where the centre of the red dot is, as fractions of the slide on screen."""
    return page.evaluate(
        """() => {
            const stage = document.querySelector('[data-stage]').getBoundingClientRect();
            const dot = document.querySelector('[data-pointer]').getBoundingClientRect();
            return [(dot.left + dot.width / 2 - stage.left) / stage.width, (dot.top + dot.height / 2 - stage.top) / stage.height];
        }"""
    )


def database_rows():
    """Every row of every table, with the transaction that last wrote it."""
    rows = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        for (table,) in cursor.fetchall():
            cursor.execute(f'SELECT xmin::text, * FROM "{table}"')
            rows[table] = sorted(map(repr, cursor.fetchall()))
    return rows


def test_a_drag_in_the_presenter_shows_the_dot_on_a_projector_and_a_follower_elsewhere(machines, deck, alice, browser):
    first, second = machines
    presenter = open_presenter(browser, first, alice)
    projector = new_page(browser, viewport={"width": 1024, "height": 768})
    open_link(projector, second, make_link(deck, role="projector", created_by=alice))
    follower = new_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    open_link(follower, second, make_link(deck, role="viewer", created_by=alice))
    before = database_rows()

    presenter.locator("[data-pointer-toggle]").click()
    slide = presenter.locator("[data-stage-current]").bounding_box()

    def drag():
        at = lambda x, y: (slide["x"] + x * slide["width"], slide["y"] + y * slide["height"])  # noqa: E731
        presenter.mouse.move(*at(0.2, 0.3))
        presenter.mouse.down()
        for step in range(1, 11):
            presenter.mouse.move(*at(0.2 + 0.05 * step, 0.3 + 0.03 * step))
        presenter.mouse.up()

    # Each page is looked at right after a drag: the dot goes after 2 s without news.
    for page in (projector, follower):
        drag()
        page.wait_for_function(
            "() => { const dot = document.querySelector('[data-pointer]'); return dot && !dot.hidden && Math.abs(dot.dataset.x - 0.7) < 0.005; }"
        )
        x, y = dot_fraction(page)
        assert (abs(x - 0.7) <= 0.01, abs(y - 0.6) <= 0.01) == (True, True), (x, y)
    assert database_rows() == before

    # Leaving the slide takes the dot away everywhere.
    presenter.mouse.move(5, 5)
    for page in (projector, follower):
        page.wait_for_function("() => document.querySelector('[data-pointer]').hidden")

    # With the pointer off, holding D points; letting go of it hides the dot.
    presenter.locator("[data-pointer-toggle]").click()
    presenter.keyboard.down("d")
    presenter.mouse.move(slide["x"] + 0.3 * slide["width"], slide["y"] + 0.2 * slide["height"])
    presenter.mouse.move(slide["x"] + 0.4 * slide["width"], slide["y"] + 0.25 * slide["height"])
    projector.wait_for_function(
        "() => { const d = document.querySelector('[data-pointer]'); return !d.hidden && Math.abs(d.dataset.x - 0.4) < 0.005; }"
    )
    presenter.keyboard.up("d")
    projector.wait_for_function("() => document.querySelector('[data-pointer]').hidden")
    presenter.mouse.move(slide["x"] + 0.6 * slide["width"], slide["y"] + 0.6 * slide["height"])
    assert database_rows() == before
    for page in (presenter, projector, follower):
        assert (page.problems.page_errors, page.problems.failed_requests) == ([], [])


def test_the_owner_makes_a_co_presenter_link_sees_who_drives_takes_back_and_revokes(machines, deck, alice, browser):
    # Was a remote link taking control and the laptop's keys being refused meanwhile. A remote is now
    # the speaker's own hand and never takes control; a co-presenter does, and the owner's own keys
    # still move the talk while it holds control.
    first, second = machines
    presenter = open_presenter(browser, first, alice)
    presenter.get_by_role("button", name="QR code, links and driving…").click()
    panel = presenter.locator("[data-role-links]")
    # Opening the dialog refreshes the links.
    presenter.wait_for_function("() => !('loading' in document.querySelector('[data-role-links]').dataset)")
    panel.locator("select[name=role]").select_option("co-presenter")
    panel.locator("input[name=label]").fill("Anna")
    panel.get_by_role("button", name="Make link").click()
    url = panel.locator("[data-made-url]").input_value()
    assert panel.locator(".role-links-qr svg").count() == 1

    phone = new_page(browser, viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    phone.goto(url.replace(first.url, second.url))
    phone.wait_for_url(f"{second.url}/talks/pointer-talk/remote/")
    phone.locator("[data-take]").tap()
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.driving === 'true'")
    phone.locator("[data-next]").tap()
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.position === '2.1'")

    presenter.wait_for_function("() => document.querySelector('[data-role-links]').dataset.controlLastMove === 'Anna'")
    assert panel.locator("[data-driver]").inner_text() == "Anna"
    presenter.wait_for_function("() => document.querySelector('[data-presenter]').dataset.position === '2.1'")
    # The laptop's own keys still move the talk.
    presenter.keyboard.press("Escape")
    presenter.evaluate("() => document.activeElement.blur()")
    presenter.keyboard.press("ArrowLeft")
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.position === '1.1'")
    assert PresentationState.objects.get(deck=deck).slide == 0

    presenter.get_by_role("button", name="QR code, links and driving…").click()
    panel.get_by_role("button", name="Take back").click()
    presenter.wait_for_function("() => document.querySelector('[data-role-links-body] [data-driver]').textContent === 'Owner'")
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.driving === 'false'")

    panel.get_by_role("button", name="Revoke").first.click()
    phone.wait_for_function("() => document.querySelector('[data-remote]').dataset.connection === 'closed'")
    assert phone.locator("[data-message]").inner_text() == "The owner revoked this link; it no longer works."
    presenter.screenshot(path="/tmp/presenter-links.png", full_page=True)
