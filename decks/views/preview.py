"""The editor's live preview of one slide's unsaved shorthand."""

from django.http import JsonResponse
from django.views.decorators.http import require_POST

from talks_site.http import BadRequest, json_endpoint, read_json, text_field

from .. import domain
from ..access import get_deck_for_owner
from ..serializers import preview_step_json, problem_json
from ..shorthand import gather_notes


@require_POST
@json_endpoint
def preview(request, slug):
    """Render unsaved shorthand of one slide, as far as it goes, with its errors."""
    from ..rendering import render_slide_text

    deck = get_deck_for_owner(request, slug)
    try:
        data = read_json(request)
        source, notes = text_field(data, "source", required=False), text_field(data, "notes", required=False)
    except BadRequest as error:
        raise BadRequest(f"A preview needs the slide's source and notes as JSON text: {error}") from None
    # As a save would store it: with its notes gathered into one.
    source, notes = gather_notes(source, notes)
    try:
        domain.check_slide(1, source, notes, deck.prompt_host)
    except domain.LimitExceeded as error:
        raise BadRequest(str(error).replace("slide 1 has", "this slide has")) from None
    assets = {asset.name: asset for asset in deck.assets.images().defer("data")}
    steps, problems = render_slide_text(source, notes, assets, deck.prompt_host)
    missing = []
    for step in steps:
        missing.extend(name for name in step.missing_images if name not in missing)
    return JsonResponse(
        {
            "steps": [preview_step_json(step) for step in steps],
            "errors": [problem_json(problem) for problem in problems],
            "missing_images": missing,
        }
    )
