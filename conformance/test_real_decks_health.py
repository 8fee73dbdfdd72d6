"""Deck health on the seed, an early draft that names images it never had."""

import pytest

from decks.health import deck_health
from decks.models import Slide
from tests.factories import import_deck_folder

from .conftest import SEED


@pytest.mark.django_db
def test_health_of_the_seed_deck_reports_its_known_missing_images_and_todos(alice):
    deck = import_deck_folder(SEED, alice)
    health = deck_health(deck)
    assert health.missing_images == ["runserver_00.png", "runserver_00a.png", "runserver_01.png", "runserver_02.png"]
    assert health.missing_images == deck.render().missing_assets
    todo_slides = [slide.number for slide in Slide.objects.filter(deck=deck) if "TODO" in slide.source + slide.notes]
    assert health.slides_with_todo == todo_slides
    assert len(todo_slides) >= 1
    assert health.slide_count == 107
