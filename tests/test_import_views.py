"""Importing by upload and downloading exports in the web UI."""

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decks.models import Asset, Deck, Revision, Slide

from .factories import DATA, import_deck_folder

SHOWCASE = DATA / "showcase"

IMPORT_URL = "/decks/import/"


def zipped_folder(folder):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and (path.name == "myslides.txt" or path.parent.name == "images"):
                archive.write(path, f"{folder.name}/{path.relative_to(folder)}")
    return buffer.getvalue()


def database_rows():
    return [model.objects.count() for model in (Deck, Slide, Asset, Revision)]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def docs_deck(alice):
    return import_deck_folder(SHOWCASE, alice)


def test_the_import_page_has_its_agreed_address():
    assert reverse("decks:import") == IMPORT_URL
    assert reverse("decks:export", args=["talk", "zip"]) == "/decks/talk/export/zip/"


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(IMPORT_URL)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={IMPORT_URL}")
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.txt", b"#= Hi\n")})
    assert response.status_code == 302
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_the_import_page_offers_a_file_field(alice_client):
    response = alice_client.get(IMPORT_URL)
    assert response.status_code == 200
    assert response.templates[0].name == "decks/import.html"
    html = response.content.decode()
    assert (
        '<input type="file" name="file" accept=".txt,.zip,text/plain,application/zip" required '
        'aria-describedby="id_file_helptext" id="id_file">'
    ) in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.django_db
def test_uploading_a_zip_creates_the_deck_and_goes_to_its_editor(alice_client, alice):
    upload = SimpleUploadedFile("docs.zip", zipped_folder(SHOWCASE), "application/zip")
    response = alice_client.post(IMPORT_URL, {"file": upload})
    deck = Deck.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/decks/{deck.slug}/edit/")
    assert (deck.owner, deck.visibility, deck.version) == (alice, "private", 1)
    assert re.fullmatch(r"showcase-[a-z2-9]{5}", deck.slug)
    assert (deck.slides.count(), deck.assets.count()) == (20, 8)
    assert deck.revisions.get().summary == "Imported from docs.zip"
    followed = alice_client.get(IMPORT_URL)
    assert messages_of(followed) == [
        f"Imported “{deck.title}”: 20 slides, 8 images. Missing images: not_photographed_yet.png."
    ]


@pytest.mark.django_db
def test_uploading_a_text_file_reports_its_missing_images_and_never_reuses_a_slug(alice_client, docs_deck):
    text = (SHOWCASE / "myslides.txt").read_bytes()
    response = alice_client.post(IMPORT_URL, {"file": SimpleUploadedFile("showcase.txt", text)})
    copy = Deck.objects.exclude(pk=docs_deck.pk).get()
    assert (response.status_code, response["Location"]) == (302, f"/decks/{copy.slug}/edit/")
    assert copy.slug != docs_deck.slug and copy.slug.startswith("showcase-")
    missing = copy.render().missing_assets
    assert missing == sorted([path.name for path in (SHOWCASE / "images").iterdir()] + ["not_photographed_yet.png"])
    assert messages_of(alice_client.get(IMPORT_URL)) == [
        f"Imported “{copy.title}”: 20 slides, 0 images. Missing images: {', '.join(missing)}."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("talk.txt", b"#= Hi\n---\n```\nbold\n", "talk.txt, line 3: this ``` fence is never closed"),
        ("talk.txt", b"\xff\xfe#= Hi\n", "talk.txt, line 1: not UTF-8 text (byte 0xff)"),
        ("talk.pdf", b"%PDF-1.4", "talk.pdf: expected a shorthand .txt file or a .zip of a deck folder"),
        ("talk.zip", b"PK\x03\x04nope", "talk.zip: not a readable zip file"),
    ],
    ids=["unterminated-fence", "not-utf8", "not-a-deck", "broken-zip"],
)
def test_a_bad_upload_shows_the_form_again_with_the_error_and_saves_nothing(alice_client, name, data, message):
    response = alice_client.post(IMPORT_URL, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [message]}
    assert f'<span class="errorlist import-error" role="alert">{message}</span>'.replace("`", "&#x60;") in (
        response.content.decode().replace("`", "&#x60;")
    )
    assert database_rows() == [0, 0, 0, 0]


@pytest.mark.django_db
def test_posting_without_a_file_is_a_form_error(alice_client):
    response = alice_client.post(IMPORT_URL, {})
    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["This field is required."]}


@pytest.mark.django_db
def test_the_import_form_needs_the_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("talk.txt", b"#= Hi\n")})
    assert response.status_code == 403
    assert database_rows() == [0, 0, 0, 0]


# Exports ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("format", "content_type", "file_name"),
    [
        ("text", "text/plain; charset=utf-8", "showcase.txt"),
        ("remark", "text/markdown; charset=utf-8", "showcase.md"),
        ("json", "application/json", "showcase.json"),
        ("zip", "application/zip", "showcase.zip"),
    ],
)
def test_the_owner_downloads_every_format(alice_client, docs_deck, format, content_type, file_name):
    response = alice_client.get(f"/decks/{docs_deck.slug}/export/{format}/")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{file_name}"'
    if format == "text":
        assert response.content == (SHOWCASE / "myslides.txt").read_bytes()
    if format == "remark":
        assert response.content == (SHOWCASE / "expected" / "slides.md").read_bytes()
    if format == "json":
        assert json.loads(response.content)["slug"] == docs_deck.slug
    if format == "zip":
        assert len(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == 9


@pytest.mark.django_db
def test_the_json_download_renders_with_a_fixed_number_of_queries(alice_client, docs_deck, django_assert_num_queries):
    # session + user, the deck, its assets, its slides
    with django_assert_num_queries(5):
        response = alice_client.get(f"/decks/{docs_deck.slug}/export/json/")
    assert len(json.loads(response.content)["slides"]) == 20


@pytest.mark.django_db
def test_a_private_deck_is_404_for_other_users_and_visitors(client, bob_client, docs_deck):
    assert bob_client.get(f"/decks/{docs_deck.slug}/export/text/").status_code == 404
    assert client.get(f"/decks/{docs_deck.slug}/export/text/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", ["unlisted", "public"])
def test_only_the_owner_downloads_exports_because_they_hold_the_speaker_notes(
    alice_client, bob_client, client, docs_deck, visibility
):
    Deck.objects.filter(pk=docs_deck.pk).update(visibility=visibility)
    expected = (SHOWCASE / "myslides.txt").read_bytes()
    assert alice_client.get(f"/decks/{docs_deck.slug}/export/text/").content == expected
    assert bob_client.get(f"/decks/{docs_deck.slug}/export/text/").status_code == 403
    assert client.get(f"/decks/{docs_deck.slug}/export/text/").status_code == 403


@pytest.mark.django_db
def test_an_unknown_format_is_404(alice_client, docs_deck):
    assert alice_client.get(f"/decks/{docs_deck.slug}/export/pdf/").status_code == 404
