"""What the browser tests read off the projector and presenter pages, and how they open them."""

import re

from .conftest import PageProblems, log_in
from .factories import every_position

# 1280x720 CSS px at 72 points per 96 px.
SLIDE_PAGE_POINTS = (960, 540)


def pdf_pages(pdf):
    """Page sizes (width, height in points) of a PDF as Chromium writes it.

    Chromium (Skia) writes every page object uncompressed with its MediaBox.
    """
    pages = re.findall(rb"/Type\s*/Page\b(?!s)", pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert len(boxes) == len(pages)
    return [(round(float(width)), round(float(height))) for width, height in boxes]


def texts(page, **selectors):
    """The text of the element each selector finds, by name: `texts(page, pace="[data-pace]")`."""
    return {name: page.locator(selector).inner_text() for name, selector in selectors.items()}


def open_presenter(context, server, deck):
    """A new tab of the deck's owner on its presenter page, once the page's script has started."""
    log_in(context, server, deck.owner)
    page = context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{server.url}/talks/{deck.slug}/presenter/")
    wait_until_ready(page)
    return page


def open_projector_window(presenter):
    """The projector window the presenter opens with W, once its script has started."""
    with presenter.expect_popup() as popup:
        presenter.keyboard.press("w")
    projector = popup.value
    wait_until_ready(projector)
    return projector


def shown_position(page):
    return page.locator("[data-projector]").get_attribute("data-position")


def wait_for_position(page, position):
    page.wait_for_function(
        "(position) => document.querySelector('[data-projector], [data-presenter]').dataset.position === position",
        arg=position,
    )


def wait_until_ready(page):
    page.wait_for_selector("[data-projector][data-position], [data-presenter][data-position]")


def step_through_every_step(page, url):
    """Opens the projector at the first step and presses → through the whole deck.

    Returns, for each step, the slide and step shown and the missing-image
    placeholders visible on it.
    """
    page.goto(url)
    counts = page.evaluate("document.querySelector('[data-projector]').navigation.stepCounts")
    seen = []
    for number, (slide, step) in enumerate(every_position(counts)):
        if number:
            page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "([s, t]) => document.querySelector('[data-projector]').dataset.position === `${s}.${t}`", arg=[slide, step]
        )
        current = page.locator("[data-slide][data-current] > [data-step][data-current]")
        seen.append(
            {
                "position": (slide, step),
                "visible": current.is_visible(),
                "missing": current.locator(".missing-image:visible").all_inner_texts(),
            }
        )
    page.wait_for_load_state("networkidle")
    return counts, seen


def broken_images(page):
    """Images on the page that finished loading without a picture."""
    return page.evaluate(
        """() => [...document.querySelectorAll('img')]
            .filter((image) => image.loading !== 'lazy' && image.complete && image.naturalWidth === 0)
            .map((image) => image.src)"""
    )


def show_step(page, deck_url, slide, step):
    """Opens the projector at a step and returns the laid-out step, its images loaded."""
    page.goto(f"{deck_url}#{slide}.{step}")
    page.wait_for_function(
        "(position) => document.querySelector('[data-projector]').dataset.position === position",
        arg=f"{slide}.{step}",
    )
    page.wait_for_load_state("networkidle")
    return page.locator("[data-slide][data-current] > [data-step][data-current]")


def present_every_step(page, url):
    """Steps through a whole deck in the projector with the → key.

    Checks that each step is shown in order and visible, that no image is
    broken and that the page logs no error and no failed request. Returns the
    step counts of the slides and the missing-image placeholders shown, by position.
    """
    counts, seen = step_through_every_step(page, url)
    assert [step["position"] for step in seen] == every_position(counts)
    assert [step["position"] for step in seen if not step["visible"]] == []
    assert broken_images(page) == []
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])
    return counts, {step["position"]: step["missing"] for step in seen if step["missing"]}
