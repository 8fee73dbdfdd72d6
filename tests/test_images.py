import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decks.images import clean_svg
from decks.models import Asset, Deck, Revision
from tests.factories import add_image, make_deck, png_bytes

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


@pytest.fixture
def deck(alice):
    return make_deck(alice, ("@= chart.png", ""), ("@ footer.svg\n@ chart.png", ""), ("no images", ""))


def upload(client, deck, *files, version=1):
    return client.post(
        f"/decks/{deck.slug}/edit/images/",
        {"version": version, "images": [SimpleUploadedFile(name, data) for name, data in files]},
    )


def unchanged(deck):
    deck.refresh_from_db()
    return (deck.version, Asset.objects.count(), Revision.objects.count()) == (1, 0, 1)


def test_uploading_images_stores_them_and_records_a_revision(alice_client, deck):
    data = png_bytes()
    response = upload(alice_client, deck, ("chart.png", data), ("footer.svg", SVG))
    assert response.json() == {"version": 3, "names": ["chart.png", "footer.svg"]}
    assert list(deck.assets.values_list("name", "content_type", "size")) == [
        ("chart.png", "image/png", len(data)),
        ("footer.svg", "image/svg+xml", len(SVG)),
    ]
    revision = deck.revisions.first()
    assert [item["name"] for item in revision.assets] == ["chart.png", "footer.svg"]
    assert revision.summary == "Added image footer.svg"


def test_an_uploaded_image_shows_on_the_slides_that_name_it(alice_client, deck):
    upload(alice_client, deck, ("chart.png", png_bytes()))
    asset = deck.assets.get()
    state = alice_client.get(f"/decks/{deck.slug}/edit/state/").json()
    assert f'src="{asset.get_absolute_url()}"' in state["slides"][0]["thumbnail"]["html"]
    assert state["assets"] == [
        {
            "id": asset.pk,
            "name": "chart.png",
            "url": asset.get_absolute_url(),
            "original_url": asset.get_original_url(),
            "size": asset.size,
            "content_type": "image/png",
            "used_on": [1, 2],
            "description": "",
            "decorative": False,
        }
    ]
    assert state["health"]["missing_images"] == ["footer.svg"]


def test_uploading_an_image_with_an_existing_name_replaces_it(alice_client, deck):
    upload(alice_client, deck, ("chart.png", png_bytes(color=(0, 0, 0))))
    new = png_bytes(color=(255, 255, 255))
    response = upload(alice_client, deck, ("chart.png", new), version=2)
    assert response.json()["version"] == 3
    assert bytes(deck.assets.get().data) == new
    assert deck.revisions.first().summary == "Replaced image chart.png"


def test_an_image_too_big_is_refused_with_a_message_and_changes_nothing(alice_client, deck, settings):
    settings.ASSET_MAX_BYTES = 1000
    response = upload(alice_client, deck, ("chart.png", png_bytes(size=(400, 400)) + b"\0" * 2000))
    assert response.status_code == 400
    assert response.json()["error"] == "chart.png: the image is 3,390 bytes; images may be at most 1,000 bytes"
    assert unchanged(deck)


def test_a_file_that_is_not_an_image_is_refused_with_a_message_and_changes_nothing(alice_client, deck):
    response = upload(alice_client, deck, ("chart.png", b"I am text pretending to be a PNG"))
    assert (response.status_code, response.json()["error"]) == (
        400,
        "chart.png: not an image (PNG, JPEG, GIF, WebP or SVG)",
    )
    assert unchanged(deck)


