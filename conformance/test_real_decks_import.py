"""Every real deck imports with the counts of FORMAT.md §7.3 and shows, step by
step, the classes, images and notes of the remark Markdown its converter made."""


import pytest

from decks.models import Deck, Revision
from decks.shorthand import parse_slide
from tests.factories import import_path
from tests.remark import remark_step_images, remark_steps, shown_image_names

from .conftest import COUNTS, DECKS, MANGLED_KEY_LINES, PAIRS, SEED


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAIRS)
def test_each_shared_deck_imports_with_the_slide_and_step_counts_of_the_format(name, alice):
    output = import_path(DECKS / name, "--owner", "alice")
    slug = name.lower()
    assert output.splitlines()[:5] == [
        slug,
        f"projector: /talks/{slug}/",
        f"presenter: /talks/{slug}/presenter/",
        f"follow: /talks/{slug}/follow/",
        f"edit: /decks/{slug}/edit/",
    ]
    deck = Deck.objects.get(slug=slug)
    rendered = deck.render()
    assert (len(rendered.slides), rendered.step_count) == COUNTS[name]
    assert rendered.missing_assets == []
    assert deck.version == 1
    image_files = sorted(path.name for path in (DECKS / name / "images").iterdir())
    assert [asset.name for asset in deck.assets.images()] == image_files


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAIRS)
def test_classes_notes_and_images_of_every_step_match_slides_md(name, alice):
    import_path(DECKS / name, "--owner", "alice")
    rendered = Deck.objects.get(slug=name.lower()).render()
    markdown = (DECKS / name / "slides.md").read_text()
    for _, mangled, ours in MANGLED_KEY_LINES[name]:
        markdown = markdown.replace(mangled, ours)
    expected = remark_steps(markdown)
    ours = [step for slide in rendered.slides for step in slide.steps]
    assert len(ours) == len(expected)
    assert [step.classes for step in ours] == [step["classes"] for step in expected]
    assert [shown_image_names(step.html) for step in ours] == [remark_step_images(step) for step in expected]
    parsed_notes = [
        step.notes_markdown.rstrip("\n")
        for slide in Deck.objects.get(slug=name.lower()).slides.all()
        for step in parse_slide(slide.source, slide.notes).steps
    ]
    assert parsed_notes == [step["notes"].rstrip("\n") for step in expected]


@pytest.mark.django_db
def test_the_seed_deck_imports_and_reports_its_four_missing_images(alice):
    output = import_path(SEED, "--owner", "alice")
    deck = Deck.objects.get(slug="seed")
    rendered = deck.render()
    assert (len(rendered.slides), rendered.step_count) == COUNTS["seed"]
    missing = ["runserver_00.png", "runserver_00a.png", "runserver_01.png", "runserver_02.png"]
    assert rendered.missing_assets == missing
    assert output.splitlines()[-1] == "missing images: " + ", ".join(missing)
    assert deck.title == "What is deployment, anyway?"
    shown = [slide for slide in rendered.slides if "runserver_00.png" in slide.steps[-1].html]
    assert len(shown) == 1
    assert '<span class="missing-image" title="Missing image">runserver_00.png</span>' in shown[0].steps[-1].html
    assert "<img" not in shown[0].steps[-1].html


@pytest.mark.django_db
def test_an_import_creates_version_1_and_a_first_revision(alice):
    import_path(DECKS / "2019_01_DocsDownUnder", "--owner", "alice")
    deck = Deck.objects.get(slug="2019_01_docsdownunder")
    revision = Revision.objects.get(deck=deck)
    assert (deck.version, revision.version, revision.author, revision.summary) == (
        1,
        1,
        alice,
        "Imported from 2019_01_DocsDownUnder/",
    )
    assert revision.text == (DECKS / "2019_01_DocsDownUnder" / "myslides.txt").read_text()
    assert revision.assets == [
        {"name": asset.name, "checksum": asset.checksum, "size": asset.size} for asset in deck.assets.all()
    ]
    image = next(listed for listed in revision.assets if not listed["name"].endswith(".ttf"))
    assert image["size"] == (DECKS / "2019_01_DocsDownUnder" / "images" / image["name"]).stat().st_size


@pytest.mark.django_db
def test_rendering_a_deck_takes_two_queries_whatever_its_size(alice, django_assert_num_queries):
    import_path(DECKS / "2018_10_DjangoConUS", "--owner", "alice")
    deck = Deck.objects.get(slug="2018_10_djangoconus")
    with django_assert_num_queries(2):
        rendered = deck.render()
    assert (len(rendered.slides), rendered.step_count) == COUNTS["2018_10_DjangoConUS"]
