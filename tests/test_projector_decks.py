"""Every step of the shared decks shows in the projector, and the decks used by
the other projector, presenter and print tests.

The shared decks are read from ../shared/decks through the real importer.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from decks.importing import import_deck, read_deck_path
from decks.models import Asset, Deck, Slide
from decks.shorthand import split_slides

SHARED_DECKS = Path(settings.BASE_DIR).parent / "shared" / "decks"
PYGOTHAM = SHARED_DECKS / "2019_10_PyGotham"
SEED = SHARED_DECKS / "seed"
HOSTILE = Path(__file__).parent / "data" / "hostile"

# The seed names these images; the deck's images/ folder lacks them.
SEED_MISSING_IMAGES = ["runserver_00.png", "runserver_00a.png", "runserver_01.png", "runserver_02.png"]

# Five slides; the second has three build steps, the third a picture.
SMALL_DECK = """#= First slide
Note: Say hello first.
---
## Second slide
--

* one more point
--

* and a third
Note: The builds have notes.
---
@= picture.png
---
$$terminal bash
$$prompt ~/talk
$$w ls
---
#= The end
vv [source](https://example.com/)"""
SMALL_DECK_STEPS = [1, 3, 1, 1, 1]


def import_shared_deck(path, owner, slug, visibility=Deck.Visibility.PUBLIC):
    deck = import_deck(read_deck_path(path), owner, slug=slug).deck
    deck.visibility = visibility
    deck.save(update_fields=["visibility"])
    return deck


def png_bytes(width=640, height=360, colour=(200, 40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def make_small_deck(owner, slug="small", visibility=Deck.Visibility.UNLISTED):
    deck = Deck.objects.create(owner=owner, title="A small deck", slug=slug, visibility=visibility)
    Slide.objects.bulk_create(
        Slide(deck=deck, position=position, source=source, notes=notes)
        for position, (source, notes) in enumerate(split_slides(SMALL_DECK))
    )
    picture = Asset(deck=deck, name="picture.png", content_type="image/png")
    picture.set_data(png_bytes())
    picture.save()
    return deck


def every_position(step_counts):
    return [(slide, step) for slide, count in enumerate(step_counts, start=1) for step in range(1, count + 1)]


def shown_position(page):
    return page.locator("[data-projector]").get_attribute("data-position")


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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_pygotham_deck_shows_with_no_error_or_failed_request(alice, live_server, page):
    deck = import_shared_deck(PYGOTHAM, alice, "pygotham")

    counts, seen = step_through_every_step(page, f"{live_server.url}/talks/{deck.slug}/")

    assert (len(counts), sum(counts)) == (142, 144)
    assert [step["position"] for step in seen] == every_position(counts)
    assert all(step["visible"] for step in seen)
    assert [step for step in seen if step["missing"]] == []
    assert broken_images(page) == []
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_step_of_the_seed_shows_with_placeholders_for_its_missing_images(alice, live_server, page):
    deck = import_shared_deck(SEED, alice, "seed")

    counts, seen = step_through_every_step(page, f"{live_server.url}/talks/{deck.slug}/")

    assert (len(counts), sum(counts)) == (107, 108)
    assert all(step["visible"] for step in seen)
    shown_missing = sorted({name for step in seen for name in step["missing"]})
    assert shown_missing == SEED_MISSING_IMAGES == deck.render().missing_assets
    assert broken_images(page) == []
    assert (page.problems.console_errors, page.problems.page_errors, page.problems.failed_requests) == ([], [], [])
