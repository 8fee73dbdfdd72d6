"""The editor's addresses, handed to its script with named placeholders to fill in."""

import re

import pytest
from django.template import Context, Template

from tests.factories import make_deck

pytestmark = pytest.mark.django_db


def test_a_url_template_puts_the_named_placeholder_where_the_id_goes():
    rendered = Template("{% load url_templates %}{% url_template 'decks:rename_image' 'my-talk' '{asset_id}' %}").render(
        Context()
    )
    assert rendered == "/decks/my-talk/edit/images/{asset_id}/rename/"


def test_the_editor_page_names_every_address_its_script_uses(alice, alice_client):
    deck = make_deck(alice, slug="my-talk")
    page = alice_client.get(f"/decks/{deck.slug}/edit/").content.decode()
    editor_tag = re.search(r"<div class=\"editor\" data-editor(.*?)>", page, re.S).group(1)
    assert dict(re.findall(r'data-([\w-]+)-url="([^"]*)"', editor_tag)) == {
        "state": "/decks/my-talk/edit/state/",
        "text": "/decks/my-talk/edit/text/",
        "save-text": "/decks/my-talk/edit/text/save/",
        "preview": "/decks/my-talk/edit/preview/",
        "measure": "/decks/my-talk/edit/measure/",
        "record-measures": "/decks/my-talk/edit/measure/record/",
        "add-slide": "/decks/my-talk/edit/slides/add/",
        "reorder-slides": "/decks/my-talk/edit/slides/reorder/",
        "save-slide": "/decks/my-talk/edit/slides/{slide_id}/",
        "duplicate-slide": "/decks/my-talk/edit/slides/{slide_id}/duplicate/",
        "delete-slide": "/decks/my-talk/edit/slides/{slide_id}/delete/",
        "upload-images": "/decks/my-talk/edit/images/",
        "terminals": "/decks/my-talk/edit/terminals/",
        "write-terminal-once": "/decks/my-talk/edit/terminals/write-once/",
        "rename-image": "/decks/my-talk/edit/images/{asset_id}/rename/",
        "delete-image": "/decks/my-talk/edit/images/{asset_id}/delete/",
        "save-look": "/decks/my-talk/edit/look/",
        "preview-look": "/decks/my-talk/edit/look/preview/",
        "upload-fonts": "/decks/my-talk/edit/fonts/",
        "delete-font": "/decks/my-talk/edit/fonts/{asset_id}/delete/",
    }
