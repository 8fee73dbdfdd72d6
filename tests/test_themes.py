"""The built-in themes: each draws every sample slide, and the high-contrast one passes axe-core's contrast rule."""

from pathlib import Path

import axe_playwright_python
import pytest

from decks.looks import BUILT_IN, SAMPLE_SLIDES
from decks.models import Look
from tests.conftest import PageProblems

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("look", [look.value for look in BUILT_IN])
def test_each_built_in_theme_draws_every_sample_slide(look, live_server, page):
    page.goto(f"{live_server.url}/looks/{look}/")
    frames = page.locator(".theme-frame")
    assert frames.count() == len(SAMPLE_SLIDES)
    for index in range(frames.count()):
        slide = frames.nth(index).locator(".slide-content")
        assert slide.is_visible() and slide.inner_text().strip(), f"sample slide {index + 1} is empty"
    sizes = page.evaluate(
        "[...document.querySelectorAll('.theme-frame > .slide-content')].map((slide) => [slide.offsetWidth, slide.offsetHeight])"
    )
    assert sizes == [[1280, 720]] * len(SAMPLE_SLIDES)
    assert (page.problems.console_errors, page.problems.failed_requests) == ([], [])


def test_the_theme_page_shows_every_built_in_theme_side_by_side(live_server, page):
    page.goto(f"{live_server.url}/looks/")
    titles = page.locator(".theme-samples").evaluate_all("(frames) => frames.map((frame) => frame.title)")
    assert titles == [f"Sample slides in the {look.label} theme" for look in BUILT_IN]
    tops = page.locator(".theme-column").evaluate_all("(columns) => columns.slice(0, 3).map((c) => c.getBoundingClientRect().top)")
    assert len(set(tops)) == 1, "the themes are not side by side"


def test_the_high_contrast_theme_passes_axe_cores_colour_contrast_rule(live_server, browser):
    # axe-core is added to the page as a script of its own, past the page's CSP.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{live_server.url}/looks/{Look.CONTRAST.value}/")
    page.add_script_tag(content=AXE)
    results = page.evaluate(
        "async () => await axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast'] } })"
    )
    assert [violation["nodes"] for violation in results["violations"]] == []
    assert results["passes"], "axe-core checked no text"
    context.close()
