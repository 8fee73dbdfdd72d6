"""The default theme gives PyGotham the looks of its reference screenshots
(../shared/decks/2019_10_PyGotham/looks/step-NNN.png, FORMAT.md §10), measured
on the laid-out page at 1280x720."""

import pytest

from tests.factories import every_position, import_deck_folder

from .conftest import PYGOTHAM


@pytest.fixture
def pygotham(alice, live_server, page):
    deck = import_deck_folder(PYGOTHAM, alice, slug="pygotham", visibility="public")
    page.goto(f"{live_server.url}/talks/{deck.slug}/")
    page.wait_for_selector("[data-projector][data-position]")
    counts = page.evaluate("document.querySelector('[data-projector]').navigation.stepCounts")
    positions = every_position(counts)

    def show_look(number):
        """Shows the step of looks/step-<number>.png (steps counted from 1 through the deck)."""
        slide, step = positions[number - 1]
        page.goto(f"{live_server.url}/talks/{deck.slug}/#{slide}.{step}")
        page.wait_for_function(
            "(position) => document.querySelector('[data-projector]').dataset.position === position",
            arg=f"{slide}.{step}",
        )
        page.wait_for_load_state("networkidle")
        return page.locator("[data-slide][data-current] > [data-step][data-current]")

    return show_look


def box(locator):
    return {key: round(value) for key, value in locator.bounding_box().items()}


def style(locator, *properties):
    return locator.evaluate(
        "(element, properties) => properties.map((name) => getComputedStyle(element)[name])", list(properties)
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_title_slides_are_centred_both_ways(pygotham):
    step = pygotham(1)
    assert style(step, "display", "justifyContent", "alignItems", "textAlign") == ["flex", "center", "center", "center"]
    headings = step.locator("h1, h2")
    # The title starts with a <br>, as the deck wrote it.
    assert headings.all_inner_texts() == ["\nWhat is deployment, anyway?", "PyGotham 2019"]
    # As much space above the content (margins included) as below it, and
    # all of it on the slide.
    space_above, space_below = step.evaluate(
        """(slide) => {
          const first = slide.firstElementChild, last = slide.lastElementChild;
          const top = first.getBoundingClientRect().top - parseFloat(getComputedStyle(first).marginTop);
          const bottom = last.getBoundingClientRect().bottom + parseFloat(getComputedStyle(last).marginBottom);
          return [top, 720 - bottom];
        }"""
    )
    assert space_above > 0 and space_below > 0
    assert abs(space_above - space_below) <= 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_terminals_have_a_title_bar_a_dark_body_and_coloured_prompts(pygotham):
    step = pygotham(19)
    window = step.locator(".shell-wrap")
    assert box(window)["width"] == 1056
    assert step.locator(".shell-top-bar").inner_text() == "bash"
    assert style(step.locator(".shell-body"), "backgroundColor", "color", "height") == [
        "rgb(63, 63, 63)",
        "rgb(221, 221, 221)",
        "512px",
    ]
    assert style(step.locator("ps").first, "color") == ["rgb(232, 232, 176)"]
    assert style(step.locator("dr").first, "color") == ["rgb(227, 156, 156)"]
    assert step.locator("ps").first.inner_text() == "myrtle"
    cursor = step.locator("w").last
    assert style(cursor, "backgroundColor") == ["rgb(187, 187, 187)"]
    assert box(cursor)["width"] > 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_image_slides_show_the_picture_centred_and_as_large_as_fits(pygotham):
    step = pygotham(35)
    image = step.locator("img")
    assert image.evaluate("image => image.complete && image.naturalWidth > 0") is True
    picture = box(image)
    assert picture["height"] <= 700 and picture["width"] <= 1200
    assert abs(picture["x"] + picture["width"] / 2 - 640) <= 1
    assert abs(picture["y"] + picture["height"] / 2 - 360) <= 10


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_footnotes_are_small_grey_links_at_the_bottom_right(pygotham):
    step = pygotham(94)
    footnotes = step.locator(".footnotes")
    assert style(footnotes, "fontSize", "textAlign", "position") == ["24px", "right", "absolute"]
    links = footnotes.locator("a")
    assert links.all_inner_texts() == ["Type UWSGI, Press Enter, what happens?", "Secrets of a WSGI master"]
    assert style(links.first, "color") == ["rgb(119, 119, 119)"]
    place = box(footnotes)
    assert (place["x"] + place["width"], place["y"] + place["height"]) == (1180, 668)
