"""Slips the old toolchain showed anyway are imported with a warning, not refused.

Each warning names the file, the line where there is one, what is wrong and
what the deck does now; the deck is stored whole and its slides render as
remark rendered them.
"""

import io
import zipfile
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from decks.exporting import deck_text
from decks.health import deck_health
from decks.importing import ImportWarning, import_deck, read_deck_path
from decks.models import Deck
from tests.factories import png_bytes

UNKNOWN = "(known: $$terminal, $$prompt, $$w, $$py, $$pyw, $$pd, $$pdw, $$end, $$#)"
SLIPS = """#= A talk with slips
Note: Welcome.
---
## .loud[Never closed
Note: The span runs off the end.
---
$$terminal bash
$$promt ~/talk
$$w ls
---
@= chart.png
"""


def deck_folder(tmp_path, text, files=None):
    folder = tmp_path / "slips"
    (folder / "images").mkdir(parents=True)
    (folder / "myslides.txt").write_text(text)
    for name, data in (files or {}).items():
        path = folder / "images" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def steps_html(deck):
    return [step.html for slide in deck.render().slides for step in slide.steps]


@pytest.mark.django_db
def test_a_deck_with_an_unclosed_span_an_unknown_command_and_a_ds_store_imports_with_three_warnings(alice, tmp_path):
    folder = deck_folder(tmp_path, SLIPS, {"chart.png": png_bytes(), ".DS_Store": b"\x00\x00\x00\x01Bud1"})
    out = StringIO()
    call_command("import_deck", str(folder), "--owner", "alice", stdout=out)
    assert out.getvalue().split("\n")[-5:] == [
        "3 warning(s), imported anyway:",
        "  images/.DS_Store: not an image file; skipped; the deck was imported without it",
        "  myslides.txt, line 4: `.loud[` is never closed with `]`; the bracket shows as text, as it did in remark",
        f"  myslides.txt, line 8: unknown command `$$promt` {UNKNOWN}; the line shows as text, as it did in remark",
        "",
    ]
    deck = Deck.objects.get(slug="slips")
    assert deck_text(deck) == SLIPS.rstrip("\n") + "\n"
    assert list(deck.assets.values_list("name", flat=True)) == ["chart.png"]
    html = steps_html(deck)
    assert len(html) == 4
    assert html[1] == "<h2>.loud[Never closed</h2>\n"
    assert html[2] == (
        '<div class="shell-wrap"><p class="shell-top-bar">bash</p><p class="shell-body">\n'
        "$$promt ~/talk\n"
        "ls<w>&nbsp;</w></p>\n"
        "</div>"
    )


@pytest.mark.django_db
def test_an_unclosed_span_is_a_warning_with_its_line_and_the_bracket_shows_as_text(alice, tmp_path):
    imported = import_deck(read_deck_path(deck_folder(tmp_path, "# Hi\n---\nSome .quiet[words here\n")), alice)
    assert imported.warnings == [
        ImportWarning(
            "myslides.txt", 3, "`.quiet[` is never closed with `]`", "the bracket shows as text, as it did in remark"
        )
    ]
    assert steps_html(imported.deck) == ["<h1>Hi</h1>\n", "<p>Some .quiet[words here</p>\n"]


@pytest.mark.django_db
def test_an_unknown_terminal_command_is_a_warning_and_the_line_shows_as_text(alice, tmp_path):
    imported = import_deck(read_deck_path(deck_folder(tmp_path, "# Hi\n$$typo something\n")), alice)
    assert imported.warnings == [
        ImportWarning(
            "myslides.txt",
            2,
            f"unknown command `$$typo` {UNKNOWN}",
            "the line shows as text, as it did in remark",
        )
    ]
    assert steps_html(imported.deck) == ["<h1>Hi</h1>\n<p>$$typo something</p>\n"]


@pytest.mark.django_db
def test_files_in_images_that_are_not_images_are_skipped_each_with_a_warning_and_nested_images_kept(alice, tmp_path):
    files = {
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "README": b"where the pictures came from",
        "chart.png~": b"an editor's backup",
        "sources/chart.psd": b"8BPS layers",
        "sources/icons/star.png": png_bytes(),
        "chart.png": png_bytes(),
        ".git/objects/ab/cdef": b"blob",
        ".git/HEAD": b"ref: refs/heads/main",
    }
    folder = deck_folder(tmp_path, "@= chart.png\n---\n@ sources/icons/star.png\n", files)
    imported = import_deck(read_deck_path(folder), alice)
    now = "skipped; the deck was imported without it"
    assert imported.warnings == [
        ImportWarning("images/.DS_Store", None, "not an image file", now),
        ImportWarning("images/.git/", None, "a hidden folder", now),
        *[ImportWarning(f"images/{name}", None, "not an image file", now) for name in ("README", "chart.png~", "sources/chart.psd")],
    ]
    assert list(imported.deck.assets.order_by("name").values_list("name", flat=True)) == [
        "chart.png",
        "sources/icons/star.png",
    ]
    assert imported.missing_assets == []


