"""import_deck and export_deck: round trips, the remark and JSON exports, and bad input."""

import io
import json
import os
import re
import subprocess
import sys
import zipfile
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from PIL import Image

import decks.importing
from decks.models import Asset, Deck, Revision, Slide

from .test_import_decks import DECKS, MANGLED_KEY_LINES, PAIRS, SEED

ALL_DECKS = [DECKS / name for name in PAIRS] + [SEED]


def import_path(path, *args):
    out = StringIO()
    call_command("import_deck", str(path), *args, stdout=out)
    return out.getvalue()


def export(slug, format, tmp_path):
    output = tmp_path / f"export.{format}"
    call_command("export_deck", slug, "--format", format, "-o", str(output), stderr=StringIO())
    return output.read_bytes()


def text_file(folder):
    return next(path for path in sorted(folder.glob("*.txt")))


def database_rows():
    return [model.objects.count() for model in (Deck, Slide, Asset, Revision)]


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
def test_text_export_gives_back_the_original_file_byte_for_byte(folder, alice, tmp_path):
    import_path(folder, "--owner", "alice")
    assert export(folder.name.lower(), "text", tmp_path) == text_file(folder).read_bytes()


@pytest.mark.django_db
@pytest.mark.parametrize("folder", [DECKS / "2019_02_PyCascades", SEED], ids=lambda folder: folder.name)
def test_a_zip_export_imports_back_as_the_same_deck(folder, alice, tmp_path):
    import_path(folder, "--owner", "alice")
    original = Deck.objects.get(slug=folder.name.lower())
    archive = tmp_path / "deck.zip"
    archive.write_bytes(export(original.slug, "zip", tmp_path))
    import_path(archive, "--owner", "alice", "--slug", "copy")
    copy = Deck.objects.get(slug="copy")
    assert list(copy.slides.values_list("position", "source", "notes")) == list(
        original.slides.values_list("position", "source", "notes")
    )
    assert list(copy.assets.values_list("name", "content_type", "checksum", "size")) == list(
        original.assets.values_list("name", "content_type", "checksum", "size")
    )
    assert copy.render().missing_assets == original.render().missing_assets


@pytest.mark.django_db
def test_a_text_export_imports_back_as_the_same_slides_and_notes(alice, tmp_path):
    import_path(SEED, "--owner", "alice")
    exported = tmp_path / "again.txt"
    exported.write_bytes(export("seed", "text", tmp_path))
    import_path(exported, "--owner", "alice")
    assert list(Deck.objects.get(slug="again").slides.values_list("source", "notes")) == list(
        Deck.objects.get(slug="seed").slides.values_list("source", "notes")
    )


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
def test_zip_export_holds_the_text_and_the_images(alice, tmp_path):
    import_path(DECKS / "2019_01_DocsDownUnder", "--owner", "alice")
    archive = zipfile.ZipFile(io.BytesIO(export("2019_01_docsdownunder", "zip", tmp_path)))
    images = sorted(path.name for path in (DECKS / "2019_01_DocsDownUnder" / "images").iterdir())
    assert archive.namelist() == ["2019_01_docsdownunder/myslides.txt"] + [
        f"2019_01_docsdownunder/images/{name}" for name in images
    ]
    assert archive.read("2019_01_docsdownunder/myslides.txt") == (DECKS / "2019_01_DocsDownUnder" / "myslides.txt").read_bytes()


@pytest.mark.django_db
def test_export_of_an_unknown_slug_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError) as error:
        call_command("export_deck", "nope", "--format", "text")
    assert str(error.value) == "No deck with the slug 'nope'."


# Owner, slug and replace ---------------------------------------------------


@pytest.mark.django_db
def test_the_owner_defaults_to_the_first_superuser(django_user_model, alice):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    import_path(DECKS / "2019_01_DocsDownUnder")
    assert Deck.objects.get().owner == admin


