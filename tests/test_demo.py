from django.core.management import call_command

from decks.management.commands.load_demo import DEMO_PASSWORD, DEMO_SLUG, DEMO_USERNAME
from decks.models import Deck
from decks.rendering import render_deck


def test_load_demo_creates_the_speaker_and_a_public_deck_that_renders_whole(db, client, capsys):
    call_command("load_demo")
    call_command("load_demo")  # a second run changes nothing and still works

    deck = Deck.objects.get(slug=DEMO_SLUG)
    assert (deck.owner.username, deck.visibility, Deck.objects.count()) == (DEMO_USERNAME, "public", 1)
    rendered = render_deck(deck)
    assert rendered.missing_assets == []
    assert len(rendered.slides) == 12
    response = client.post("/accounts/login/", {"username": DEMO_USERNAME, "password": DEMO_PASSWORD})
    assert (response.status_code, response["Location"]) == (302, "/decks/")
    output = capsys.readouterr().out
    assert f"  password: {DEMO_PASSWORD}\n" in output
    assert f"  presenter: http://127.0.0.1:8000/talks/{DEMO_SLUG}/presenter/\n" in output
