"""Image descriptions: set in the editor, drawn as every image's alt, listed by deck health, carried by zip export and import."""

import io
import json
import re
import zipfile

import pytest

from decks import domain
from decks.exporting import deck_zip
from decks.health import deck_health
from decks.importing import DESCRIPTIONS_FILE, import_deck, read_deck_file
from decks.models import Deck
from decks.shorthand.sanitize import ImageURLs, clean_html
from presenter.views import presentable_slides

from .factories import PNG_BYTES, add_image, make_deck

pytestmark = pytest.mark.django_db


def post_json(client, path, data):
    return client.post(path, json.dumps(data), content_type="application/json")


def describe(client, deck, image, **data):
    return post_json(client, f"/decks/{deck.slug}/edit/images/{image.pk}/describe/", {"version": deck.version, **data})


def image_tags(deck):
    html = "".join(step.html for slide in presentable_slides(deck.render()) for step in slide.steps)
    return re.findall(r"<img\b[^>]*>", html)


@pytest.fixture
def deck(alice):
    deck = make_deck(alice, ("@= chart.png", "The chart."), ('<img src="images/team_photo.jpg">', "Us."), slug="pictures")
    add_image(deck, "chart.png")
    add_image(deck, "team_photo.jpg")
    return Deck.objects.get(pk=deck.pk)


def test_a_description_set_in_the_editor_is_the_images_alt_on_every_slide(alice_client, deck):
    chart = deck.assets.get(name="chart.png")
    response = describe(alice_client, deck, chart, description="  Requests per second,\n rising  ")
    assert response.json() == {"version": 2}
    chart.refresh_from_db()
    assert (chart.description, chart.decorative) == ("Requests per second, rising", False)
    assert deck.revisions.first().summary == "Described image chart.png"
    assert 'alt="Requests per second, rising"' in image_tags(Deck.objects.get(pk=deck.pk))[0]
    # The editor's state carries it, for the Images panel.
    state = alice_client.get(f"/decks/{deck.slug}/edit/state/").json()
    assert [(a["name"], a["description"], a["decorative"]) for a in state["assets"]] == [
        ("chart.png", "Requests per second, rising", False),
        ("team_photo.jpg", "", False),
    ]
    # So does the editor's preview of unsaved text.
    preview = post_json(alice_client, f"/decks/{deck.slug}/edit/preview/", {"source": "@= chart.png", "notes": ""})
    assert 'alt="Requests per second, rising"' in preview.json()["steps"][0]["html"]


def test_a_decorative_image_is_drawn_with_an_empty_alt(alice_client, deck):
    photo = deck.assets.get(name="team_photo.jpg")
    assert describe(alice_client, deck, photo, description="ignored", decorative=True).status_code == 200
    photo.refresh_from_db()
    assert (photo.description, photo.decorative) == ("", True)
    assert re.search(r'<img [^>]*alt=""', image_tags(Deck.objects.get(pk=deck.pk))[1])


def test_an_image_not_yet_described_keeps_the_shorthands_text_or_is_named_by_its_file():
    urls = ImageURLs({"chart.png": "/c.png", "team_photo.jpg": "/t.jpg"})
    assert 'alt="Image"' in clean_html('<img src="images/chart.png" alt="Image">', urls)
    assert 'alt="team photo"' in clean_html('<img src="images/team_photo.jpg">', urls)
    described = ImageURLs({"chart.png": "/c.png"}, {"chart.png": 'A "big" chart'})
    assert clean_html('<img src="images/chart.png" alt="Image">', described) == (
        '<img src="/c.png" alt="A &quot;big&quot; chart">'
    )


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"description": "x" * 501}, "A description is at most 500 characters; this one has 501."),
        ({"description": "A chart", "decorative": "yes"}, "“decorative” must be true or false."),
        ({"description": ["A chart"]}, "“description” must be text."),
        ({}, "The request has no “description”; nothing was changed."),
    ],
)
def test_a_bad_description_is_refused_with_the_reason_and_nothing_changes(alice_client, deck, data, error):
    chart = deck.assets.get(name="chart.png")
    response = describe(alice_client, deck, chart, **data)
    assert (response.status_code, response.json()["error"]) == (400, error)
    chart.refresh_from_db()
    assert (chart.description, Deck.objects.get(pk=deck.pk).version) == ("", 1)


def test_a_description_based_on_an_old_version_is_refused_as_stale(alice_client, deck):
    chart = deck.assets.get(name="chart.png")
    response = post_json(
        alice_client, f"/decks/{deck.slug}/edit/images/{chart.pk}/describe/", {"version": 0, "description": "A chart"}
    )
    assert response.status_code == 409
    chart.refresh_from_db()
    assert chart.description == ""


