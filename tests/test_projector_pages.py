"""Who may open the projector, presenter and handout pages, and what they carry."""

import re

import pytest
from django.test import Client

from decks import domain
from decks.models import Deck

from .factories import DATA, import_deck_folder, make_small_deck


def urls(deck):
    return {
        "projector": f"/talks/{deck.slug}/",
        "presenter": f"/talks/{deck.slug}/presenter/",
        "handout": f"/talks/{deck.slug}/handout/",
    }


def statuses(client, deck):
    return {page: client.get(url).status_code for page, url in urls(deck).items()}


@pytest.mark.django_db
def test_owner_opens_every_page_of_a_private_deck(alice, alice_client):
    deck = make_small_deck(alice, visibility=Deck.Visibility.PRIVATE)
    assert statuses(alice_client, deck) == {"projector": 200, "presenter": 200, "handout": 200}


@pytest.mark.django_db
def test_private_deck_is_404_for_other_users_and_anonymous_visitors(alice, bob_client):
    deck = make_small_deck(alice, visibility=Deck.Visibility.PRIVATE)
    assert statuses(bob_client, deck) == {"projector": 404, "presenter": 404, "handout": 404}
    assert statuses(Client(), deck) == {"projector": 404, "presenter": 404, "handout": 404}


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", [Deck.Visibility.UNLISTED, Deck.Visibility.PUBLIC])
def test_shared_deck_projector_is_open_to_all_but_notes_pages_are_403(alice, bob_client, visibility):
    deck = make_small_deck(alice, visibility=visibility)
    assert statuses(bob_client, deck) == {"projector": 200, "presenter": 403, "handout": 403}
    assert statuses(Client(), deck) == {"projector": 200, "presenter": 403, "handout": 403}


@pytest.mark.django_db
def test_projector_never_carries_the_speaker_notes(alice, alice_client):
    deck = make_small_deck(alice)
    projector = alice_client.get(urls(deck)["projector"]).content.decode()
    presenter = alice_client.get(urls(deck)["presenter"]).content.decode()
    for notes in ["Say hello first.", "The builds have notes."]:
        assert (notes in projector, notes in presenter) == (False, True)


@pytest.mark.django_db
def test_projector_holds_every_step_of_every_slide_as_real_html(alice, alice_client):
    deck = make_small_deck(alice)
    html = alice_client.get(urls(deck)["projector"]).content.decode()
    slides = re.findall(r'<section class="slide" data-slide="(\d+)"', html)
    steps = re.findall(r'<div class="slide-content([^"]*)" data-step="(\d+)"', html)
    assert slides == ["1", "2", "3", "4", "5"]
    assert steps == [
        (" title", "1"),
        ("", "1"),
        ("", "2"),
        ("", "3"),
        (" middle center image", "1"),
        ("", "1"),
        (" title", "1"),
    ]
    picture = deck.assets.get(name="picture.png").get_absolute_url()
    assert re.findall(r"<img [^>]*>", html) == [f'<img loading="lazy" src="{picture}" alt="Image">']
    assert '<script type="module" src="/static/presenter/projector.js"></script>' in html
    assert "<script>" not in html


@pytest.mark.django_db
def test_the_image_in_a_public_decks_page_is_served_with_a_cache_header_of_a_year(alice, client):
    deck = make_small_deck(alice, visibility=Deck.Visibility.PUBLIC)
    html = client.get(urls(deck)["projector"]).content.decode()
    src = re.search(r'<img [^>]*src="([^"]+)"', html).group(1)
    response = client.get(src)
    assert (response.status_code, response["Cache-Control"], response["Content-Type"]) == (
        200,
        "public, max-age=31536000, immutable",
        "image/png",
    )


@pytest.mark.django_db
def test_presenting_pages_of_an_imported_deck_take_a_fixed_number_of_queries(
    alice, alice_client, django_assert_num_queries
):
    deck = import_deck_folder(DATA / "showcase", alice, slug="showcase", visibility="public")
    # Deck, its images (without their bytes), its slides.
    with django_assert_num_queries(3):
        first = Client().get(urls(deck)["projector"])
    assert first.content.decode().count("data-step=") == 25
    # Until the deck changes, its slides come from the cache: the deck alone.
    with django_assert_num_queries(1):
        again = Client().get(urls(deck)["projector"])
    assert again.content == first.content
    # After the session and its user. The presenter renders the notes too, and
    # its deck health panel reads the slides and the image names once more.
    for page, queries in {"projector": 3, "presenter": 7, "handout": 5}.items():
        with django_assert_num_queries(queries):
            response = alice_client.get(urls(deck)[page])
        assert response.status_code == 200


@pytest.mark.django_db
def test_a_changed_slide_shows_on_the_next_page_load_despite_the_cache(alice):
    deck = make_small_deck(alice)
    assert "Changed after the first view" not in Client().get(urls(deck)["projector"]).content.decode()
    deck.slides.filter(position=0).update(source="# Changed after the first view")
    domain.record_outside_change(deck, author=None, summary="Changed outside the editor")
    assert "<h1>Changed after the first view</h1>" in Client().get(urls(deck)["projector"]).content.decode()


@pytest.mark.django_db
def test_handout_shows_each_slide_once_at_its_last_step_with_its_notes(alice, alice_client):
    deck = make_small_deck(alice)
    html = alice_client.get(urls(deck)["handout"]).content.decode()
    assert re.findall(r'aria-label="Slide (\d+) of 5"', html) == ["1", "2", "3", "4", "5"]
    assert html.count("and a third") == 1
    assert re.findall(r"<h2>Slide \d+</h2>\s*(<p[^>]*>[^<]*</p>)", html) == [
        "<p>Say hello first.</p>",
        "<p>The builds have notes.</p>",
        '<p class="handout-no-notes">No notes.</p>',
        '<p class="handout-no-notes">No notes.</p>',
        '<p class="handout-no-notes">No notes.</p>',
    ]
    # Printed pages need every image at once.
    assert 'loading="lazy"' not in html
