import threading

import pytest
from django.db import connections

from decks.models import Deck


@pytest.mark.django_db
def test_a_free_slug_skips_taken_ones_and_page_paths(alice):
    Deck.objects.create(owner=alice, title="Talk", slug="my-talk")
    Deck.objects.create(owner=alice, title="Talk", slug="my-talk-2")
    assert Deck.objects.free_slug("My talk!") == "my-talk-3"
    assert Deck.objects.free_slug("new") == "new-deck"
    assert Deck.objects.free_slug("???") == "deck"


@pytest.mark.django_db(transaction=True)
def test_decks_created_with_the_same_title_at_the_same_moment_all_get_their_own_slug(alice):
    start = threading.Barrier(4)
    slugs, errors = [], []

    def create():
        try:
            start.wait()
            slugs.append(Deck.objects.create_with_free_slug("Same title", owner=alice, title="Same title").slug)
        except Exception as error:  # noqa: BLE001 - any failure is the test's finding
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(slugs) == ["same-title", "same-title-2", "same-title-3", "same-title-4"]