@pytest.mark.django_db
def test_without_a_superuser_the_owner_must_be_given(alice):
    with pytest.raises(CommandError) as error:
        import_path(DECKS / "2019_01_DocsDownUnder")
    assert str(error.value) == (
        "No superuser to own the deck: create one (manage.py createsuperuser) or pass --owner USERNAME."
    )
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_an_unknown_owner_is_a_clear_error(alice):
    with pytest.raises(CommandError) as error:
        import_path(DECKS / "2019_01_DocsDownUnder", "--owner", "carol")
    assert str(error.value) == "No user named 'carol'; pass an existing username with --owner."


@pytest.mark.django_db
def test_a_taken_slug_needs_replace_and_replace_starts_again_at_version_1(alice, tmp_path):
    import_path(DECKS / "2019_01_DocsDownUnder", "--owner", "alice", "--slug", "talk")
    deck = Deck.objects.get(slug="talk")
    deck.bump_version()
    with pytest.raises(CommandError) as error:
        import_path(SEED, "--owner", "alice", "--slug", "talk")
    assert str(error.value) == "seed/: a deck with the slug 'talk' exists already"
    assert Deck.objects.get(slug="talk").slides.count() == 25

    import_path(SEED, "--owner", "alice", "--slug", "talk", "--replace")
    replaced = Deck.objects.get(slug="talk")
    assert (replaced.slides.count(), replaced.version, replaced.revisions.get().version) == (107, 1, 1)
    assert replaced.revisions.get().summary == "Imported from seed/"


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


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (16, 9), "#fc0").save(buffer, "PNG")
    return buffer.getvalue()


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
    text = line * (decks.importing.MAX_TEXT_BYTES // len(line) + 1)
    assert import_error(deck_folder(tmp_path, text)) == "myslides.txt: the text is larger than 2 MiB"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_an_image_that_is_not_one_is_refused_naming_it(alice, tmp_path):
    folder = deck_folder(tmp_path, "@ fake.png\n", {"fake.png": b"this is not a png at all"})
    assert import_error(folder) == "images/fake.png: not an image (PNG, JPEG, GIF, WebP or SVG)"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_an_svg_that_is_not_xml_is_refused_naming_it(alice, tmp_path):
    folder = deck_folder(tmp_path, "@ bad.svg\n", {"bad.svg": b"<svg><g></svg>"})
    assert import_error(folder).startswith("images/bad.svg: not an image: the SVG is not well-formed XML (")
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_zip_with_parent_paths_is_refused_naming_the_entry(alice, tmp_path):
    path = deck_zip(tmp_path, {"talk/myslides.txt": "#= Hi\n", "talk/images/../../escape.png": b"x"})
    assert import_error(path) == "bad.zip: talk/images/../../escape.png: paths in the zip may not leave the deck's folder"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_zip_that_expands_past_the_limit_is_refused(alice, tmp_path, monkeypatch):
    monkeypatch.setattr(decks.importing, "MAX_EXPANDED_BYTES", 1024 * 1024)
    path = deck_zip(tmp_path, {"talk/myslides.txt": "#= Hi\n", "talk/images/zeros.png": bytes(2 * 1024 * 1024)})
    assert path.stat().st_size < 10_000
    assert import_error(path) == "bad.zip: the zip expands to more than 1 MiB"
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_a_broken_image_inside_a_zip_is_refused_naming_the_entry(alice, tmp_path):
    path = deck_zip(tmp_path, {"talk/myslides.txt": "#= Hi\n", "talk/images/x.jpg": b"\xff\xd8\xffnot really"})
    assert import_error(path) == "bad.zip: talk/images/x.jpg: not an image (PNG, JPEG, GIF, WebP or SVG)"
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
def test_an_svg_nested_too_deeply_to_clean_is_refused(alice, tmp_path):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="x">' + b"<g>" * 5000 + b"</g>" * 5000 + b"</svg>"
    folder = deck_folder(tmp_path, "@ deep.svg\n", {"deep.svg": svg})
    assert import_error(folder) == "images/deep.svg: the SVG is nested too deeply"
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
