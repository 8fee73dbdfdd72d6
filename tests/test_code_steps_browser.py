"""A block of code that steps, as a person sees it (Chromium): the lines each step highlights on the projector,
the followers' phones and the presenter's next-step preview, and new lines fading in unless motion is reduced."""

import pytest

from decks.models import Deck
from presenter.models import PresentationState

from .factories import make_deck
from .pages import open_presenter, shown_position
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLIDE = """## Totals
```python {1|2-3|all}
def total(prices):
    s = sum(prices)
    return s
-- {3}
def total(prices):
    s = sum(prices)
    return round(s, 2)
```"""
# Per step: the highlighted lines, and how many lines are dimmed.
EXPECTED = [
    (["def total(prices):"], 2),
    (["    s = sum(prices)", "    return s"], 1),
    ([], 0),
    (["    return round(s, 2)"], 2),
]


@pytest.fixture
def deck(alice):
    return make_deck(alice, "#= Code", SLIDE, "#= The end", slug="stepping", visibility=Deck.Visibility.UNLISTED)


def lines_of(page, step):
    return page.locator(step).evaluate(
        """step => [[...step.querySelectorAll('.remark-code-line-highlighted')].map(line => line.textContent),
                    step.querySelectorAll('.code-line-dimmed').length]"""
    )


def test_the_projector_highlights_each_steps_lines_and_dims_the_others(deck, live_server, page):
    page.goto(f"{live_server.url}/talks/{deck.slug}/#2.1")
    page.wait_for_selector("[data-projector][data-position]")
    current = "[data-slide][data-current] > [data-step][data-current]"
    seen = []
    for number in range(1, 5):
        assert shown_position(page) == f"2.{number}"
        seen.append(tuple(lines_of(page, current)))
        page.keyboard.press("ArrowRight")
    assert seen == [(highlighted, dimmed) for highlighted, dimmed in EXPECTED]
    page.keyboard.press("Home")
    page.evaluate("() => { location.hash = '#2.1'; }")
    dimmed = page.locator(f"{current} .code-line-dimmed").first
    assert float(dimmed.evaluate("line => getComputedStyle(line).opacity")) < 0.5


def test_a_new_version_fades_its_changed_line_in_and_glides_the_kept_ones(deck, live_server, page, browser):
    page.goto(f"{live_server.url}/talks/{deck.slug}/#2.3")
    page.wait_for_selector("[data-projector][data-position]")
    page.keyboard.press("ArrowRight")
    changed = page.locator("[data-step][data-current] .code-line-changed")
    assert changed.inner_text() == "    return round(s, 2)"
    assert changed.evaluate("line => getComputedStyle(line).animationName") == "code-line-fade-in"
    context = browser.new_context(viewport={"width": 1280, "height": 720}, reduced_motion="reduce")
    calm = context.new_page()
    calm.goto(f"{live_server.url}/talks/{deck.slug}/#2.3")
    calm.wait_for_selector("[data-projector][data-position]")
    calm.keyboard.press("ArrowRight")
    line = calm.locator("[data-step][data-current] .code-line-changed")
    assert line.evaluate("line => getComputedStyle(line).animationName") == "none"
    context.close()


def test_the_presenters_preview_shows_the_next_steps_highlights(deck, live_server, browser_context):
    presenter = open_presenter(browser_context, live_server, deck)
    presenter.keyboard.press("ArrowRight")
    for number in range(1, 4):
        assert tuple(lines_of(presenter, "[data-stage-next] [data-step]")) == EXPECTED[number]
        assert tuple(lines_of(presenter, "[data-stage-current] [data-step]")) == EXPECTED[number - 1]
        presenter.keyboard.press("ArrowRight")


@pytest.fixture(scope="module")
def server(collected_static_files, django_db_setup, django_db_blocker):
    with WebServer(workers=1) as server:
        yield server


def test_followers_see_the_highlights_of_the_step_the_speaker_is_on(deck, server, browser):
    PresentationState.change(deck, action="start", slide=1, step=0)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.goto(f"{server.url}/talks/{deck.slug}/follow/")
    phone.wait_for_function("() => document.querySelector('[data-live-page]').dataset.connection === 'live'")
    current = "[data-slide][data-current] > [data-step][data-current]"
    for number in range(4):
        PresentationState.change(deck, slide=1, step=number)
        phone.wait_for_function(
            "position => document.querySelector('[data-live-page]').dataset.position === position", arg=f"2.{number + 1}"
        )
        assert tuple(lines_of(phone, current)) == EXPECTED[number]
    phone.context.close()
