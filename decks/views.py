import difflib
import functools
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import editing
from .access import get_deck_for_owner, get_deck_for_viewer
from .forms import DeckCreateForm, DeckSettingsForm, check_image, check_image_size
from .health import deck_health, image_names
from .models import Asset

ASSET_CACHE_SECONDS = 365 * 24 * 60 * 60
HISTORY_PAGE_SIZE = 100


# My decks ------------------------------------------------------------------


@login_required
def deck_list(request):
    decks = request.user.decks.annotate(
        slide_count=Count("slides", distinct=True), rehearsal_count=Count("rehearsals", distinct=True)
    ).order_by("-updated")
    return render(request, "decks/deck_list.html", {"decks": decks})


@login_required
@require_POST
def deck_create(request):
    form = DeckCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A new deck needs a title (up to 200 characters).")
        return redirect("decks:list")
    deck = editing.create_deck(owner=request.user, title=form.cleaned_data["title"])
    return redirect("decks:edit", deck.slug)


@require_http_methods(["GET", "POST"])
def deck_settings(request, slug):
    deck = get_deck_for_owner(request, slug)
    form = DeckSettingsForm(request.POST or None, instance=deck)
    next_page = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_page, allowed_hosts={request.get_host()}):
        next_page = ""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the settings of “{deck.title}”.")
        return redirect(next_page or reverse("decks:list"))
    return render(request, "decks/deck_settings.html", {"deck": deck, "form": form, "next": next_page})


@require_POST
def deck_duplicate(request, slug):
    deck = get_deck_for_owner(request, slug)
    copy = editing.duplicate_deck(deck, owner=request.user)
    messages.success(request, f"Made “{copy.title}”, a private copy of “{deck.title}”.")
    return redirect("decks:list")


@require_http_methods(["GET", "POST"])
def deck_delete(request, slug):
    deck = get_deck_for_owner(request, slug)
    if request.method == "POST":
        title = deck.title
        deck.delete()
        messages.success(request, f"Deleted “{title}”.")
        return redirect("decks:list")
    counts = {"slides": deck.slides.count(), "images": deck.assets.count()}
    return render(request, "decks/deck_delete.html", {"deck": deck, **counts})


# The editor ----------------------------------------------------------------


def editor_state(deck):
    """Everything the editor shows about a deck, as JSON-ready data."""
    return editor_data(deck)[0]


def editor_data(deck):
    """The editor's JSON-ready state of a deck, and the deck's health."""
    from .rendering import render_deck

    slides = list(deck.slides.order_by("position"))
    assets = list(deck.assets.defer("data"))
    rendered = render_deck(deck)
    used_on = {}
    for slide in slides:
        for name in image_names(slide.source):
            used_on.setdefault(name, []).append(slide.number)
    health = deck_health(deck, slides=slides, rendered=rendered)
    state = {
        "slug": deck.slug,
        "title": deck.title,
        "version": deck.version,
        "prompt_host": deck.prompt_host,
        "slides": [
            {
                "id": slide.pk,
                "number": slide.number,
                "source": slide.source,
                "notes": slide.notes,
                "thumbnail": _last_step(rendered_slide),
            }
            for slide, rendered_slide in zip(slides, rendered.slides)
        ],
        "assets": [
            {
                "id": asset.pk,
                "name": asset.name,
                "url": asset.get_absolute_url(),
                "size": asset.size,
                "content_type": asset.content_type,
                "used_on": used_on.get(asset.name, []),
            }
            for asset in assets
        ],
        "health": health.as_json(),
        "health_html": render_to_string("decks/_health.html", {"health": health}),
    }
    return state, health


def _last_step(rendered_slide):
    if not rendered_slide.steps:
        return {"classes": [], "html": ""}
    step = rendered_slide.steps[-1]
    return {"classes": list(step.classes), "html": step.html}


@require_GET
def editor(request, slug):
    deck = get_deck_for_owner(request, slug)
    state, health = editor_data(deck)
    return render(request, "decks/editor.html", {"deck": deck, "state": state, "health": health})


