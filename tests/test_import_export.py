"""import_deck and export_deck: round trips, the remark and JSON exports, and bad input."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from decks import domain
from decks.models import Asset, Deck, Revision, Slide
from decks.shorthand import split_slides

from .factories import DATA, HOSTILE, deck_contents, export, import_path, png_bytes, reimport, text_file

SHOWCASE = DATA / "showcase"
EXPECTED = SHOWCASE / "expected"
DEMO = Path(settings.BASE_DIR) / "decks" / "demo"
ROUND_TRIP_DECKS = [SHOWCASE, DEMO, HOSTILE]


def database_rows():
    return [model.objects.count() for model in (Deck, Slide, Asset, Revision)]


@pytest.mark.django_db
def test_remark_export_equals_the_expected_remark_markdown_whole(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    assert export("showcase", "remark", tmp_path).decode() == (EXPECTED / "slides.md").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("folder", ROUND_TRIP_DECKS, ids=lambda folder: folder.name)
def test_text_export_gives_back_the_original_file_byte_for_byte(folder, alice, tmp_path):
    import_path(folder, "--owner", "alice", "--slug", "deck")
    assert export("deck", "text", tmp_path) == text_file(folder).read_bytes()


@pytest.mark.django_db
def test_a_zip_export_imports_back_as_the_same_deck(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice")
    original = Deck.objects.get(slug="showcase")
    copy = reimport(original.slug, "zip", tmp_path, "copy")
    assert deck_contents(copy) == deck_contents(original)
    assert copy.render().missing_assets == ["not_photographed_yet.png"]


@pytest.mark.django_db
def test_a_text_export_imports_back_as_the_same_slides_and_notes(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice")
    again = reimport("showcase", "text", tmp_path, "again")
    assert list(again.slides.values_list("source", "notes")) == list(
        Deck.objects.get(slug="showcase").slides.values_list("source", "notes")
    )


@pytest.mark.django_db
def test_json_export_equals_the_expected_json_whole(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    assert json.loads(export("showcase", "json", tmp_path)) == json.loads((EXPECTED / "deck.json").read_text())


@pytest.mark.django_db
def test_json_export_follows_the_contract(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    data = json.loads(export("showcase", "json", tmp_path))
    assert list(data) == ["slug", "title", "missing_assets", "slides"]
    assert (data["slug"], data["title"], data["missing_assets"]) == (
        "showcase",
        "Feeding a crowd of two hundred",
        ["not_photographed_yet.png"],
    )
    assert [list(slide) for slide in data["slides"]] == [["number", "source", "notes", "steps"]] * 20
    assert [slide["number"] for slide in data["slides"]] == list(range(1, 21))
    steps = [step for slide in data["slides"] for step in slide["steps"]]
    assert [list(step) for step in steps] == [["classes", "html", "notes_html"]] * 25
    footer = Deck.objects.get(slug="showcase").assets.get(name="footer.svg")
    assert footer.get_absolute_url() == f"/decks/showcase/images/{footer.checksum[:16]}/footer.svg"
    assert f'<img src="{footer.get_absolute_url()}" alt="Image">' in data["slides"][0]["steps"][0]["html"]


@pytest.mark.django_db
def test_zip_export_holds_the_text_and_the_images(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "showcase")
    archive = zipfile.ZipFile(io.BytesIO(export("showcase", "zip", tmp_path)))
    images = sorted(path.name for path in (SHOWCASE / "images").iterdir())
    assert archive.namelist() == ["showcase/myslides.txt"] + [f"showcase/images/{name}" for name in images]
    assert archive.read("showcase/myslides.txt") == (SHOWCASE / "myslides.txt").read_bytes()
    assert [archive.read(f"showcase/images/{name}") for name in images] == [
        (SHOWCASE / "images" / name).read_bytes() for name in images
    ]


@pytest.mark.django_db
def test_export_of_an_unknown_slug_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_deck", "nope", "--format", "text")
    assert str(error.value) == "No deck with the slug 'nope'."


# Owner, slug and replace ---------------------------------------------------


@pytest.mark.django_db
def test_the_owner_defaults_to_the_first_superuser(django_user_model, alice):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    import_path(SHOWCASE)
    assert Deck.objects.get().owner == admin


@pytest.mark.django_db
def test_without_a_superuser_the_owner_must_be_given(alice):
    with pytest.raises(CommandError) as error:
        import_path(SHOWCASE)
    assert str(error.value) == (
        "No superuser to own the deck: create one (manage.py createsuperuser) or pass --owner USERNAME."
    )
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_an_unknown_owner_is_a_clear_error(alice):
    with pytest.raises(CommandError) as error:
        import_path(SHOWCASE, "--owner", "carol")
    assert str(error.value) == "No user named 'carol'; pass an existing username with --owner."


@pytest.mark.django_db
def test_a_taken_slug_needs_replace_and_replace_starts_again_at_version_1(alice, tmp_path):
    import_path(SHOWCASE, "--owner", "alice", "--slug", "talk")
    deck = Deck.objects.get(slug="talk")
    domain.record_outside_change(deck, author=None, summary="Changed outside the editor")
    with pytest.raises(CommandError) as error:
        import_path(DEMO, "--owner", "alice", "--slug", "talk")
    assert str(error.value) == "demo/: a deck with the slug 'talk' exists already"
    assert Deck.objects.get(slug="talk").slides.count() == 20

    import_path(DEMO, "--owner", "alice", "--slug", "talk", "--replace")
    replaced = Deck.objects.get(slug="talk")
    demo_slides = len(split_slides((DEMO / "myslides.txt").read_text()))
    assert (replaced.slides.count(), replaced.version, replaced.revisions.get().version) == (demo_slides, 1, 1)
    assert replaced.revisions.get().summary == "Imported from demo/"


@pytest.mark.django_db
def test_the_slug_comes_from_the_text_file_name_or_its_folder(alice, tmp_path):
    talk = tmp_path / "My Great Talk.txt"
    talk.write_text("#= Hello\n---\nbye\n")
    assert import_path(talk, "--owner", "alice").splitlines()[0] == "my-great-talk"
    folder = tmp_path / "Lightning"
    folder.mkdir()
    (folder / "myslides.txt").write_text("#= Hello\n")
    assert import_path(folder / "myslides.txt", "--owner", "alice").splitlines()[0] == "lightning"


# Bad input ----------------------------------------------------------------


def deck_folder(tmp_path, text, images=None):
    folder = tmp_path / "bad"
    (folder / "images").mkdir(parents=True)
    (folder / "myslides.txt").write_bytes(text if isinstance(text, bytes) else text.encode())
    for name, data in (images or {}).items():
        (folder / "images" / name).write_bytes(data)
    return folder


def deck_zip(tmp_path, entries):
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def import_error(path):
    with pytest.raises(CommandError) as error:
        import_path(path, "--owner", "alice")
    return str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"#= Hi\n---\ncaf\xe9\n", "myslides.txt, line 3: not UTF-8 text (byte 0xe9)"),
        (b"#= Hi\nsome\x00thing\n", "myslides.txt, line 2: contains a NUL byte; is this a text file?"),
        (b"#= Hi\n---\n```python\nprint()\n---\nmore\n", "myslides.txt, line 3: this ``` fence is never closed"),
        (b"", "myslides.txt: the file has no slides"),
    ],
    ids=["not-utf8", "nul", "unterminated-fence", "empty"],
)
def test_bad_text_is_refused_with_file_and_line_and_nothing_is_saved(text, message, alice, tmp_path):
    assert import_error(deck_folder(tmp_path, text)) == message
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_text_over_the_size_limit_is_refused(alice, tmp_path):
    line = "lots of words on a slide\n"
    text = line * (settings.DECK_TEXT_MAX_BYTES // len(line) + 1)
    assert import_error(deck_folder(tmp_path, text)) == "myslides.txt: the text is larger than 2 MiB"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("fake.png", b"this is not a png at all", "images/fake.png: not an image (PNG, JPEG, GIF, WebP or SVG)"),
        (
            "deep.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="x">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>",
            "images/deep.svg: the SVG is nested too deeply",
        ),
    ],
    ids=["not-an-image", "svg-nested-too-deeply"],
)
def test_an_image_that_cannot_be_used_is_refused_naming_it(name, data, message, alice, tmp_path):
    folder = deck_folder(tmp_path, f"@ {name}\n", {name: data})
    assert import_error(folder) == message
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_an_svg_that_is_not_xml_is_refused_naming_it(alice, tmp_path):
    folder = deck_folder(tmp_path, "@ bad.svg\n", {"bad.svg": b"<svg><g></svg>"})
    assert import_error(folder).startswith("images/bad.svg: not an image: the SVG is not well-formed XML (")
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("entry", "data", "message"),
    [
        (
            "talk/images/../../escape.png",
            b"x",
            "bad.zip: talk/images/../../escape.png: paths in the zip may not leave the deck's folder",
        ),
        (
            "talk/images/x.jpg",
            b"\xff\xd8\xffnot really",
            "bad.zip: talk/images/x.jpg: not an image (PNG, JPEG, GIF, WebP or SVG)",
        ),
    ],
    ids=["parent-paths", "broken-image"],
)
def test_a_zip_with_a_bad_entry_is_refused_naming_the_entry(entry, data, message, alice, tmp_path):
    path = deck_zip(tmp_path, {"talk/myslides.txt": "#= Hi\n", entry: data})
    assert import_error(path) == message
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_zip_that_expands_past_the_limit_is_refused(alice, tmp_path, settings):
    settings.DECK_EXPANDED_MAX_BYTES = 1024 * 1024
    path = deck_zip(tmp_path, {"talk/myslides.txt": "#= Hi\n", "talk/images/zeros.png": bytes(2 * 1024 * 1024)})
    assert path.stat().st_size < 10_000
    assert import_error(path) == "bad.zip: the zip expands to more than 1 MiB"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_file_that_is_not_a_zip_is_refused(alice, tmp_path):
    path = tmp_path / "talk.zip"
    path.write_bytes(b"PK\x03\x04 but nothing more")
    assert import_error(path) == "talk.zip: not a readable zip file"


@pytest.mark.django_db
def test_a_zip_without_a_text_file_is_refused(alice, tmp_path):
    path = deck_zip(tmp_path, {"talk/images/readme.md": "hi"})
    assert import_error(path) == "bad.zip: no shorthand .txt file found (expected myslides.txt)"


@pytest.mark.django_db
def test_a_missing_path_is_refused(alice, tmp_path):
    assert import_error(tmp_path / "nope") == f"{tmp_path / 'nope'}: no such file or folder"


@pytest.mark.django_db
def test_a_bad_image_late_in_the_deck_leaves_nothing_half_imported(alice, tmp_path):
    images = {f"ok{number}.png": png_bytes() for number in range(3)}
    images["zz_broken.gif"] = b"GIF89a broken"
    folder = deck_folder(tmp_path, "#= Hi\n---\n@ ok0.png\n", images)
    assert import_error(folder) == "images/zz_broken.gif: not an image (PNG, JPEG, GIF, WebP or SVG)"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db(transaction=True)
def test_the_command_exits_non_zero_and_prints_the_error(alice, tmp_path):
    folder = deck_folder(tmp_path, b"#= Hi\n```\ncode\n")
    database = settings.DATABASES["default"]
    url = f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_deck", str(folder), "--owner", "alice"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "CommandError: myslides.txt, line 2: this ``` fence is never closed"
    assert result.stdout == ""
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_slide_too_big_to_render_is_refused(alice, tmp_path):
    folder = deck_folder(tmp_path, "#= Hi\n---\n" + "[" * 20_001 + "\n")
    assert import_error(folder) == (
        "myslides.txt, line 3: the slide is too big to show (over 20,000 characters or 5,000 HTML tags); split it up"
    )
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_deck_with_too_many_slides_is_refused(alice, tmp_path):
    folder = deck_folder(tmp_path, "x\n---\n" * 5_001)
    assert import_error(folder) == "myslides.txt: 5,002 slides is more than the 5,000 a deck may have"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Bad Slug!", "'Bad Slug!' is not a usable slug: use letters, numbers, hyphens and underscores"),
        ("import", "'import' cannot be a deck's slug; choose another"),
    ],
)
def test_an_unusable_slug_is_refused(slug, message, alice, tmp_path):
    with pytest.raises(CommandError) as error:
        import_path(deck_folder(tmp_path, "#= Hi\n"), "--owner", "alice", "--slug", slug)
    assert str(error.value) == message
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_windows_line_ends_and_a_byte_order_mark_are_read_as_plain_text(alice, tmp_path):
    folder = deck_folder(tmp_path, b"\xef\xbb\xbf#= Hi\r\n---\r\ntwo\r\nNote: n\r\n")
    import_path(folder, "--owner", "alice", "--slug", "crlf")
    assert list(Deck.objects.get(slug="crlf").slides.values_list("source", "notes")) == [("#= Hi", ""), ("two", "n\n")]
