from django import template

from decks.health import deck_health

register = template.Library()


@register.inclusion_tag("decks/_health.html")
def deck_health_panel(deck):
    """The deck's health (decks/_health.html) for any page that has the deck: `{% deck_health_panel deck %}`."""
    return {"health": deck_health(deck)}


@register.inclusion_tag("decks/_health_details.html")
def deck_health_details(deck):
    """The same, folded into a <details> that starts open when there is something to fix."""
    return {"health": deck_health(deck)}


@register.inclusion_tag("decks/_health_summary.html")
def deck_health_summary(deck):
    """One closed line ("3 things to check") that opens onto the deck's health: for the stage."""
    return {"health": deck_health(deck)}
