"""Arbitrary JSON at every JSON endpoint, arbitrary text at the importer and the preview.

Whatever arrives: never a 5xx, and a refusal (a 4xx) changes nothing.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decks.importing import DeckImportError, import_deck, read_deck_file
from decks.models import Asset, Deck, Revision, Slide
from tests.factories import add_image, make_deck

pytestmark = pytest.mark.django_db

# Any character, lone surrogates and NUL included.
any_text = st.text(st.characters(exclude_categories=()), max_size=60)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | any_text
any_json = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(any_text, children, max_size=4),
    max_leaves=12,
)
FIELDS = ["version", "text", "source", "notes", "order", "position", "name", "slide", "step", "blackout", "action"]
# Objects shaped like the real requests, with any values: they get past the
# first checks and reach the deeper ones.
request_like = st.dictionaries(st.sampled_from(FIELDS), any_json | st.integers(0, 3), max_size=6)
bodies = st.one_of(
    any_json.map(lambda value: json.dumps(value, allow_nan=True)),
    request_like.map(lambda value: json.dumps(value, allow_nan=True)),
    st.binary(max_size=40).map(lambda data: data.decode("latin-1")),
)

ENDPOINTS = [
    "edit/text/save/",
    "edit/slides/SLIDE/",
    "edit/slides/add/",
    "edit/slides/reorder/",
    "edit/slides/SLIDE/duplicate/",
    "edit/slides/SLIDE/delete/",
    "edit/preview/",
    "edit/measure/record/",
    "edit/images/IMAGE/rename/",
    "edit/images/IMAGE/delete/",
    "LIVE",
]
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def snapshot():
    counts = [model.objects.count() for model in (Deck, Slide, Asset, Revision)]
    decks = list(Deck.objects.order_by("pk").values_list("version", "title"))
    slides = list(Slide.objects.order_by("pk").values_list("position", "source", "notes"))
    return counts, decks, slides, list(Asset.objects.order_by("pk").values_list("name", "checksum"))


@pytest.fixture
def deck(alice):
    deck = make_deck(alice, ("#= One", "Say one."), ("two", ""), slug="hostile-target")
    add_image(deck)
    return deck


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@PROPERTY
@given(body=bodies)
def test_any_body_at_a_json_endpoint_is_never_a_5xx_and_a_refusal_changes_nothing(alice_client, deck, endpoint, body):
    slide = deck.slides.order_by("position").first()
    image = deck.assets.first()
    if endpoint == "LIVE":
        path = f"/talks/{deck.slug}/live/state"
    else:
        path = f"/decks/{deck.slug}/" + endpoint.replace("SLIDE", str(slide.pk if slide else 0))
        path = path.replace("IMAGE", str(image.pk if image else 0))
    before = snapshot()
    response = alice_client.post(path, body.encode("utf-8", "surrogatepass"), content_type="application/json")
    assert response.status_code < 500, response.content[:300]
    json.loads(response.content)  # every answer is valid JSON
    if response.status_code >= 400:
        assert snapshot() == before


shorthand_lines = st.sampled_from(["---", "--", "Note: n", "@ x.png", ".b[", "]", "```", "$$w ls", "#= T", "~@ a.svg", "! a|b"])
deck_texts = st.lists(shorthand_lines | any_text, max_size=30).map("\n".join)


@PROPERTY
@given(text=deck_texts)
def test_any_text_at_the_importer_is_imported_whole_or_refused_with_nothing_written(alice, text):
    before = snapshot()
    try:
        source = read_deck_file("myslides.txt", text.encode("utf-8", "surrogatepass"))
        imported = import_deck(source, alice, unique_slug=True)
    except DeckImportError as error:
        assert str(error)
        assert snapshot() == before
    else:
        assert imported.deck.slides.count() >= 1


@PROPERTY
@given(source=deck_texts, notes=any_text)
def test_any_text_at_the_preview_is_never_a_5xx(alice_client, deck, source, notes):
    before = snapshot()
    body = json.dumps({"source": source, "notes": notes})
    response = alice_client.post(f"/decks/{deck.slug}/edit/preview/", body, content_type="application/json")
    assert response.status_code in (200, 400), response.content[:300]
    assert snapshot() == before
