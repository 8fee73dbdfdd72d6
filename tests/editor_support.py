"""Decks for the editor's tests, built through the same functions the editor uses."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from decks import editing
from decks.models import Asset, Deck, Slide

SHARED_DECKS = Path(settings.BASE_DIR).parent / "shared" / "decks"



def png_bytes(size=(32, 18), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


PNG_BYTES = png_bytes()


def make_deck(owner, *slides, title="Deployment talk", visibility=Deck.Visibility.PRIVATE):
    """A deck whose slides are (source, notes) pairs, with its first revision."""
    deck = Deck.objects.create(owner=owner, title=title, slug=Deck.objects.free_slug(title), visibility=visibility)
    Slide.objects.bulk_create(
        Slide(deck=deck, position=position, source=source, notes=notes)
        for position, (source, notes) in enumerate(slides or [("#= Hello", "Say hello.")])
    )
    editing.record_revision(deck, author=owner, summary="Created the deck")
    return deck


def add_image(deck, name="footer.png", data=PNG_BYTES, content_type="image/png"):
    image = Asset(deck=deck, name=name, content_type=content_type)
    image.set_data(data)
    image.save()
    return image


def import_shared_deck(owner, folder="2019_10_PyGotham", slug=None):
    from decks.importing import import_deck, read_deck_path

    return import_deck(read_deck_path(SHARED_DECKS / folder), owner, slug=slug).deck


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users are made in almost every test; the real hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
