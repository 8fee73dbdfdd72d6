"""The looks of FORMAT.md §10, checked on a laid-out step of the projector at
1280x720: shared by the theme tests of the project's decks and of real decks."""


def box(locator):
    return {key: round(value) for key, value in locator.bounding_box().items()}


def style(locator, *properties):
    return locator.evaluate(
        "(element, properties) => properties.map((name) => getComputedStyle(element)[name])", list(properties)
    )


def check_title_is_centred_both_ways(step, heading_texts):
    assert style(step, "display", "justifyContent", "alignItems", "textAlign") == ["flex", "center", "center", "center"]
    headings = step.locator("h1, h2")
    # The title starts with a <br>, as the deck wrote it.
    assert headings.all_inner_texts() == heading_texts
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


def check_terminal_looks(step, title):
    window = step.locator(".shell-wrap")
    window_box, title_bar = box(window), box(step.locator(".shell-top-bar"))
    assert (window_box["width"], window_box["height"] - title_bar["height"]) == (1056, 512)
    assert step.locator(".shell-top-bar").inner_text() == title
    assert style(window, "backgroundColor", "color") == ["rgb(63, 63, 63)", "rgb(221, 221, 221)"]
    # Every line of the terminal is inside the window's dark body.
    lines = step.locator(".shell-wrap ps, .shell-wrap w")
    assert lines.count() >= 2
    for line in lines.all():
        place = box(line)
        assert title_bar["y"] + title_bar["height"] <= place["y"]
        assert place["y"] + place["height"] <= window_box["y"] + window_box["height"]
    # The cursor waits on the line of the last prompt, not below it.
    last_prompt, cursor_place = box(step.locator(".shell-wrap ps").last), box(step.locator(".shell-wrap w").last)
    assert abs(cursor_place["y"] + cursor_place["height"] / 2 - (last_prompt["y"] + last_prompt["height"] / 2)) <= 4
    assert style(step.locator("ps").first, "color") == ["rgb(232, 232, 176)"]
    assert style(step.locator("dr").first, "color") == ["rgb(227, 156, 156)"]
    assert step.locator("ps").first.inner_text() == "myrtle"
    cursor = step.locator("w").last
    assert style(cursor, "backgroundColor") == ["rgb(187, 187, 187)"]
    assert box(cursor)["width"] > 0


def check_image_is_centred_and_as_large_as_fits(step):
    image = step.locator("img")
    assert image.evaluate("image => image.complete && image.naturalWidth > 0") is True
    picture = box(image)
    assert picture["height"] <= 700 and picture["width"] <= 1200
    assert abs(picture["x"] + picture["width"] / 2 - 640) <= 1
    assert abs(picture["y"] + picture["height"] / 2 - 360) <= 10


def check_footnotes_are_small_grey_links_at_the_bottom_right(step, link_texts):
    footnotes = step.locator(".footnotes")
    assert style(footnotes, "fontSize", "textAlign", "position") == ["24px", "right", "absolute"]
    links = footnotes.locator("a")
    assert links.all_inner_texts() == link_texts
    assert style(links.first, "color") == ["rgb(119, 119, 119)"]
    place = box(footnotes)
    assert (place["x"] + place["width"], place["y"] + place["height"]) == (1180, 668)
