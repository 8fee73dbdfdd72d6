"""Who may read and who may change a deck's live presentation state."""

import json

import pytest
from django.test import Client

from decks.models import Deck
from presenter.models import PresentationState
from tests.conftest import csrf_client
from tests.factories import make_deck

pytestmark = pytest.mark.django_db

START = {"deck": None, "slide": 0, "step": 0, "blackout": False, "status": "waiting", "sequence": 0}


def make_talk(owner, slug, visibility, slides=4):
    sources = [f"# Slide {n + 1}" for n in range(slides)]
    return make_deck(owner, *sources, title=slug.title(), slug=slug, visibility=visibility)


@pytest.fixture
def public_deck(alice):
    return make_talk(alice, "public-talk", Deck.Visibility.PUBLIC)


@pytest.fixture
def private_deck(alice):
    return make_talk(alice, "private-talk", Deck.Visibility.PRIVATE)


def post(client, deck, data, with_token=True):
    headers = {"X-CSRFToken": client.csrf_token} if with_token else {}
    return client.post(
        f"/talks/{deck.slug}/live/state", json.dumps(data), content_type="application/json", headers=headers
    )


def state_of(deck):
    return PresentationState.for_deck(deck).as_message()


def test_the_owner_moves_the_presentation_with_a_csrf_token(alice, public_deck):
    client = csrf_client(alice)
    started = post(client, public_deck, {"action": "start"})
    moved = post(client, public_deck, {"slide": 2, "step": 1, "blackout": True})

    assert (started.status_code, moved.status_code) == (200, 200)
    expected = {"deck": public_deck.pk, "slide": 2, "step": 1, "blackout": True, "status": "live", "sequence": 2}
    assert moved.json() == expected
    assert state_of(public_deck) == expected


def test_the_owner_can_also_post_form_fields(alice, public_deck):
    client = csrf_client(alice)
    response = client.post(
        f"/talks/{public_deck.slug}/live/state",
        {"slide": "3", "blackout": "false"},
        headers={"X-CSRFToken": client.csrf_token},
    )
    assert response.json() == {
        "deck": public_deck.pk, "slide": 3, "step": 0, "blackout": False, "status": "waiting", "sequence": 1,
    }


def test_the_owner_without_a_csrf_token_changes_nothing(alice, public_deck):
    response = post(csrf_client(alice), public_deck, {"slide": 2}, with_token=False)
    assert response.status_code == 403
    assert state_of(public_deck) == {**START, "deck": public_deck.pk}


@pytest.mark.parametrize("with_token", [True, False])
@pytest.mark.parametrize("who", ["bob", "anonymous"])
def test_others_cannot_move_a_public_presentation(request, who, with_token, public_deck):
    user = request.getfixturevalue("bob") if who == "bob" else None
    response = post(csrf_client(user), public_deck, {"slide": 2, "action": "start"}, with_token=with_token)
    assert response.status_code == 403
    assert state_of(public_deck) == {**START, "deck": public_deck.pk}


@pytest.mark.parametrize("who", ["bob", "anonymous"])
def test_others_get_404_for_a_private_presentation_state(request, who, private_deck):
    user = request.getfixturevalue("bob") if who == "bob" else None
    client = csrf_client(user)
    assert post(client, private_deck, {"slide": 1}).status_code == 404
    assert client.get(f"/talks/{private_deck.slug}/live/state").status_code == 404
    assert state_of(private_deck) == {**START, "deck": private_deck.pk}


@pytest.mark.parametrize("who", ["bob", "anonymous"])
def test_others_get_404_for_a_private_event_stream(request, who, private_deck):
    user = request.getfixturevalue("bob") if who == "bob" else None
    assert csrf_client(user).get(f"/talks/{private_deck.slug}/live/events").status_code == 404


def test_a_guessed_deck_is_404(alice):
    client = csrf_client(alice)
    assert post(client, Deck(slug="no-such-talk"), {"slide": 1}).status_code == 404
    assert client.get("/talks/no-such-talk/live/events").status_code == 404


def test_only_the_owner_gets_the_presenter_stream(bob, public_deck):
    response = csrf_client(bob).get(f"/talks/{public_deck.slug}/live/events?role=presenter")
    assert response.status_code == 403


def test_anyone_reads_the_state_of_a_public_deck(public_deck, alice):
    post(csrf_client(alice), public_deck, {"slide": 1, "step": 2, "action": "start"})
    response = Client().get(f"/talks/{public_deck.slug}/live/state")
    assert response.json() == {
        "deck": public_deck.pk, "slide": 1, "step": 2, "blackout": False, "status": "live", "sequence": 1,
    }
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.parametrize(
    "data, errors",
    [
        ({"slide": 4}, {"slide": ["This deck has 4 slides; slides count from 0."]}),
        ({"slide": -1}, {"slide": ["Ensure this value is greater than or equal to 0."]}),
        ({"slide": "two"}, {"slide": ["Enter a whole number."]}),
        ({"step": 1000}, {"step": ["Ensure this value is less than or equal to 999."]}),
        ({"action": "explode"}, {"action": ["Select a valid choice. explode is not one of the available choices."]}),
    ],
)
def test_bad_moves_are_refused_with_a_message_and_change_nothing(alice, public_deck, data, errors):
    response = post(csrf_client(alice), public_deck, data)
    assert (response.status_code, response.json()) == (400, {"errors": errors})
    assert state_of(public_deck) == {**START, "deck": public_deck.pk}


def test_a_body_that_is_not_a_json_object_is_refused(alice, public_deck):
    client = csrf_client(alice)
    response = client.post(
        f"/talks/{public_deck.slug}/live/state", "[1, 2", content_type="application/json",
        headers={"X-CSRFToken": client.csrf_token},
    )
    assert (response.status_code, response.json()) == (400, {"errors": {"__all__": ["The request was not valid JSON."]}})


def test_ending_and_restarting_a_talk(alice, public_deck):
    client = csrf_client(alice)
    post(client, public_deck, {"action": "start", "blackout": True})
    ended = post(client, public_deck, {"action": "end"}).json()
    restarted = post(client, public_deck, {"action": "start"}).json()
    assert (ended["status"], ended["blackout"], restarted["status"], restarted["sequence"]) == ("ended", False, "live", 3)


@pytest.mark.django_db(transaction=True)
def test_moves_from_two_devices_at_once_each_get_their_own_sequence(public_deck):
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def move(slide):
        try:
            return PresentationState.change(public_deck, slide=slide % 4).sequence
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        sequences = list(pool.map(move, range(20)))

    assert sorted(sequences) == list(range(1, 21))
    assert PresentationState.objects.get(deck=public_deck).sequence == 20
