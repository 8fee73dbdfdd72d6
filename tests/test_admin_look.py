"""The admin writes a deck's look (fonts, images, stylesheet) through the same checks as the editor and the importer."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decks.models import Asset, Deck, Revision
from tests.factories import PNG_BYTES, add_image, font_bytes, make_deck

pytestmark = pytest.mark.django_db


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("#= One", ""), ("two", ""))


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.com", "unused-password-1"))
    return client


def written():
    return [Asset.objects.count(), Revision.objects.count(), list(Deck.objects.values_list("version", "stylesheet"))]


def add_file(client, deck, name, data, field_name=""):
    upload = SimpleUploadedFile(name, data)
    return client.post("/admin/decks/asset/add/", {"deck": deck.pk, "name": field_name, "file": upload})


def zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", "not a font")
    return buffer.getvalue()


def test_a_font_added_in_the_admin_is_checked_by_its_bytes_and_is_a_new_version(admin_client, deck):
    data = font_bytes()
    response = add_file(admin_client, deck, "TestSans.ttf", data)
    assert response.status_code == 302
    font = deck.assets.get(name="TestSans.ttf")
    assert (font.content_type, font.size, bytes(font.data)) == ("font/ttf", len(data), data)
    deck.refresh_from_db()
    assert (deck.version, deck.revisions.first().summary) == (2, "Added font TestSans.ttf in the admin")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("Evil.ttf", zip_bytes(), "Evil.ttf: not a font (TrueType, OpenType, WOFF or WOFF2)"),
        ("Png.woff2", PNG_BYTES, "Png.woff2: not a font (TrueType, OpenType, WOFF or WOFF2)"),
        ("Mislabelled.woff2", font_bytes(), "Mislabelled.woff2: the file is a TTF font, not what .woff2 says"),
        ("picture.png", font_bytes(), "picture.png: not an image (PNG, JPEG, GIF, WebP or SVG)"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_in_the_admin_and_nothing_is_written(
    admin_client, deck, name, data, message
):
    before = written()
    response = add_file(admin_client, deck, name, data)
    assert response.status_code == 200
    assert f"The file cannot be stored: {message}." in response.content.decode()
    assert written() == before


def test_the_admin_holds_fonts_to_the_size_and_count_limits(admin_client, deck, settings):
    settings.FONT_MAX_BYTES = 1000
    before = written()
    response = add_file(admin_client, deck, "Big.ttf", font_bytes())
    assert "Big.ttf: the font is" in response.content.decode() and "fonts may be at most 1,000 bytes" in response.content.decode()
    assert written() == before
    settings.FONT_MAX_BYTES = 4 * 1024 * 1024
    settings.DECK_MAX_FONTS = 1
    assert add_file(admin_client, deck, "One.ttf", font_bytes("One")).status_code == 302
    before = written()
    response = add_file(admin_client, deck, "Two.ttf", font_bytes("Two"))
    assert "2 fonts is more than the 1 a deck may have" in response.content.decode()
    assert written() == before
    # Replacing the one font it has is no second font.
    font, narrower = deck.assets.get(name="One.ttf"), font_bytes("One", width=500)
    response = admin_client.post(
        f"/admin/decks/asset/{font.pk}/change/", {"name": "One.ttf", "file": SimpleUploadedFile("One.ttf", narrower)}
    )
    assert response.status_code == 302
    assert bytes(deck.assets.get(name="One.ttf").data) == narrower


def test_an_image_cannot_be_renamed_into_a_font_in_the_admin(admin_client, deck):
    image = add_image(deck, "footer.png")
    before = written()
    response = admin_client.post(f"/admin/decks/asset/{image.pk}/change/", {"name": "footer.woff2"})
    assert "footer.woff2: this is an image; keep an image name, or upload a new file" in response.content.decode()
    assert written() == before
    assert admin_client.post(f"/admin/decks/asset/{image.pk}/change/", {"name": "logo.png"}).status_code == 302
    assert deck.assets.get(pk=image.pk).name == "logo.png"


def deck_post(client, deck, stylesheet):
    data = {
        "owner": deck.owner_id, "title": deck.title, "slug": deck.slug, "visibility": deck.visibility,
        "prompt_host": deck.prompt_host, "target_minutes": "", "typing_speed": deck.typing_speed,
        "look": "own", "stylesheet": stylesheet,
        "slides-TOTAL_FORMS": 0, "slides-INITIAL_FORMS": 0, "slides-MIN_NUM_FORMS": 0, "slides-MAX_NUM_FORMS": 1000,
    }
    return client.post(f"/admin/decks/deck/{deck.pk}/change/", data)


def test_the_admin_holds_a_stylesheet_to_the_size_and_rule_limits(admin_client, deck, settings):
    settings.STYLESHEET_MAX_BYTES = 100
    settings.STYLESHEET_MAX_RULES = 3
    before = written()
    response = deck_post(admin_client, deck, "h1 { color: red; }\n" * 10)
    assert response.status_code == 200 and "The stylesheet cannot be saved:" in response.content.decode()
    response = deck_post(admin_client, deck, "a{}b{}c{}d{}")
    assert response.status_code == 200 and "The stylesheet cannot be saved:" in response.content.decode()
    assert written() == before
    assert deck_post(admin_client, deck, "h1 { color: red; }").status_code == 302
    deck.refresh_from_db()
    assert (deck.stylesheet, deck.look, deck.version) == ("h1 { color: red; }", "own", 2)


def test_a_stylesheet_over_todays_limit_is_not_restored(alice_client, deck, settings):
    from decks import domain

    domain.save_look(deck, look="own", stylesheet="h1 { color: red; }\n" * 20, based_on=1, author=deck.owner)
    domain.save_look(deck, look="default", stylesheet="", based_on=2, author=deck.owner)
    settings.STYLESHEET_MAX_BYTES = 100
    before = written()
    response = alice_client.post(f"/decks/{deck.slug}/history/2/restore/", {"version": 3})
    assert response.status_code == 400
    assert "Version 2 cannot be restored:" in response.content.decode()
    assert written() == before
