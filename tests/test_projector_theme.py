"""The default theme gives the showcase deck the looks FORMAT.md §10 describes,
measured on the laid-out page at 1280x720."""

import pytest

from .factories import DATA, import_deck_folder


@pytest.fixture
def showcase(alice, live_server, page):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility="public")

    def show_look(slide, step=1):
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
def test_title_slides_are_centred_both_ways(showcase):
    step = showcase(1)
    assert style(step, "display", "justifyContent", "alignItems", "textAlign") == ["flex", "center", "center", "center"]
    headings = step.locator("h1, h2")
    # The title starts with a <br>, as the deck wrote it.
    assert headings.all_inner_texts() == ["\nFeeding a crowd of two hundred", "Kitchen Conf 2026"]
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
def test_terminals_have_a_title_bar_a_dark_body_and_coloured_prompts(showcase):
    step = showcase(11)
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
def test_image_slides_show_the_picture_centred_and_as_large_as_fits(showcase):
    step = showcase(4)
    image = step.locator("img")
    assert image.evaluate("image => image.complete && image.naturalWidth > 0") is True
    picture = box(image)
    assert picture["height"] <= 700 and picture["width"] <= 1200
    assert abs(picture["x"] + picture["width"] / 2 - 640) <= 1
    assert abs(picture["y"] + picture["height"] / 2 - 360) <= 10


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_footnotes_are_small_grey_links_at_the_bottom_right(showcase):
    step = showcase(20)
    footnotes = step.locator(".footnotes")
    assert style(footnotes, "fontSize", "textAlign", "position") == ["24px", "right", "absolute"]
    links = footnotes.locator("a")
    assert links.all_inner_texts() == ["more recipes"]
    assert style(links.first, "color") == ["rgb(119, 119, 119)"]
    place = box(footnotes)
    assert (place["x"] + place["width"], place["y"] + place["height"]) == (1180, 668)
