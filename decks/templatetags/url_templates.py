"""Addresses with named placeholders, for scripts to fill in.

    {% url_template "decks:save_slide" deck.slug "{slide_id}" %}

gives "/talks/<slug>/edit/slides/{slide_id}/": the script replaces
"{slide_id}" by a slide's id, and never has to know the shape of the address.
"""

import re

from django import template
from django.urls import reverse

register = template.Library()

PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Numbers no real id reaches, reversed in the placeholders' place and then
# swapped back: the URL patterns only accept values of their own type.
FIRST_STAND_IN = 987_654_321_000


@register.simple_tag
def url_template(view_name, *args):
    stand_ins = {}
    reversed_args = []
    for arg in args:
        if isinstance(arg, str) and PLACEHOLDER.fullmatch(arg):
            stand_in = str(FIRST_STAND_IN + len(stand_ins))
            stand_ins[stand_in] = arg
            reversed_args.append(stand_in)
        else:
            reversed_args.append(arg)
    url = reverse(view_name, args=reversed_args)
    for stand_in, placeholder in stand_ins.items():
        if url.count(f"/{stand_in}/") != 1:
            raise ValueError(f"Cannot place {placeholder} in {url}")
        url = url.replace(f"/{stand_in}/", f"/{placeholder}/")
    return url
