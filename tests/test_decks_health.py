import pytest

from decks.health import DeckHealth, deck_health
from decks.shorthand.queries import image_names
from decks.models import Slide
from tests.factories import DATA, add_image, import_deck_folder, make_deck

pytestmark = pytest.mark.django_db


def test_image_names_are_found_in_every_image_command_and_in_html():
    text = "\n".join(
        [
            "~@ back.jpg",
            "@ footer.svg",
            "@=  big.png ",
            "@^ top.png",
            "@^^ main.png",
            "! wave | thanks.png",
            '.fix[<img src="images/tada.png">]',
            "```",
            "@ not-an-image-inside-a-fence.png",
            "```",
            "@ footer.svg",
        ]
    )
    # A background is a property of the slide: the shorthand reads it at the top only.
    assert image_names(text) == [
        "back.jpg",
        "footer.svg",
        "big.png",
        "top.png",
        "main.png",
        "wave.svg",
        "thanks.png",
        "tada.png",
    ]


def test_health_lists_missing_images_slides_without_notes_and_todo_notes(alice):
    deck = make_deck(
        alice,
        ("@= here.png", "Plenty to say here."),
        ("@= gone.png", ""),
        ("## Builds\nNote: TODO: check this\n--\n\nmore", "and more"),
        ("nothing", "  "),
    )
    add_image(deck, "here.png")
    health = deck_health(deck)
    assert (health.missing_images, health.slides_without_notes, health.slides_with_todo) == (
        ["gone.png"],
        [2, 4],
        [3],
    )
    assert health.note_words == 4 + 3 + 2
    assert health.is_healthy is False


def test_speaking_time_is_estimated_at_130_words_a_minute_against_the_target():
    health = DeckHealth(note_words=1300, target_minutes=8)
    assert (health.estimated_minutes, health.minutes_over_target) == (10, 2)
    assert DeckHealth(note_words=131).estimated_minutes == 2
    assert DeckHealth(note_words=0).minutes_over_target is None


def test_health_of_the_showcase_reports_its_missing_image_and_its_todo(alice):
    deck = import_deck_folder(DATA / "showcase", alice)
    health = deck_health(deck)
    assert health.missing_images == ["not_photographed_yet.png"] == deck.render().missing_assets
    assert health.slides_with_todo == [8]
    assert [slide.number for slide in Slide.objects.filter(deck=deck) if "TODO" in slide.source + slide.notes] == [8]
    assert health.slide_count == 20


def test_health_fragment_shows_each_finding_in_words(alice):
    from django.template.loader import render_to_string

    health = DeckHealth(
        missing_images=["a.png", "b.png"], slides_without_notes=[2, 5], slides_with_todo=[3], note_words=260, target_minutes=1
    )
    html = render_to_string("decks/_health.html", {"health": health})
    text = " ".join(html.split())
    assert "Missing images: a.png, b.png" in text
    assert "2 slides without notes: 2, 5" in text
    assert "Notes with TODO on slide 3" in text
    assert "About 2 minutes of speaking (260 words of notes at 130 a minute), target 1 minute." in text


def test_the_editor_shows_the_deck_health(alice_client, alice):
    deck = make_deck(alice, ("@= gone.png", ""), title="Unhealthy")
    page = " ".join(alice_client.get(f"/decks/{deck.slug}/edit/").content.decode().split())
    assert "Missing images: gone.png" in page
    assert "1 slide without notes: 1" in page


def test_the_presenter_view_folds_the_deck_health_into_one_line(alice_client, alice):
    deck = make_deck(alice, ("@= gone.png", "TODO: write this"), ("## Done", "Ready."), title="Presented")
    response = alice_client.get(f"/talks/{deck.slug}/presenter/")
    page = " ".join(response.content.decode().split())
    assert (
        '<details class="deck-health-summary" data-deck-health-details> <summary data-deck-health-summary>'
        "2 things to check · about 1 min</summary>"
    ) in page
    assert "Missing images: gone.png" in page
    assert "Notes with TODO on slide 1" in page
    assert "Every slide has notes." in page
