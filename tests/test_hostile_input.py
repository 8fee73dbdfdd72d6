"""Input a client can send, hostile or unlucky: a 4xx with a message that names the problem, nothing changed.

Every test checks the status, the message, and that the database is as it
was: row counts and the deck's version.
"""

import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.core.files.uploadedfile import SimpleUploadedFile

from decks.importing import DeckImportError, import_deck, read_deck_file
from decks.models import Asset, Deck, Revision, Slide
from tests.factories import make_deck

from .web_server import PROJECT_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("#= One", "Say one."), ("two", ""))


def snapshot():
    return [Deck.objects.count(), Slide.objects.count(), Asset.objects.count(), Revision.objects.count(), list(
        Deck.objects.values_list("version", flat=True)
    )]


def post_raw(client, path, body):
    return client.post(path, body, content_type="application/json")


SAVE_TEXT = "edit/text/save/"
SAVE_SLIDE = "edit/slides/SLIDE/"
PREVIEW = "edit/preview/"


def path_of(deck, endpoint):
    return f"/decks/{deck.slug}/" + endpoint.replace("SLIDE", str(deck.slides.first().pk))


def post_json(client, deck, endpoint, body):
    return post_raw(client, path_of(deck, endpoint), json.dumps(body))


def error_of(response):
    """The status and the error message of a refused request."""
    return response.status_code, response.json()["error"]


@pytest.mark.parametrize(
    ("endpoint", "body", "missing"),
    [
        (SAVE_TEXT, {"version": 1}, "text"),
        (SAVE_SLIDE, {"version": 1, "notes": ""}, "source"),
        (SAVE_SLIDE, {"version": 1, "source": "x"}, "notes"),
    ],
)
def test_a_save_missing_a_field_is_refused_and_never_empties_the_deck(alice_client, deck, endpoint, body, missing):
    before = snapshot()
    response = post_json(alice_client, deck, endpoint, body)
    assert (response.status_code, response.json()) == (400, {"error": f"The request has no “{missing}”; nothing was changed."})
    assert snapshot() == before


TEXT_FIELD = {SAVE_TEXT: "text", SAVE_SLIDE: "source", PREVIEW: "source"}


@pytest.mark.parametrize("endpoint", [SAVE_TEXT, SAVE_SLIDE, PREVIEW])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a\\u0000b", "“FIELD” contains a NUL character (U+0000), which cannot be stored; remove it."),
        ("a\\ud800b", "“FIELD” contains a lone surrogate (U+D800), which is not text; remove it."),
    ],
    ids=["nul", "lone-surrogate"],
)
def test_text_the_database_cannot_store_is_refused_naming_the_character(alice_client, deck, endpoint, text, message):
    before = snapshot()
    field = TEXT_FIELD[endpoint]
    body = '{"version": 1, "notes": "", "%s": "%s"}' % (field, text)
    response = post_raw(alice_client, path_of(deck, endpoint), body)
    expected = message.replace("FIELD", field)
    if endpoint == PREVIEW:
        expected = f"A preview needs the slide's source and notes as JSON text: {expected}"
    assert error_of(response) == (400, expected)
    assert snapshot() == before


DEEP = '{"version": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}"


@pytest.mark.parametrize("endpoint", [SAVE_TEXT, SAVE_SLIDE, PREVIEW, "LIVE"])
def test_json_nested_100000_deep_is_refused_without_a_recursion_error(alice_client, deck, endpoint):
    before = snapshot()
    path = f"/talks/{deck.slug}/live/state" if endpoint == "LIVE" else path_of(deck, endpoint)
    response = post_raw(alice_client, path, DEEP)
    message = "The request is nested more than 64 levels deep."
    body = response.json()
    assert response.status_code == 400
    if endpoint == "LIVE":
        assert body == {"errors": {"__all__": [message]}}
    elif endpoint == PREVIEW:
        assert body == {"error": f"A preview needs the slide's source and notes as JSON text: {message}"}
    else:
        assert body == {"error": message}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("1e400", "“version” must be the whole number of the deck version the change started from."),
        ("NaN", "The request is not valid JSON: NaN is not a number JSON allows."),
        ("Infinity", "The request is not valid JSON: Infinity is not a number JSON allows."),
        ("1.5", "“version” must be the whole number of the deck version the change started from."),
        ("true", "“version” must be the whole number of the deck version the change started from."),
        ("1" + "0" * 30, "“version” is larger than any deck version."),
    ],
)
def test_a_version_that_is_not_a_whole_number_is_a_400_with_valid_json(alice_client, deck, version, message):
    before = snapshot()
    response = post_raw(alice_client, path_of(deck, SAVE_TEXT), '{"version": %s, "text": "x"}' % version)
    assert (response.status_code, json.loads(response.content)) == (400, {"error": message})
    assert snapshot() == before