def test_a_file_without_an_image_extension_is_refused(alice_client, deck):
    response = upload(alice_client, deck, ("notes.txt", b"hello"))
    assert response.json()["error"] == "notes.txt: image names end in .png, .jpg, .jpeg, .gif, .webp or .svg"
    assert unchanged(deck)


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<a xlink:href="javascript:alert(1)"><rect/></a></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml">'
        b"<iframe/></body></foreignObject></svg>",
    ],
    ids=["script-element", "event-handler", "javascript-link", "foreign-object"],
)
def test_an_svg_with_script_is_stored_without_it_as_the_importer_stores_it(alice_client, deck, svg):
    response = upload(alice_client, deck, ("footer.svg", svg))
    assert response.status_code == 200
    stored = bytes(deck.assets.get(name="footer.svg").data)
    assert stored == clean_svg("footer.svg", svg)
    assert [part for part in ("script", "onload", "javascript:", "foreignObject", "iframe") if part in stored.decode()] == []


def test_an_svg_with_entities_is_refused(alice_client, deck):
    svg = b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
    response = upload(alice_client, deck, ("footer.svg", svg))
    assert response.json()["error"] == "footer.svg: SVG that declares entities is not accepted"
    assert unchanged(deck)


def test_one_bad_file_among_several_stores_none_of_them(alice_client, deck):
    response = upload(alice_client, deck, ("chart.png", png_bytes()), ("footer.svg", b"<svg"))
    assert (response.status_code, response.json()["error"]) == (
        400,
        "footer.svg: not an image: the SVG is not well-formed XML (unclosed token: line 1, column 0)",
    )
    assert unchanged(deck)


def test_an_image_name_with_a_path_is_refused(alice_client, deck):
    response = upload(alice_client, deck, ("..hidden.png", png_bytes()))
    assert response.status_code == 400
    assert response.json()["error"] == (
        "..hidden.png: unusable image name; use letters, digits, spaces and . _ - + @ ( ), with folders separated "
        "by /, at most 200 characters, e.g. footer.svg or icons/python.png"
    )
    assert unchanged(deck)


def test_renaming_an_image_and_refusing_a_name_that_is_taken(alice_client, deck):
    first = add_image(deck, "old.png")
    add_image(deck, "taken.png")
    response = alice_client.post(
        f"/decks/{deck.slug}/edit/images/{first.pk}/rename/",
        json.dumps({"version": 1, "name": "chart.png"}),
        content_type="application/json",
    )
    assert response.json() == {"version": 2}
    assert sorted(deck.assets.values_list("name", flat=True)) == ["chart.png", "taken.png"]
    assert deck.revisions.first().summary == "Renamed image old.png to chart.png"
    response = alice_client.post(
        f"/decks/{deck.slug}/edit/images/{first.pk}/rename/",
        json.dumps({"version": 2, "name": "taken.png"}),
        content_type="application/json",
    )
    assert (response.status_code, response.json()["error"]) == (400, "The deck already has an image called taken.png.")
    assert Deck.objects.get().version == 2


def test_deleting_an_image_makes_the_deck_report_it_missing(alice_client, deck):
    image = add_image(deck, "chart.png")
    response = alice_client.post(
        f"/decks/{deck.slug}/edit/images/{image.pk}/delete/", json.dumps({"version": 1}), content_type="application/json"
    )
    assert response.json() == {"version": 2}
    assert deck.assets.count() == 0
    state = alice_client.get(f"/decks/{deck.slug}/edit/state/").json()
    assert state["health"]["missing_images"] == ["chart.png", "footer.svg"]


def test_an_image_upload_based_on_an_old_version_is_refused_with_409(alice_client, deck):
    response = upload(alice_client, deck, ("chart.png", png_bytes()), version=0)
    assert response.status_code == 409
    assert unchanged(deck)


def test_images_are_served_with_a_sandbox_policy_and_immutable_caching(client, alice):
    deck = make_deck(alice, visibility="public")
    image = add_image(deck, "footer.svg", SVG, "image/svg+xml")
    response = client.get(image.get_absolute_url())
    assert (response["Content-Type"], response["Content-Security-Policy"], response["Cache-Control"]) == (
        "image/svg+xml",
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        "public, max-age=31536000, immutable",
    )
    assert response.content == SVG
