from django import template

from decks.health import deck_health

register = template.Library()


@register.inclusion_tag("decks/_health_summary.html")
def deck_health_summary(deck):
    """One closed line ("3 things to check") that opens onto the deck's health: for the stage."""
    return {"health": deck_health(deck)}