def import_message(text, name="myslides.txt"):
    with pytest.raises(DeckImportError) as error:
        import_deck(read_deck_file(name, text.encode()), Deck.objects.first().owner)
    return str(error.value)


def test_an_editor_save_over_the_slide_limit_gets_the_importers_message(alice_client, deck, settings):
    settings.DECK_MAX_SLIDES = 3
    text = "one\n---\ntwo\n---\nthree\n---\nfour"
    before = snapshot()
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": text})
    assert error_of(response) == (400, "4 slides is more than the 3 a deck may have")
    assert import_message(text) == "myslides.txt: 4 slides is more than the 3 a deck may have"
    assert snapshot() == before


def test_splitting_a_slide_past_the_slide_limit_is_refused(alice_client, deck, settings):
    settings.DECK_MAX_SLIDES = 3
    before = snapshot()
    body = {"version": 1, "source": "a\n---\nb\n---\nc", "notes": ""}
    response = post_json(alice_client, deck, SAVE_SLIDE, body)
    assert error_of(response) == (400, "4 slides is more than the 3 a deck may have")
    assert snapshot() == before


def test_build_steps_past_the_limit_are_refused_by_the_editor_and_the_importer_alike(alice_client, deck, settings):
    settings.SLIDE_MAX_STEPS = 3
    text = "#= One\n--\na\n--\nb\n--\nc"
    before = snapshot()
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": text})
    message = "slide 1 has 4 build steps; a slide may have at most 3"
    assert error_of(response) == (400, message)
    assert import_message(text) == f"myslides.txt: {message}"
    preview = post_json(alice_client, deck, PREVIEW, {"source": text, "notes": ""})
    assert error_of(preview) == (400, "this slide has 4 build steps; a slide may have at most 3")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("endpoint", "body", "message"),
    [
        (
            SAVE_TEXT,
            {"version": 1, "text": "#= Many\n" + "\n--\n".join("x" for n in range(3000))},
            "slide 1 has 3,000 build steps; a slide may have at most 100",
        ),
        (
            SAVE_SLIDE,
            {"version": 1, "source": "x" * 20_001, "notes": ""},
            "slide 1 has 20,001 characters; a slide may have at most 20,000 (split it with ---)",
        ),
    ],
    ids=["three-thousand-build-steps", "over-the-character-limit"],
)
def test_a_slide_past_a_hard_limit_is_refused_before_anything_is_written(alice_client, deck, endpoint, body, message):
    before = snapshot()
    response = post_json(alice_client, deck, endpoint, body)
    assert error_of(response) == (400, message)
    assert snapshot() == before


def test_raising_the_slide_limit_lets_a_larger_slide_be_saved_and_shown(alice_client, deck, settings):
    """The renderer reads the limit the editor checks: a slide allowed in is never "too big to show"."""
    settings.SLIDE_MAX_CHARACTERS = 40_000
    source = "## Long\n" + "word " * 5_000  # 25,008 characters
    response = post_json(alice_client, deck, SAVE_SLIDE, {"version": 1, "source": source, "notes": ""})
    assert response.status_code == 200
    rendered = Deck.objects.get().render()
    assert rendered.problems == []
    html = rendered.slides[0].steps[-1].html
    assert html.startswith("<h2>Long</h2>") and html.count("word") == 5_000
    preview = post_json(alice_client, deck, PREVIEW, {"source": source, "notes": ""}).json()
    assert (preview["errors"], preview["steps"][-1]["html"]) == ([], html)
    settings.SLIDE_MAX_CHARACTERS = 20_000
    assert Deck.objects.get().render().problems[0].message == (
        "the slide is too big to show (over 20,000 characters or 5,000 HTML tags); split it up"
    )


