"""The follow page draws a deck in its own look, against real gunicorn (the page streams the talk)."""

import subprocess
import sys

import pytest
from django.conf import settings

from decks.importing import import_deck, read_deck_path
from decks.models import Deck

from .conftest import PageProblems
from .factories import make_look_folder
from .test_look import check_looks, looks_of
from .web_server import WebServer

pytestmark = [pytest.mark.browser, pytest.mark.server, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=settings.BASE_DIR, check=True)
    with WebServer(workers=1) as server:
        yield server


def test_the_follow_page_draws_the_slides_in_the_decks_look(server, alice, browser, tmp_path):
    deck = import_deck(read_deck_path(make_look_folder(tmp_path / "looking-right")), alice, slug="looking-right").deck
    Deck.objects.filter(pk=deck.pk).update(visibility=Deck.Visibility.PUBLIC)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.problems = PageProblems(page)
    page.goto(f"{server.url}/talks/{deck.slug}/follow/")
    check_looks(looks_of(page, ".slide-content h1", ".slide-content .keyword"))
    assert page.problems.console_errors == []
    context.close()
