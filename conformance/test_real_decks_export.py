"""Real decks through export_deck: the remark export against the slides.md their
converter made, and text, zip and JSON round trips."""

import io
import json
import re
import zipfile

import pytest

from decks import domain
from decks.models import Deck
from tests.factories import deck_contents, export, import_path, reimport, text_file

from .conftest import DECKS, MANGLED_KEY_LINES, PAIRS, SEED

ALL_DECKS = [DECKS / name for name in PAIRS] + [SEED]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAIRS)
def test_remark_export_equals_slides_md_except_the_lines_the_old_converter_mangled(name, alice, tmp_path):
    import_path(DECKS / name, "--owner", "alice")
    ours = export(name.lower(), "remark", tmp_path).decode().split("\n")
    theirs = (DECKS / name / "slides.md").read_text().split("\n")
    assert len(ours) == len(theirs)
    differing = [(number, theirs[number - 1], ours[number - 1]) for number in range(1, len(ours) + 1)
                 if ours[number - 1] != theirs[number - 1]]  # fmt: skip
    assert differing == MANGLED_KEY_LINES[name]


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ALL_DECKS, ids=lambda folder: folder.name)
def test_text_export_gives_back_the_original_file_byte_for_byte_and_imports_back_the_same(folder, alice, tmp_path):
    import_path(folder, "--owner", "alice")
    slug = folder.name.lower()
    assert export(slug, "text", tmp_path) == text_file(folder).read_bytes()
    again = reimport(slug, "text", tmp_path, "again")
    assert list(again.slides.values_list("source", "notes")) == list(
        Deck.objects.get(slug=slug).slides.values_list("source", "notes")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ALL_DECKS, ids=lambda folder: folder.name)
def test_every_slide_saved_from_the_editor_unchanged_keeps_the_text_byte_for_byte(folder, alice, tmp_path):
    """The editor's save gathers a slide's notes into one; a real deck's slides have one notes block each."""
    import_path(folder, "--owner", "alice")
    deck = Deck.objects.get(slug=folder.name.lower())
    for slide in deck.slides.order_by("position"):
        domain.save_slide(deck, slide_id=slide.pk, source=slide.source, notes=slide.notes, based_on=deck.version, author=alice)
    assert export(deck.slug, "text", tmp_path) == text_file(folder).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("folder", [DECKS / "2019_02_PyCascades", SEED], ids=lambda folder: folder.name)
def test_a_zip_export_imports_back_as_the_same_deck(folder, alice, tmp_path):
    import_path(folder, "--owner", "alice")
    original = Deck.objects.get(slug=folder.name.lower())
    copy = reimport(original.slug, "zip", tmp_path, "copy")
    assert deck_contents(copy) == deck_contents(original)


@pytest.mark.django_db
def test_json_export_follows_the_contract(alice, tmp_path):
    import_path(DECKS / "2019_10_PyGotham", "--owner", "alice")
    deck = Deck.objects.get(slug="2019_10_pygotham")
    data = json.loads(export(deck.slug, "json", tmp_path))
    assert list(data) == ["slug", "title", "missing_assets", "slides"]
    assert (data["slug"], data["title"], data["missing_assets"]) == (
        "2019_10_pygotham",
        "What is deployment, anyway?",
        [],
    )
    assert len(data["slides"]) == 142
    assert [list(slide) for slide in data["slides"]] == [["number", "source", "notes", "steps"]] * 142
    assert [slide["number"] for slide in data["slides"]] == list(range(1, 143))
    steps = [step for slide in data["slides"] for step in slide["steps"]]
    assert len(steps) == 144
    assert {tuple(step) for step in steps} == {("classes", "html", "notes_html")}
    assert all(isinstance(name, str) for step in steps for name in step["classes"])

    first = data["slides"][0]
    footer = deck.assets.get(name="footer.svg")
    assert first["source"] == "#= <br>.thick[What is deployment, anyway?]\n## .thick[PyGotham 2019]\n@ footer.svg\n"
    assert first["notes"] == "breathe, Katie!\n\nYou got this\n\n# 💪"
    assert first["steps"] == [
        {
            "classes": ["title"],
            "html": (
                '<h1><br><span class="thick">What is deployment, anyway?</span></h1>\n'
                '<h2><span class="thick">PyGotham 2019</span></h2>\n'
                f'<p><img src="{footer.get_absolute_url()}" alt="Image"></p>\n'
            ),
            "notes_html": "<p>breathe, Katie!</p>\n<p>You got this</p>\n<h1>💪</h1>\n",
        }
    ]
    assert footer.get_absolute_url() == f"/decks/2019_10_pygotham/images/{footer.checksum[:16]}/footer.svg"
    asset_names = set(deck.assets.values_list("name", flat=True))
    sources = [src for step in steps for src in re.findall(r'<img [^>]*src="([^"]+)"', step["html"])]
    assert len(sources) > 20
    assert {src.rsplit("/", 1)[-1] for src in sources} <= asset_names


@pytest.mark.django_db
def test_json_export_lists_the_missing_images_of_the_seed(alice, tmp_path):
    import_path(SEED, "--owner", "alice")
    data = json.loads(export("seed", "json", tmp_path))
    assert data["missing_assets"] == ["runserver_00.png", "runserver_00a.png", "runserver_01.png", "runserver_02.png"]


@pytest.mark.django_db
def test_zip_export_holds_the_text_the_images_and_the_look(alice, tmp_path):
    import_path(DECKS / "2019_01_DocsDownUnder", "--owner", "alice")
    deck = Deck.objects.get(slug="2019_01_docsdownunder")
    archive = zipfile.ZipFile(io.BytesIO(export("2019_01_docsdownunder", "zip", tmp_path)))
    images = sorted(path.name for path in (DECKS / "2019_01_DocsDownUnder" / "images").iterdir())
    fonts = sorted(deck.assets.fonts().values_list("name", flat=True))
    assert "Staatliches-Regular.ttf" in fonts
    assert sorted(archive.namelist()) == sorted(
        ["2019_01_docsdownunder/myslides.txt", "2019_01_docsdownunder/style.css"]
        + [f"2019_01_docsdownunder/images/{name}" for name in images]
        + [f"2019_01_docsdownunder/fonts/{name}" for name in fonts]
    )
    assert archive.read("2019_01_docsdownunder/style.css").decode() == deck.stylesheet
    assert archive.read("2019_01_docsdownunder/myslides.txt") == (DECKS / "2019_01_DocsDownUnder" / "myslides.txt").read_bytes()