def test_a_utf16_file_is_refused_naming_the_encoding(alice, deck):
    before = snapshot()
    for data in ("#= Hi\n---\nthere\n".encode("utf-16"), "#= Hi\n---\nthere\n".encode("utf-16-le")):
        with pytest.raises(DeckImportError) as error:
            read_deck_file("talk.txt", data)
        assert str(error.value) == "talk.txt: the file is UTF-16 text; save it as UTF-8 and import it again"
    assert snapshot() == before


def test_a_long_slug_is_refused_saying_it_is_too_long_and_the_limit(alice, deck, tmp_path):
    (tmp_path / "myslides.txt").write_text("#= Hi\n")
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_deck", str(tmp_path), "--owner", "alice", "--slug", "a" * 10_000)
    assert str(error.value) == f"{'a' * 40!r}… is too long for a slug: 10,000 characters, and a slug may have at most 100"
    assert snapshot() == before


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'


def test_an_imported_nested_image_can_be_replaced_and_renamed_from_the_editor(alice, alice_client):
    source = read_deck_file("talk.zip", _zip({"talk/myslides.txt": b"#= Hi\n@ icons/a.svg\n", "talk/images/icons/a.svg": SVG}))
    deck = import_deck(source, alice).deck
    new = SVG.replace(b'width="1"', b'width="2"')
    response = alice_client.post(
        f"/decks/{deck.slug}/edit/images/", {"version": 1, "name": "icons/a.svg", "images": [SimpleUploadedFile("a.svg", new)]}
    )
    assert response.json() == {"version": 2, "names": ["icons/a.svg"]}
    image = deck.assets.get()
    assert (image.name, bytes(image.data)) == ("icons/a.svg", new)
    response = alice_client.post(
        f"/decks/{deck.slug}/edit/images/{image.pk}/rename/", json.dumps({"version": 2, "name": "icons/b.svg"}),
        content_type="application/json",
    )
    assert response.json() == {"version": 3}
    assert list(deck.assets.values_list("name", flat=True)) == ["icons/b.svg"]


def _zip(files):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "value"), [("WEB_CONCURRENCY", "two"), ("WEB_CONCURRENCY", "0"), ("PORT", "-80")])
def test_a_server_setting_that_is_no_usable_number_stops_the_server_with_a_message(name, value):
    result = subprocess.run(
        [sys.executable, "-c", "import runpy; runpy.run_path('gunicorn.conf.py')"],
        cwd=PROJECT_DIR, env={**os.environ, name: value}, capture_output=True, text=True,
    )
    assert (result.returncode, result.stderr.strip()) == (1, f"{name} must be a whole number of at least 1, not {value!r}")


@pytest.mark.parametrize("number", ["9" * 30, "0" * 3])
def test_a_slide_or_image_number_out_of_range_is_a_400_not_a_database_error(alice_client, deck, number):
    before = snapshot()
    for path in (f"edit/slides/{number}/", f"edit/slides/{number}/delete/", f"edit/images/{number}/rename/"):
        response = post_raw(alice_client, f"/decks/{deck.slug}/{path}", json.dumps({"version": 1, "source": "x", "notes": "", "name": "a.png"}))
        assert response.status_code == 400
        assert response.json()["error"] in ("That slide is no longer in the deck.", "That image is no longer in the deck.")
    assert snapshot() == before


def test_a_version_in_other_digits_than_ascii_is_a_400(alice_client, deck):
    before = snapshot()
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": "²", "text": "x"})
    assert (response.status_code, response.json()) == (
        400, {"error": "“version” must be the whole number of the deck version the change started from."}
    )
    assert snapshot() == before


def admin_post(client, deck, slides):
    data = {
        "owner": deck.owner_id, "title": deck.title, "slug": deck.slug, "visibility": deck.visibility,
        "prompt_host": deck.prompt_host, "target_minutes": "", "typing_speed": deck.typing_speed,
        "look": deck.look, "stylesheet": deck.stylesheet,
        "slides-TOTAL_FORMS": len(slides), "slides-INITIAL_FORMS": deck.slides.count(),
        "slides-MIN_NUM_FORMS": 0, "slides-MAX_NUM_FORMS": 1000,
    }
    existing = list(deck.slides.order_by("position"))
    for index, (source, notes) in enumerate(slides):
        data.update({
            f"slides-{index}-id": existing[index].pk if index < len(existing) else "",
            f"slides-{index}-deck": deck.pk, f"slides-{index}-position": index,
            f"slides-{index}-source": source, f"slides-{index}-notes": notes,
        })
    return client.post(f"/admin/decks/deck/{deck.pk}/change/", data)