@pytest.mark.django_db
def test_a_zip_with_non_image_files_in_images_imports_with_a_warning_for_each(alice, tmp_path):
    path = tmp_path / "talk.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("talk/myslides.txt", "@= chart.png\n")
        archive.writestr("talk/images/chart.png", png_bytes())
        archive.writestr("talk/images/.DS_Store", b"Bud1")
        archive.writestr("talk/images/notes.txt", b"sources")
    imported = import_deck(read_deck_path(path), alice)
    assert [str(warning) for warning in imported.warnings] == [
        "talk.zip: talk/images/.DS_Store: not an image file; skipped; the deck was imported without it",
        "talk.zip: talk/images/notes.txt: not an image file; skipped; the deck was imported without it",
    ]
    assert list(imported.deck.assets.values_list("name", flat=True)) == ["chart.png"]


@pytest.mark.django_db
def test_a_file_named_as_an_image_that_is_not_one_is_still_refused(alice, tmp_path):
    from decks.importing import DeckImportError

    folder = deck_folder(tmp_path, "@= chart.png\n", {"chart.png": b"not a png", ".DS_Store": b"Bud1"})
    with pytest.raises(DeckImportError) as error:
        import_deck(read_deck_path(folder), alice)
    assert str(error.value) == "images/chart.png: not an image (PNG, JPEG, GIF, WebP or SVG)"
    assert Deck.objects.count() == 0


@pytest.mark.django_db
def test_an_uploaded_deck_with_slips_lists_each_warning_after_the_import(alice_client):
    upload = io.BytesIO()
    with zipfile.ZipFile(upload, "w") as archive:
        archive.writestr("talk/myslides.txt", SLIPS)
        archive.writestr("talk/images/chart.png", png_bytes())
        archive.writestr("talk/images/.DS_Store", b"Bud1")
    response = alice_client.post(
        "/decks/import/", {"file": SimpleUploadedFile("talk.zip", upload.getvalue())}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [
        "Imported “A talk with slips”: 4 slides, 1 images.",
        "Imported anyway: talk.zip: talk/images/.DS_Store: not an image file; skipped; the deck was imported without it",
        "Imported anyway: talk.zip: talk/myslides.txt, line 4: `.loud[` is never closed with `]`; "
        "the bracket shows as text, as it did in remark",
        f"Imported anyway: talk.zip: talk/myslides.txt, line 8: unknown command `$$promt` {UNKNOWN}; "
        "the line shows as text, as it did in remark",
    ]


@pytest.mark.django_db
def test_deck_health_and_the_editor_list_the_text_warnings_by_line(alice, alice_client, tmp_path):
    folder = deck_folder(tmp_path, SLIPS, {"chart.png": png_bytes()})
    deck = import_deck(read_deck_path(folder), alice).deck
    health = deck_health(deck)
    assert [str(problem) for problem in health.text_problems] == [
        "line 4: `.loud[` is never closed with `]`; the bracket shows as text, as it did in remark",
        f"line 8: unknown command `$$promt` {UNKNOWN}; the line shows as text, as it did in remark",
    ]
    assert health.is_healthy is False
    page = alice_client.get(f"/decks/{deck.slug}/edit/").content.decode()
    assert "Line 4: `.loud[` is never closed with `]`; the bracket shows as text, as it did in remark" in (
        page.replace("&#x60;", "`")
    )
    text = alice_client.get(f"/decks/{deck.slug}/edit/text/").json()
    assert text["errors"] == [
        {
            "line": 4,
            "message": "`.loud[` is never closed with `]`",
            "warning": True,
            "now": "the bracket shows as text, as it did in remark",
        },
        {
            "line": 8,
            "message": f"unknown command `$$promt` {UNKNOWN}",
            "warning": True,
            "now": "the line shows as text, as it did in remark",
        },
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_editor_gutter_marks_a_warning_line_and_says_what_the_slide_shows_now(
    page, browser_context, live_server, alice, tmp_path
):
    from playwright.sync_api import expect

    from tests.code_editors import SOURCE, problem_marks
    from tests.conftest import log_in

    deck = import_deck(read_deck_path(deck_folder(tmp_path, "# Hi\n---\nSome .quiet[words here\n")), alice).deck
    log_in(browser_context, live_server, alice)
    page.goto(f"{live_server.url}/decks/{deck.slug}/edit/")
    page.locator(".slide-item").nth(1).click()
    marked = problem_marks(page, SOURCE)
    expect(marked).to_have_attribute("data-line", "1")
    expect(marked).to_have_attribute(
        "title", "`.quiet[` is never closed with `]`; the bracket shows as text, as it did in remark"
    )
    expect(page.locator("[data-errors] li")).to_have_text(
        ["Line 1: `.quiet[` is never closed with `]`; the bracket shows as text, as it did in remark"]
    )
    expect(page.locator("[data-preview] .slide-content p")).to_have_text("Some .quiet[words here")