def json_endpoint(view):
    """Owner-only JSON endpoint: a stale version answers 409 with the current deck, bad input 400."""

    @functools.wraps(view)
    @require_POST
    def wrapper(request, slug, *args, **kwargs):
        deck = get_deck_for_owner(request, slug)
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return JsonResponse({"error": "The request was not valid JSON."}, status=400)
            if not isinstance(data, dict):
                return JsonResponse({"error": "The request must be a JSON object."}, status=400)
        else:
            data = request.POST
        try:
            return view(request, deck, data, *args, **kwargs)
        except editing.StaleVersion as stale:
            return conflict_response(stale)
        except editing.EditError as error:
            return JsonResponse({"error": str(error), "version": deck.version}, status=400)
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages), "version": deck.version}, status=400)

    return wrapper


def conflict_response(stale):
    deck = stale.deck
    return JsonResponse(
        {
            "error": "conflict",
            "message": (
                f"This deck was changed elsewhere (now version {deck.version}); your change was based on "
                f"version {stale.based_on}. Nothing was overwritten."
            ),
            "your_version": stale.based_on,
            "version": deck.version,
            "text": editing.deck_text(deck.slides.order_by("position")),
            "deck": editor_state(deck),
        },
        status=409,
    )


def _text(data, key):
    value = data.get(key, "")
    if not isinstance(value, str):
        raise editing.EditError(f"“{key}” must be text.")
    return value.replace("\r\n", "\n")


@require_GET
def deck_state(request, slug):
    deck = get_deck_for_owner(request, slug)
    return JsonResponse(editor_state(deck))


def text_problems(text, prompt_host):
    """Problems in a whole deck's text, by line of that text."""
    from .shorthand import parse

    return [{"line": problem.line, "message": problem.message} for problem in parse(text, prompt_host).problems]


@require_GET
def deck_text(request, slug):
    deck = get_deck_for_owner(request, slug)
    text = editing.deck_text(deck.slides.order_by("position"))
    return JsonResponse({"version": deck.version, "text": text, "errors": text_problems(text, deck.prompt_host)})


@json_endpoint
def save_text(request, deck, data):
    text = _text(data, "text")
    version = editing.replace_text(deck, text=text, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version, "errors": text_problems(text, deck.prompt_host)})


@json_endpoint
def save_slide(request, deck, data, slide_id):
    version, pieces = editing.save_slide(
        deck,
        slide_id=slide_id,
        source=_text(data, "source"),
        notes=_text(data, "notes"),
        based_on=data.get("version"),
        author=request.user,
    )
    return JsonResponse({"version": version, "slides_made": pieces})


@json_endpoint
def add_slide(request, deck, data):
    position = data.get("position")
    if position is not None and not isinstance(position, int):
        raise editing.EditError("The position of a new slide must be a whole number.")
    version, slide = editing.insert_slide(
        deck,
        position=position,
        source=_text(data, "source"),
        notes=_text(data, "notes"),
        based_on=data.get("version"),
        author=request.user,
    )
    return JsonResponse({"version": version, "slide": slide.pk})


@json_endpoint
def duplicate_slide(request, deck, data, slide_id):
    version, slide = editing.duplicate_slide(deck, slide_id=slide_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version, "slide": slide.pk})


@json_endpoint
def delete_slide(request, deck, data, slide_id):
    version = editing.delete_slide(deck, slide_id=slide_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})


@json_endpoint
def reorder_slides(request, deck, data):
    order = data.get("order")
    if not isinstance(order, list):
        raise editing.EditError("The new order must be a list of slide ids.")
    version = editing.reorder_slides(deck, order=order, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})


@require_POST
def preview(request, slug):
    """Render unsaved shorthand of one slide, as far as it goes, with its errors."""
    from .rendering import render_slide_text

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


# Images --------------------------------------------------------------------


@json_endpoint
def upload_images(request, deck, data):
    """Store one or more uploaded images; all are checked before any is stored."""
    files = request.FILES.getlist("images")
    if not files:
        raise editing.EditError("Choose one or more image files to upload.")
    checked = []
    for upload in files:
        name = editing.check_asset_name(upload.name.rsplit("/", 1)[-1])
        check_image_size(name, upload.size)
        data_bytes = upload.read()
        checked.append((name, check_image(name, data_bytes), data_bytes))
    version = data.get("version")
    for name, content_type, data_bytes in checked:
        version, asset = editing.put_asset(
            deck, name=name, content_type=content_type, data=data_bytes, based_on=version, author=request.user
        )
    return JsonResponse({"version": version, "names": [name for name, _, _ in checked]})


