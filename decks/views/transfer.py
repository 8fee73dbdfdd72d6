"""Import a deck by upload, and download a deck in any export format.

Exports are for the deck's owner only: every format carries the speaker
notes, which the projector and follow pages never show to the audience.
Others get 404 for a private deck and 403 for an unlisted or public one.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from talks_site.http import log_refusal
from talks_site.request_bodies import UPLOADS, body_limit

from ..access import get_deck_for_owner
from ..exporting import FORMATS, export_deck
from ..importing import DeckImportError, import_deck, page_paths, read_deck_upload


class DeckUploadForm(forms.Form):
    file = forms.FileField(
        label="Deck file",
        help_text="A shorthand .txt file, or a .zip of a folder holding myslides.txt and an images/ folder.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.zip,text/plain,application/zip"}),
    )


@body_limit(UPLOADS)
@login_required
def import_upload(request):
    form = DeckUploadForm(request.POST, request.FILES) if request.method == "POST" else DeckUploadForm()
    if form.is_bound:
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                source = read_deck_upload(upload)
                imported = import_deck(source, request.user, unique_slug=True)
            except DeckImportError as error:
                log_refusal(request, 400, str(error))
                form.add_error("file", str(error))
            else:
                deck = imported.deck
                message = f"Imported “{deck.title}”: {deck.slides.count()} slides, {deck.assets.images().count()} images."
                if imported.missing_assets:
                    message += f" Missing images: {', '.join(imported.missing_assets)}."
                messages.success(request, message)
                for warning in imported.warnings:
                    messages.warning(request, f"Imported anyway: {warning}")
                return redirect(page_paths(deck.slug)["edit"])
        return render(request, "decks/import.html", {"form": form}, status=400)
    return render(request, "decks/import.html", {"form": form})


@require_GET
def export_download(request, slug, format):
    if format not in FORMATS:
        raise Http404("No such export format.")
    deck = get_deck_for_owner(request, slug)
    export = export_deck(deck, format)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    response["Cache-Control"] = "private, no-cache"
    return response