def test_the_admin_is_held_to_the_same_limits_and_its_changes_are_new_versions(client, deck, django_user_model, settings):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "unused-password-1"))
    settings.DECK_MAX_SLIDES = 2
    before = snapshot()
    response = admin_post(client, deck, [("#= One", "Say one."), ("two", ""), ("three", "")])
    assert response.status_code == 200
    assert "The deck cannot be saved: 3 slides is more than the 2 a deck may have." in response.content.decode()
    assert snapshot() == before
    response = admin_post(client, deck, [("#= One, fixed", "Say one."), ("two", "")])
    assert response.status_code == 302
    deck.refresh_from_db()
    assert (deck.version, deck.revisions.first().summary, deck.revisions.first().text) == (
        2, "Changed in the admin", "#= One, fixed\nNote: Say one.\n---\ntwo"
    )


def test_build_steps_that_repeat_a_long_slide_past_the_decks_budget_are_refused(alice_client, deck, settings):
    settings.DECK_MAX_SHOWN_CHARACTERS = 1000
    slide = "#= Long\n" + "x" * 400 + "\n--\na\n--\nb"
    before = snapshot()
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": slide})
    message = (
        "the build steps show 1,227 characters in all (each step shows the ones before it again), more than the "
        "1,000 a deck may show; use fewer build steps on long slides"
    )
    assert error_of(response) == (400, message)
    assert import_message(slide) == f"myslides.txt: {message}"
    assert snapshot() == before


def test_a_terminal_session_is_held_to_the_step_and_shown_character_limits(alice_client, deck, settings):
    settings.SLIDE_MAX_STEPS = 4
    before = snapshot()
    session = "$$session bash\n$$ one\n$$ two"
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": session})
    message = "slide 1 has 5 build steps; a slide may have at most 4"
    assert error_of(response) == (400, message)
    assert import_message(session) == f"myslides.txt: {message}"
    settings.SLIDE_MAX_STEPS = 100
    settings.DECK_MAX_SHOWN_CHARACTERS = 5000
    # Short to write, long to show: every step repeats the long prompt once per command.
    session = "$$session bash\n$$prompt " + "p" * 300 + "\n" + "$$ x\n" * 6
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": session})
    assert response.status_code == 400 and "characters in all" in response.json()["error"]
    assert snapshot() == before


def test_a_block_of_code_that_steps_is_held_to_the_step_limit(alice_client, deck, settings):
    settings.SLIDE_MAX_STEPS = 3
    before = snapshot()
    text = "```py {1|2|1|2}\na\nb\n```"
    response = post_json(alice_client, deck, SAVE_TEXT, {"version": 1, "text": text})
    message = "slide 1 has 4 build steps; a slide may have at most 3"
    assert error_of(response) == (400, message)
    assert import_message(text) == f"myslides.txt: {message}"
    assert snapshot() == before


@pytest.mark.parametrize("endpoint", [SAVE_TEXT, SAVE_SLIDE, "edit/slides/add/", "edit/slides/reorder/"])
@pytest.mark.parametrize(
    ("content_type", "sent"),
    [
        ("application/x-www-form-urlencoded", "sent as application/x-www-form-urlencoded"),
        ("text/plain", "sent as text/plain"),
        ("", "sent without a Content-Type"),
    ],
)
def test_an_editor_save_not_sent_as_json_is_refused_naming_the_content_type(alice_client, deck, endpoint, content_type, sent):
    before = snapshot()
    response = alice_client.generic(
        "POST", path_of(deck, endpoint), b"version=1&text=Hello&source=Hello&notes=", content_type=content_type
    )
    assert error_of(response) == (400, f"The request is {sent}; send JSON, with Content-Type: application/json.")
    assert snapshot() == before


def test_an_image_upload_sent_as_json_is_refused_naming_the_content_type(alice_client, deck):
    before = snapshot()
    response = post_json(alice_client, deck, "edit/images/", {"version": 1, "images": []})
    assert error_of(response) == (
        400, "The request is sent as application/json; send the files as multipart/form-data."
    )
    assert snapshot() == before
