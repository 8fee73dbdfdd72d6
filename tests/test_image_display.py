"""What followers download of an image: a display copy within IMAGE_DISPLAY_MAX_WIDTH × HEIGHT.

A few kilobytes of PNG can hold 7000 × 7000 pixels, some 196 MB once every
phone in the room decodes it. The deck keeps the original (export, the
owner's download); the slides show a copy Pillow makes to fit the box,
in the same format, the right way up, every frame of an animation kept.
"""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageSequence

from decks import domain
from decks.models import Asset, Deck
from tests.factories import import_deck_folder, make_deck, png_bytes

pytestmark = pytest.mark.django_db

BOX = (getattr(settings, "IMAGE_DISPLAY_MAX_WIDTH", 3840), getattr(settings, "IMAGE_DISPLAY_MAX_HEIGHT", 2160))


def encoded(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def tiny_huge_png():
    """7000 × 7000 pixels of black in about 6 KB."""
    return encoded(Image.new("1", (7000, 7000)), "PNG", optimize=True)


@pytest.fixture
def deck(alice):
    return make_deck(alice, "@= picture.png", visibility=Deck.Visibility.UNLISTED)


def upload(client, deck, name, data):
    response = client.post(f"/decks/{deck.slug}/edit/images/", {"version": deck.version, "images": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 200, response.content
    deck.refresh_from_db()
    return deck.assets.get(name=name)


def shown(client, deck, name):
    """The image a follower's phone downloads for `name`, from the address in the follow page."""
    html = client.get(f"/talks/{deck.slug}/follow/").content.decode()
    [src] = re.findall(rf'<img [^>]*src="([^"]*/{re.escape(name)})"', html)
    response = client.get(src)
    assert response.status_code == 200
    return response


def test_a_huge_image_in_a_few_kilobytes_reaches_followers_within_the_box(alice_client, client, deck):
    data = tiny_huge_png()
    assert len(data) < 10_000
    image = upload(alice_client, deck, "picture.png", data)
    with Image.open(io.BytesIO(shown(client, deck, "picture.png").content)) as copy:
        assert (copy.format, copy.size) == ("PNG", (2160, 2160))
        copy.load()
        assert len(copy.tobytes()) <= BOX[0] * BOX[1] * 4
    # The original stays the deck's: in the export and the owner's download.
    assert bytes(image.data) == data
    archive = zipfile.ZipFile(io.BytesIO(alice_client.get(f"/decks/{deck.slug}/export/zip/").content))
    assert [archive.read(name) for name in archive.namelist() if name.endswith("picture.png")] == [data]
    original = alice_client.get(image.get_original_url())
    assert (original.status_code, original.content) == (200, data)
    assert original["Content-Disposition"] == 'attachment; filename="picture.png"'
    assert original["Cache-Control"] == "private, no-cache"


def test_only_the_owner_downloads_the_original(client, bob_client, deck):
    image = Asset(deck=deck, name="picture.png", content_type="image/png")
    image.set_data(tiny_huge_png())
    image.save()
    assert client.get(image.get_original_url()).status_code in (302, 403, 404)
    assert bob_client.get(image.get_original_url()).status_code == 403


def test_an_image_within_the_box_is_shown_as_it_was_uploaded(alice_client, client, deck):
    data = png_bytes((3840, 2160))
    upload(alice_client, deck, "picture.png", data)
    assert shown(client, deck, "picture.png").content == data
    assert Asset.objects.get().display_data is None


@pytest.mark.parametrize(
    ("size", "fitted"),
    [((8000, 1000), (3840, 480)), ((1000, 9000), (240, 2160)), ((4000, 2250), (3840, 2160))],
)
def test_the_copy_keeps_the_images_proportions(alice_client, client, deck, size, fitted):
    upload(alice_client, deck, "picture.png", png_bytes(size))
    with Image.open(io.BytesIO(shown(client, deck, "picture.png").content)) as copy:
        assert copy.size == fitted


def test_a_jpeg_stays_a_jpeg_and_the_right_way_up(alice_client, client, alice):
    deck = make_deck(alice, "@= photo.jpg", visibility=Deck.Visibility.UNLISTED)
    photo = Image.new("RGB", (6000, 4000), (200, 100, 50))
    exif = photo.getexif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    upload(alice_client, deck, "photo.jpg", encoded(photo, "JPEG", exif=exif, quality=80))
    with Image.open(io.BytesIO(shown(client, deck, "photo.jpg").content)) as copy:
        assert (copy.format, copy.size) == ("JPEG", (1440, 2160))
        assert copy.getexif().get(0x0112) in (None, 1)


def test_an_animation_keeps_every_frame(alice_client, client, alice):
    deck = make_deck(alice, "@= moving.gif", visibility=Deck.Visibility.UNLISTED)
    frames = [Image.new("RGB", (5000, 100), color) for color in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=[100, 200, 300], loop=0)
    with Image.open(io.BytesIO(data)) as original:
        assert original.n_frames == 3
    upload(alice_client, deck, "moving.gif", data)
    with Image.open(io.BytesIO(shown(client, deck, "moving.gif").content)) as copy:
        assert (copy.format, copy.size, copy.n_frames) == ("GIF", (3840, 77), 3)
        assert [frame.info["duration"] for frame in ImageSequence.Iterator(copy)] == [100, 200, 300]


def test_an_imported_deck_and_its_copy_show_display_copies_too(alice, client, tmp_path):
    folder = tmp_path / "big"
    (folder / "images").mkdir(parents=True)
    (folder / "myslides.txt").write_text("@= huge.png\n")
    (folder / "images" / "huge.png").write_bytes(tiny_huge_png())
    deck = import_deck_folder(folder, alice, visibility=Deck.Visibility.UNLISTED)
    copy = domain.duplicate_deck(deck, owner=alice)
    Deck.objects.filter(pk=copy.pk).update(visibility=Deck.Visibility.UNLISTED)
    for each in (deck, copy):
        with Image.open(io.BytesIO(shown(client, each, "huge.png").content)) as shown_image:
            assert shown_image.size == (2160, 2160)
