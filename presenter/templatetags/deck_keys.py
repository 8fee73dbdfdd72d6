from django import template
from django.utils.html import json_script

from presenter.keys import help_lines, key_actions

register = template.Library()


@register.inclusion_tag("presenter/_help.html")
def deck_help(page):
    """The help overlay listing the page's keys: `{% deck_help "projector" %}`."""
    return {"lines": help_lines(page)}


@register.simple_tag
def deck_keys_script(page):
    """The page's keys as JSON, for static/presenter/deck-keys.js: `{% deck_keys_script "follow" %}`."""
    return json_script(key_actions(page), "deck-keys")