@json_endpoint
def rename_image(request, deck, data, asset_id):
    version = editing.rename_asset(
        deck, asset_id=asset_id, name=_text(data, "name"), based_on=data.get("version"), author=request.user
    )
    return JsonResponse({"version": version})


@json_endpoint
def delete_image(request, deck, data, asset_id):
    version = editing.delete_asset(deck, asset_id=asset_id, based_on=data.get("version"), author=request.user)
    return JsonResponse({"version": version})


@require_GET
def asset(request, slug, checksum, name):
    """An image of a deck. The checksum in the address makes it safe to cache forever."""
    deck = get_deck_for_viewer(request, slug)
    try:
        image = deck.assets.get(name=name)
    except Asset.DoesNotExist:
        raise Http404("This deck has no image of that name.") from None
    if not image.checksum.startswith(checksum):
        raise Http404("That version of the image is gone.")
    response = HttpResponse(bytes(image.data), content_type=image.content_type)
    response["Cache-Control"] = f"public, max-age={ASSET_CACHE_SECONDS}, immutable"
    response["ETag"] = f'"{image.checksum}"'
    # An SVG opened on its own must not run script or load anything.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# Revision history ----------------------------------------------------------


@require_GET
def history(request, slug):
    return _history_page(request, get_deck_for_owner(request, slug))


def _history_page(request, deck, status=200):
    revisions = deck.revisions.select_related("author").defer("text")
    before = request.GET.get("before", "")
    if before.isdigit():
        revisions = revisions.filter(version__lt=int(before))
    revisions = list(revisions[: HISTORY_PAGE_SIZE + 1])
    older = revisions[HISTORY_PAGE_SIZE].version + 1 if len(revisions) > HISTORY_PAGE_SIZE else None
    return render(
        request,
        "decks/history.html",
        {"deck": deck, "revisions": revisions[:HISTORY_PAGE_SIZE], "older": older},
        status=status,
    )


@require_GET
def diff(request, slug):
    deck = get_deck_for_owner(request, slug)
    versions = [request.GET.get("from", ""), request.GET.get("to", "")]
    if not all(version.isdigit() for version in versions):
        messages.error(request, "Pick two versions to compare.")
        return redirect("decks:history", deck.slug)
    old = get_object_or_404(deck.revisions, version=int(versions[0]))
    new = get_object_or_404(deck.revisions, version=int(versions[1]))
    return render(
        request,
        "decks/diff.html",
        {
            "deck": deck,
            "old": old,
            "new": new,
            "lines": diff_lines(old.text, new.text),
            "images": diff_lines(_asset_lines(old), _asset_lines(new)),
        },
    )


def _asset_lines(revision):
    return "\n".join(f"{item['name']} ({item['size']} bytes, {item['checksum'][:12]})" for item in revision.assets)


def diff_lines(old_text, new_text):
    """A unified diff as (kind, text) pairs: kind is "add", "remove", "hunk" or "same"."""
    lines = []
    diff = difflib.unified_diff(old_text.splitlines(), new_text.splitlines(), lineterm="", n=3)
    for line in list(diff)[2:]:
        kind = {"+": "add", "-": "remove", "@": "hunk"}.get(line[:1], "same")
        lines.append((kind, line))
    return lines


@require_POST
def restore(request, slug, version):
    deck = get_deck_for_owner(request, slug)
    revision = get_object_or_404(deck.revisions, version=version)
    try:
        new_version = editing.restore_revision(
            deck, revision=revision, based_on=request.POST.get("version"), author=request.user
        )
    except editing.StaleVersion as stale:
        messages.error(
            request,
            f"The deck changed while you looked at its history (now version {stale.deck.version}); "
            "nothing was restored. Check the list again and restore from here.",
        )
        return _history_page(request, stale.deck, status=409)
    lost = editing.lost_assets(deck, revision)
    note = f" Images deleted since then could not come back: {', '.join(lost)}." if lost else ""
    messages.success(request, f"Restored version {revision.version} as version {new_version}.{note}")
    return redirect("decks:edit", deck.slug)
