"""The project's showcase deck (tests/data/showcase) imports and renders every
construct of the shorthand as its expected files say, compared whole."""

import json

import pytest

from decks.models import Deck, Revision
from decks.shorthand import parse_slide

from .factories import DATA, import_path
from .remark import remark_step_images, remark_steps, shown_image_names

SHOWCASE = DATA / "showcase"
EXPECTED = SHOWCASE / "expected"


def expected_steps():
    return json.loads((EXPECTED / "steps.json").read_text())


@pytest.fixture
def showcase(alice):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    return Deck.objects.get(slug="showcase")


def steps_of(deck):
    """Every step of a deck: slide and step numbers, classes, images shown, notes as written."""
    rendered = deck.render()
    result = []
    for slide, shown in zip(deck.slides.all(), rendered.slides):
        parsed = parse_slide(slide.source, slide.notes).steps
        for number, (step, written) in enumerate(zip(shown.steps, parsed, strict=True), start=1):
            result.append(
                {
                    "slide": slide.position + 1,
                    "step": number,
                    "classes": step.classes,
                    "images": shown_image_names(step.html),
                    "notes": written.notes_markdown,
                }
            )
    return result


@pytest.mark.django_db
def test_the_showcase_imports_with_its_expected_slides_steps_and_images(alice):
    output = import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    assert output.splitlines() == [
        "showcase",
        "projector: /talks/showcase/",
        "presenter: /talks/showcase/presenter/",
        "follow: /talks/showcase/follow/",
        "edit: /decks/showcase/edit/",
        "20 slides, 8 images, owner alice",
        "missing images: not_photographed_yet.png",
    ]
    deck = Deck.objects.get(slug="showcase")
    rendered = deck.render()
    assert {
        "slides": len(rendered.slides),
        "steps": rendered.step_count,
        "images": [asset.name for asset in deck.assets.all()],
        "missing_images": rendered.missing_assets,
        "steps_of_each_slide": [len(slide.steps) for slide in rendered.slides],
    } == expected_steps()["summary"]
    assert [asset.name for asset in deck.assets.all()] == sorted(path.name for path in (SHOWCASE / "images").iterdir())


@pytest.mark.django_db
def test_classes_images_and_notes_of_every_step_are_the_expected_ones(showcase):
    assert steps_of(showcase) == expected_steps()["steps"]


@pytest.mark.django_db
def test_every_step_agrees_with_remark_reading_the_expected_remark_export(showcase):
    """A second, independent reading: the remark Markdown as remark split it."""
    remark = remark_steps((EXPECTED / "slides.md").read_text())
    ours = steps_of(showcase)
    assert [step["classes"] for step in ours] == [step["classes"] for step in remark]
    assert [step["images"] for step in ours] == [remark_step_images(step) for step in remark]
    assert [step["notes"].rstrip("\n") for step in ours] == [step["notes"].rstrip("\n") for step in remark]


@pytest.mark.django_db
def test_a_missing_image_renders_as_a_named_placeholder_and_no_request(showcase):
    slide = showcase.render().slides[7]
    assert slide.steps[-1].html == (
        '<p><span class="missing-image" title="Missing image">not_photographed_yet.png</span></p>\n'
    )


@pytest.mark.django_db
def test_an_import_creates_version_1_and_a_first_revision(alice):
    import_path(SHOWCASE, "--owner", "alice")
    deck = Deck.objects.get(slug="showcase")
    revision = Revision.objects.get(deck=deck)
    assert (deck.version, revision.version, revision.author, revision.summary) == (
        1,
        1,
        alice,
        "Imported from showcase/",
    )
    assert revision.text == (SHOWCASE / "myslides.txt").read_text()
    assert revision.assets == [
        {"name": asset.name, "checksum": asset.checksum, "size": asset.size} for asset in deck.assets.all()
    ]
    assert [entry["size"] for entry in revision.assets] == [
        (SHOWCASE / "images" / entry["name"]).stat().st_size for entry in revision.assets
    ]


@pytest.mark.django_db
def test_rendering_a_deck_takes_two_queries_whatever_its_size(showcase, django_assert_num_queries):
    with django_assert_num_queries(2):
        rendered = showcase.render()
    assert (len(rendered.slides), rendered.step_count) == (20, 25)
