from django.shortcuts import render

from .guide import guide_sections


def guide(request):
    """The shorthand guide, open to everyone: each construct as written and as shown."""
    return render(request, "decks/guide.html", {"sections": guide_sections()})
