"""The slug a new deck gets: made from its title, and telling nothing about other people's decks."""

import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections

from decks import domain
from decks.models import Deck, slug_for

NEW_SLUG = re.compile(r"^deployment-talk-[a-hj-km-np-z2-9]{5}$")


@pytest.mark.django_db
def test_a_slug_is_made_from_the_title_and_never_a_page_path():
    assert slug_for("My talk!") == "my-talk"
    assert slug_for("new") == "new-deck"
    assert slug_for("???") == "deck"


HOLDERS = ["nobody", "the same speaker", "a stranger's private deck", "a stranger's unlisted deck", "a stranger's public deck"]


def hold_slug(holder, alice, bob):
    if holder == "nobody":
        return
    owner = alice if holder == "the same speaker" else bob
    visibility = holder.rsplit(" ", 2)[-2] if holder != "the same speaker" else "private"
    Deck.objects.create(owner=owner, title="Deployment talk", slug="deployment-talk", visibility=visibility)


def slug_shape(slug):
    """What the slug a speaker gets tells them: the base and the form of what follows it."""
    return re.sub(r"-[a-z0-9]{5}$", "-?????", slug)


@pytest.mark.django_db
@pytest.mark.parametrize("holder", HOLDERS)
def test_creating_a_deck_gets_the_same_kind_of_slug_whoever_holds_the_plain_one(alice, bob, alice_client, holder):
    hold_slug(holder, alice, bob)
    response = alice_client.post("/decks/new/", {"title": "Deployment talk"})
    deck = Deck.objects.get(owner=alice, slug__startswith="deployment-talk-")
    assert response["Location"] == f"/decks/{deck.slug}/edit/"
    assert NEW_SLUG.match(deck.slug), deck.slug
    assert slug_shape(deck.slug) == "deployment-talk-?????"


@pytest.mark.django_db
@pytest.mark.parametrize("holder", HOLDERS)
def test_importing_a_deck_gets_the_same_kind_of_slug_whoever_holds_the_plain_one(alice, bob, alice_client, holder):
    hold_slug(holder, alice, bob)
    upload = SimpleUploadedFile("deployment-talk.txt", b"#= Deployment talk\n")
    response = alice_client.post("/decks/import/", {"file": upload})
    deck = Deck.objects.get(owner=alice, slug__startswith="deployment-talk-")
    assert response["Location"] == f"/decks/{deck.slug}/edit/"
    assert NEW_SLUG.match(deck.slug), deck.slug


@pytest.mark.django_db
def test_a_copy_gets_a_new_slug_of_its_own(alice):
    deck = domain.create_deck(owner=alice, title="Deployment talk")
    copy = domain.duplicate_deck(deck, owner=alice)
    assert re.match(r"^copy-of-deployment-talk-[a-z2-9]{5}$", copy.slug)


@pytest.mark.django_db
def test_a_long_title_leaves_room_for_the_ending(alice):
    deck = domain.create_deck(owner=alice, title="word " * 39)
    assert len(deck.slug) <= 100
    assert re.match(r"^(word-)+word-[a-z2-9]{5}$", deck.slug)


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
    assert len(set(slugs)) == 4
    assert all(re.match(r"^same-title-[a-z2-9]{5}$", slug) for slug in slugs)
