"""The editor's live preview of one slide's unsaved shorthand."""

import json

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from .. import editing
from ..access import get_deck_for_owner
from .editor import _text


@require_POST
def preview(request, slug):
    """Render unsaved shorthand of one slide, as far as it goes, with its errors."""
    from ..rendering import render_slide_text

    deck = get_deck_for_owner(request, slug)
    try:
        data = json.loads(request.body or b"{}")
        source, notes = _text(data, "source"), _text(data, "notes")
    except (ValueError, AttributeError, editing.EditError):
        return JsonResponse({"error": "A preview needs the slide's source and notes as JSON text."}, status=400)
    assets = {asset.name: asset for asset in deck.assets.defer("data")}
    steps, problems = render_slide_text(source, notes, assets, deck.prompt_host)
    missing = []
    for step in steps:
        missing.extend(name for name in step.missing_images if name not in missing)
    return JsonResponse(
        {
            "steps": [
                {
                    "classes": list(step.classes),
                    "html": step.html,
                    "notes_html": step.notes_html,
                    "first_line": step.first_line,
                }
                for step in steps
            ],
            "errors": [{"line": problem.line, "message": problem.message} for problem in problems],
            "missing_images": missing,
        }
    )
