"""{% deck_look deck %}: the <link>s that draw a deck's slides in its look (decks/looks.py)."""

from django import template
from django.utils.html import format_html_join

from ..looks import deck_look

register = template.Library()


@register.simple_tag
def deck_look_links(deck):
    """One <link rel="stylesheet"> per stylesheet of the deck's look, in order."""
    look = deck_look(deck)
    return format_html_join("\n  ", '<link rel="stylesheet" href="{}" data-deck-look>', ((url,) for url in look.stylesheets))
