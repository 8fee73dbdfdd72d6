from django import template

from decks.guide import EXAMPLES, SECTIONS

register = template.Library()


@register.inclusion_tag("decks/_quick_reference.html")
def quick_reference():
    """The editor's quick reference: every construct of the guide, as written, grouped as in the guide."""
    return {"sections": [(slug, title, [e for e in EXAMPLES if e.section == slug]) for slug, title in SECTIONS]}
