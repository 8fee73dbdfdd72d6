"""axe-core's WCAG 2.1 A and AA rules find nothing on any page, in the default and the high-contrast theme.

Each page is audited as its people meet it, against real gunicorn: the
deck's pages draw a deck in the theme under test, and the high-contrast run
also tells the browser its reader prefers more contrast. A new page joins
PAGES. The audit also reads the pages' iframes (the theme page's samples).
"""

import datetime
import subprocess
import sys
from types import SimpleNamespace

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from decks import domain
from decks.models import Deck, Look
from presenter.links import make_link
from presenter.models import PresentationState, Rehearsal

from .conftest import PageProblems, log_in
from .factories import add_image, make_deck, png_bytes
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = Axe()
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
THEMES = {"default": Look.DEFAULT, "high-contrast": Look.CONTRAST}


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True)
    with WebServer(workers=2) as server:
        yield server


def audited_deck(owner, look):
    deck = make_deck(
        owner,
        ("#= Following along", "Say hello."),
        ("## Two steps\n--\n\n* the second step", "Pause before the second."),
        ("## A picture\n\n@= chart.png", "Describe the chart."),
        "```python\nprint('hello')\n```",
        ("#= Thanks", "Questions."),
        title="Audited talk",
        slug="audited",
        visibility=Deck.Visibility.PUBLIC,
    )
    image = add_image(deck, "chart.png", png_bytes((640, 360), (30, 90, 160)))
    image.description = "A bar chart of requests per second"
    image.save()
    deck.look = look
    deck.save()
    start = datetime.datetime(2026, 11, 26, 14, 0, tzinfo=datetime.timezone.utc)
    for seconds in (40, 55):
        steps = {"1.1": seconds, "2.1": 30, "2.2": 30, "3.1": 60, "4.1": 20, "5.1": 10}
        Rehearsal.record(deck, started=start, finished=start + datetime.timedelta(minutes=4), step_seconds=steps)
    deck.slides.filter(position=0).update(source="#= Following along!")
    domain.record_outside_change(deck, author=owner, summary="Said it louder")
    return deck


def wait_for_live_position(page, position):
    page.wait_for_function(
        "expected => document.querySelector('[data-live-page]').dataset.position === expected", arg=position
    )


def follow(page, server, deck, state):
    """The follow page live on slide 3, browsed back to slide 1, read as one page, or after the talk."""
    PresentationState.change(deck, action="start", slide=2)
    if state == "ended":
        PresentationState.change(deck, action="end")
    page.goto(f"{server.url}/talks/{deck.slug}/follow/")
    page.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
    if state == "ended":
        page.locator("[data-notice=ended]").wait_for()
    else:
        wait_for_live_position(page, "3.1")
    if state == "reading":
        page.get_by_role("button", name="Read at my own pace").click()
        page.locator("section[data-reading]").wait_for()
    if state == "browsing":
        page.get_by_role("button", name="Previous slide").click()
        page.get_by_role("button", name="Previous slide").click()
        page.get_by_role("button", name="Previous slide").click()
        wait_for_live_position(page, "1.1")


def remote(page, server, deck, owner, driving=False):
    PresentationState.change(deck, action="start")
    # A remote link always drives; control is taken by a co-presenter's.
    role = "co-presenter" if driving else "remote"
    made = make_link(deck, role=role, created_by=owner, label="Anna's phone")
    page.goto(f"{server.url}{made.path}")
    page.wait_for_function("() => document.querySelector('[data-remote]')?.dataset.connection === 'live'")
    if driving:
        page.get_by_role("button", name="Take control").click()
        page.wait_for_function("() => document.querySelector('[data-remote]').dataset.driving === 'true'")


def signed_in(path, ready=None):
    def open_page(page, server, deck, owner):
        log_in(page.context, SimpleNamespace(url=server.url), owner)
        page.goto(f"{server.url}{path.format(slug=deck.slug)}")
        if ready:
            page.locator(ready).first.wait_for()

    return open_page


def anyone(path, ready=None):
    def open_page(page, server, deck, owner):
        page.goto(f"{server.url}{path.format(slug=deck.slug)}")
        if ready:
            page.locator(ready).first.wait_for()

    return open_page


# Every page a person meets: (name, how to open it, screen size).
PAGES = {
    "home": (anyone("/", ".site-main"), LAPTOP),
    "login": (anyone("/accounts/login/", "form"), LAPTOP),
    "sign-up": (anyone("/accounts/signup/", "form"), LAPTOP),
    "my decks": (signed_in("/decks/", ".site-main"), LAPTOP),
    "editor": (signed_in("/decks/{slug}/edit/", "[data-slide-list] li"), LAPTOP),
    "guide": (anyone("/guide/", ".site-main"), LAPTOP),
    "themes": (anyone("/looks/", ".theme-samples"), LAPTOP),
    "presenter": (signed_in("/talks/{slug}/presenter/", "[data-live-panel] [data-live-panel-body]"), LAPTOP),
    "projector": (anyone("/talks/{slug}/", "[data-slide][data-current]"), LAPTOP),
    "follow, live": (lambda page, server, deck, owner: follow(page, server, deck, "live"), PHONE),
    "follow, browsing": (lambda page, server, deck, owner: follow(page, server, deck, "browsing"), PHONE),
    "follow, ended": (lambda page, server, deck, owner: follow(page, server, deck, "ended"), PHONE),
    "follow, reading": (lambda page, server, deck, owner: follow(page, server, deck, "reading"), PHONE),
    "remote": (remote, PHONE),
    "remote, driving": (lambda page, server, deck, owner: remote(page, server, deck, owner, driving=True), PHONE),
    "controlled projector": (signed_in("/talks/{slug}/controlled/", "[data-slide][data-current]"), LAPTOP),
    "share": (anyone("/talks/{slug}/share/", "svg"), LAPTOP),
    "deck settings": (signed_in("/decks/{slug}/settings/", "form"), LAPTOP),
    "import": (signed_in("/decks/import/", "form"), LAPTOP),
    "delete deck": (signed_in("/decks/{slug}/delete/", "form"), LAPTOP),
    "history diff": (signed_in("/decks/{slug}/history/diff/?from=1&to=2", ".site-main"), LAPTOP),
    "rehearsal report": (signed_in("/talks/{slug}/rehearsals/", ".site-main"), LAPTOP),
    "history": (signed_in("/decks/{slug}/history/", ".site-main"), LAPTOP),
    "handout": (signed_in("/talks/{slug}/handout/", ".slide-content"), LAPTOP),
}


def audit(page):
    """axe-core's WCAG 2.1 A and AA violations on the page and its frames, as (rule, target, summary) triples."""
    for frame in page.frames:
        frame.evaluate(AXE.axe_script)
    results = AXE.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]})
    return [
        (violation["id"], node["target"], node["failureSummary"])
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", PAGES)
def test_axe_core_finds_no_wcag_21_aa_violation(name, theme, server, alice, browser):
    deck = audited_deck(alice, THEMES[theme])
    open_page, viewport = PAGES[name]
    context = browser.new_context(
        viewport=viewport, contrast="more" if theme == "high-contrast" else "no-preference", is_mobile=viewport is PHONE
    )
    try:
        page = context.new_page()
        page.problems = PageProblems(page)
        open_page(page, server, deck, alice)
        violations = audit(page)
        assert not violations, "\n\n".join(f"{rule} at {target}:\n{summary}" for rule, target, summary in violations)
        assert page.problems.page_errors == []
    finally:
        context.close()