def test_deck_health_lists_the_images_without_a_description(alice_client, alice, deck):
    assert deck_health(deck).undescribed_images == ["chart.png", "team_photo.jpg"]
    page = " ".join(alice_client.get(f"/decks/{deck.slug}/edit/").content.decode().split())
    assert "Images without a description: chart.png, team_photo.jpg" in page
    describe(alice_client, deck, deck.assets.get(name="chart.png"), description="A chart")
    deck.refresh_from_db()
    assert describe(alice_client, deck, deck.assets.get(name="team_photo.jpg"), decorative=True).status_code == 200
    health = deck_health(Deck.objects.get(pk=deck.pk))
    assert health.undescribed_images == []
    page = " ".join(alice_client.get(f"/decks/{deck.slug}/edit/").content.decode().split())
    assert "Every image has a description or is marked decorative." in page


def test_a_zip_export_carries_the_descriptions_and_importing_it_restores_them(alice, deck):
    chart = deck.assets.get(name="chart.png")
    chart.description = "Requests per second, rising"
    chart.save()
    deck.assets.filter(name="team_photo.jpg").update(decorative=True)
    exported = deck_zip(deck)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        assert json.loads(archive.read(f"pictures/{DESCRIPTIONS_FILE}")) == {
            "chart.png": {"description": "Requests per second, rising", "decorative": False},
            "team_photo.jpg": {"description": "", "decorative": True},
        }
    copy = import_deck(read_deck_file("pictures.zip", exported), alice, slug="pictures-again").deck
    assert sorted(copy.assets.values_list("name", "description", "decorative")) == [
        ("chart.png", "Requests per second, rising", False),
        ("team_photo.jpg", "", True),
    ]
    assert 'alt="Requests per second, rising"' in image_tags(copy)[0]


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("descriptions", "warning"),
    [
        ("{not json", "talk.zip: talk/image-descriptions.json: is not JSON"),
        ('["chart.png"]', "talk.zip: talk/image-descriptions.json: is not a JSON object of image names"),
        ('{"gone.png": {"description": "Gone"}}', "describes gone.png, which is not in images/; left out"),
        ('{"chart.png": {"description": 7}}', "the entry for chart.png is not a description; left out"),
    ],
)
def test_a_slip_in_the_descriptions_file_is_a_warning_and_the_deck_is_imported(alice, descriptions, warning):
    upload = zip_of(
        {"talk/myslides.txt": "@= chart.png", "talk/images/chart.png": PNG_BYTES, f"talk/{DESCRIPTIONS_FILE}": descriptions}
    )
    imported = import_deck(read_deck_file("talk.zip", upload), alice)
    assert list(imported.deck.assets.values_list("name", "description")) == [("chart.png", "")]
    assert any(warning in str(found) for found in imported.warnings), [str(found) for found in imported.warnings]


def test_a_copy_of_a_deck_keeps_its_image_descriptions(alice, deck):
    deck.assets.filter(name="chart.png").update(description="A chart")
    copy = domain.duplicate_deck(deck, owner=alice)
    assert copy.assets.get(name="chart.png").description == "A chart"


def test_a_described_background_picture_is_an_image_to_screen_readers_and_others_are_decoration(alice):
    deck = make_deck(alice, "~@ backdrop.png\n# Over a picture", "~@ plain.png\n# Over another", slug="backgrounds")
    add_image(deck, "backdrop.png")
    add_image(deck, "plain.png")
    deck.assets.filter(name="backdrop.png").update(description="A stage at night")
    html = [slide.steps[0].html for slide in presentable_slides(Deck.objects.get(pk=deck.pk).render())]
    assert re.search(r'<div class="slide-background" style="[^"]*" role="img" aria-label="A stage at night"></div>', html[0])
    assert re.search(r'<div class="slide-background" style="[^"]*"></div>', html[1])


def test_an_imported_description_over_the_limit_is_a_warning_and_left_out(alice):
    descriptions = json.dumps({"chart.png": {"description": "x" * 501}})
    upload = zip_of({"talk/myslides.txt": "@= chart.png", "talk/images/chart.png": PNG_BYTES, f"talk/{DESCRIPTIONS_FILE}": descriptions})
    imported = import_deck(read_deck_file("talk.zip", upload), alice)
    assert imported.deck.assets.get().description == ""
    assert any("A description is at most 500 characters" in str(found) for found in imported.warnings)
