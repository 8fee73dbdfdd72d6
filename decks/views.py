import difflib
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from talks_site.http import BadRequest, json_endpoint, log_refusal, read_json, text_field, version_field

from . import domain
from .access import get_deck_for_owner, get_deck_for_viewer
from .forms import DeckCreateForm, DeckSettingsForm
from .health import deck_health
from .images import ImageRefused, check_image, check_size
from .models import Asset
from .serializers import preview_step_json, problem_json, thumbnail_json
from .shorthand.queries import image_names

ASSET_CACHE_SECONDS = 365 * 24 * 60 * 60
HISTORY_PAGE_SIZE = 100


# My decks ------------------------------------------------------------------


@login_required
def deck_list(request):
    decks = request.user.decks.annotate(slide_count=Count("slides")).order_by("-updated")
    return render(request, "decks/deck_list.html", {"decks": decks})


@login_required
@require_POST
def deck_create(request):
    form = DeckCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A new deck needs a title (up to 200 characters).")
        return redirect("decks:list")
    deck = domain.create_deck(owner=request.user, title=form.cleaned_data["title"])
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
    copy = domain.duplicate_deck(deck, owner=request.user)
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
        for name in image_names(slide.source, slide.notes, deck.prompt_host):
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
                "thumbnail": thumbnail_json(rendered_slide),
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


@require_GET
def editor(request, slug):
    deck = get_deck_for_owner(request, slug)
    state, health = editor_data(deck)
    return render(request, "decks/editor.html", {"deck": deck, "state": state, "health": health})


def deck_endpoint(view):
    """Owner-only JSON endpoint of the editor: a stale version answers 409 with the current deck, bad input 400.

    The view gets the deck and the request's data: its JSON object, or its
    form fields for uploads.
    """

    @functools.wraps(view)
    @require_POST
    @json_endpoint
    def wrapper(request, slug, *args, **kwargs):
        deck = get_deck_for_owner(request, slug)
        data = read_json(request) if request.content_type == "application/json" else request.POST
        try:
            return view(request, deck, data, *args, **kwargs)
        except domain.StaleVersion as stale:
            return conflict_response(stale)
        except (domain.EditError, ImageRefused) as error:
            log_refusal(request, 400, str(error))
            return JsonResponse({"error": str(error), "version": deck.version}, status=400)

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
            "text": domain.deck_text(deck.slides.order_by("position")),
            "deck": editor_state(deck),
        },
        status=409,
    )


@require_GET
def deck_state(request, slug):
    deck = get_deck_for_owner(request, slug)
    return JsonResponse(editor_state(deck))


def text_problems(text, prompt_host):
    """Problems in a whole deck's text, by line of that text."""
    from .shorthand import parse

    return [problem_json(problem) for problem in parse(text, prompt_host).problems]


@require_GET
def deck_text(request, slug):
    deck = get_deck_for_owner(request, slug)
    text = domain.deck_text(deck.slides.order_by("position"))
    return JsonResponse({"version": deck.version, "text": text, "errors": text_problems(text, deck.prompt_host)})


@deck_endpoint
def save_text(request, deck, data):
    text = text_field(data, "text")
    version = domain.replace_text(deck, text=text, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version, "errors": text_problems(text, deck.prompt_host)})


@deck_endpoint
def save_slide(request, deck, data, slide_id):
    version, pieces = domain.save_slide(
        deck,
        slide_id=slide_id,
        source=text_field(data, "source"),
        notes=text_field(data, "notes"),
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse({"version": version, "slides_made": pieces})


@deck_endpoint
def add_slide(request, deck, data):
    position = data.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool)):
        raise BadRequest("The position of a new slide must be a whole number.")
    version, slide = domain.insert_slide(
        deck,
        position=position,
        source=text_field(data, "source", required=False),
        notes=text_field(data, "notes", required=False),
        based_on=version_field(data),
        author=request.user,
    )
    return JsonResponse({"version": version, "slide": slide.pk})


@deck_endpoint
def duplicate_slide(request, deck, data, slide_id):
    version, slide = domain.duplicate_slide(deck, slide_id=slide_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version, "slide": slide.pk})


@deck_endpoint
def delete_slide(request, deck, data, slide_id):
    version = domain.delete_slide(deck, slide_id=slide_id, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})


@deck_endpoint
def reorder_slides(request, deck, data):
    order = data.get("order")
    if not isinstance(order, list):
        raise BadRequest("The new order must be a list of slide ids.")
    version = domain.reorder_slides(deck, order=order, based_on=version_field(data), author=request.user)
    return JsonResponse({"version": version})


@require_POST
@json_endpoint
def preview(request, slug):
    """Render unsaved shorthand of one slide, as far as it goes, with its errors."""
    from .rendering import render_slide_text

    deck = get_deck_for_owner(request, slug)
    try:
        data = read_json(request)
        source, notes = text_field(data, "source", required=False), text_field(data, "notes", required=False)
    except BadRequest as error:
        raise BadRequest(f"A preview needs the slide's source and notes as JSON text: {error}") from None
    try:
        domain.check_slide(1, source, notes)
    except domain.LimitExceeded as error:
        raise BadRequest(str(error).replace("slide 1 has", "this slide has")) from None
    assets = {asset.name: asset for asset in deck.assets.defer("data")}
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


# Images --------------------------------------------------------------------


@deck_endpoint
def upload_images(request, deck, data):
    """Store one or more uploaded images; all are checked before any is stored.

    Each is stored under its file name, or, for a single file, under the
    `name` posted with it: that replaces an image whose name has a folder
    (`icons/a.svg`, as imported), which a browser's file name cannot carry.
    """
    files = request.FILES.getlist("images")
    if not files:
        raise domain.EditError("Choose one or more image files to upload.")
    if data.get("name") and len(files) > 1:
        raise domain.EditError("Give a name to one image at a time.")
    checked = []
    for upload in files:
        name = data.get("name") or upload.name.rsplit("/", 1)[-1]
        check_size(name, upload.size)
        checked.append(check_image(name, name, upload.read()))
    version = version_field(data)
    for image in checked:
        version, asset = domain.put_asset(
            deck,
            name=image.name,
            content_type=image.content_type,
            data=image.data,
            based_on=version,
            author=request.user,
        )
    return JsonResponse({"version": version, "names": [image.name for image in checked]})


@deck_endpoint
def rename_image(request, deck, data, asset_id):
    version = domain.rename_asset(
        deck, asset_id=asset_id, name=text_field(data, "name"), based_on=version_field(data), author=request.user
    )
    return JsonResponse({"version": version})


@deck_endpoint
def delete_image(request, deck, data, asset_id):
    version = domain.delete_asset(deck, asset_id=asset_id, based_on=version_field(data), author=request.user)
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
        new_version = domain.restore_revision(
            deck, revision=revision, based_on=request.POST.get("version"), author=request.user
        )
    except domain.StaleVersion as stale:
        messages.error(
            request,
            f"The deck changed while you looked at its history (now version {stale.deck.version}); "
            "nothing was restored. Check the list again and restore from here.",
        )
        return _history_page(request, stale.deck, status=409)
    except domain.EditError as error:
        messages.error(request, f"Version {revision.version} cannot be restored: {error}. Nothing was changed.")
        return _history_page(request, deck, status=400)
    lost = domain.lost_assets(deck, revision)
    note = f" Images deleted since then could not come back: {', '.join(lost)}." if lost else ""
    messages.success(request, f"Restored version {revision.version} as version {new_version}.{note}")
    return redirect("decks:edit", deck.slug)
