"""The hostile deck of the shorthand tests runs no script in the presenting pages.

Every payload in tests/data/hostile tries to set window.__pwned. Besides the
flag, the pages must log no console error: a payload that survived the
sanitizer would at least make the Content-Security-Policy complain.
"""

import pytest

from tests.conftest import log_in

from .factories import HOSTILE, import_deck_folder


def visit_every_step(page, url):
    page.goto(url)
    root = "[data-projector], [data-presenter]"
    counts = page.evaluate(f"document.querySelector('{root}').navigation.stepCounts")
    for _ in range(sum(counts) - 1):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        f"() => document.querySelector('{root}').dataset.position === '{len(counts)}.{counts[-1]}'"
    )
    # Whatever the deck makes the page fetch has arrived before the checks.
    page.wait_for_load_state("networkidle")
    return counts


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_hostile_deck_runs_no_script_in_the_projector_or_the_presenter(alice, live_server, browser_context, page):
    deck = import_deck_folder(HOSTILE, alice, slug="hostile", visibility="public")
    log_in(browser_context, live_server, alice)

    counts = visit_every_step(page, f"{live_server.url}/talks/{deck.slug}/")
    page.keyboard.press("o")
    page.wait_for_load_state("networkidle")
    projector_flag = page.evaluate("typeof window.__pwned")

    presenter = browser_context.new_page()
    presenter_errors = []
    presenter.on("console", lambda message: message.type == "error" and presenter_errors.append(message.text))
    presenter.on("pageerror", lambda error: presenter_errors.append(str(error)))
    visit_every_step(presenter, f"{live_server.url}/talks/{deck.slug}/presenter/")
    presenter_flag = presenter.evaluate("typeof window.__pwned")

    assert len(counts) == len(deck.render().slides)
    assert (projector_flag, presenter_flag) == ("undefined", "undefined")
    assert (page.problems.console_errors, page.problems.page_errors, presenter_errors) == ([], [], [])
    assert page.problems.failed_requests == []
