from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from . import domain, fonts, images
from .models import Asset, Deck, Revision, Slide


class SlideFormSet(BaseInlineFormSet):
    def clean(self):
        """The deck's limits, as for every other change, before anything is saved."""
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda data: data.get("position") or 0)
        try:
            domain.check_limits([(data.get("source", ""), data.get("notes", "")) for data in kept])
        except domain.LimitExceeded as error:
            raise ValidationError(f"The deck cannot be saved: {error}.") from None


class SlideInline(admin.StackedInline):
    model = Slide
    formset = SlideFormSet
    extra = 0
    fields = ["position", "source", "notes"]


class DeckAdminForm(forms.ModelForm):
    def clean_stylesheet(self):
        """The look's limits, as for every other change, before anything is saved."""
        stylesheet = self.cleaned_data.get("stylesheet", "")
        try:
            domain.check_look(stylesheet)
        except domain.LimitExceeded as error:
            raise ValidationError(f"The stylesheet cannot be saved: {error}.") from None
        return stylesheet


@admin.register(Deck)
class DeckAdmin(admin.ModelAdmin):
    form = DeckAdminForm
    list_display = ["title", "slug", "owner", "visibility", "version", "updated"]
    list_filter = ["visibility"]
    search_fields = ["title", "slug", "owner__username"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["version", "created", "updated"]
    inlines = [SlideInline]

    def save_related(self, request, form, formsets, change):
        """A change here is a new version with its revision, so an open editor sees it and loses nothing."""
        super().save_related(request, form, formsets, change)
        if change:
            domain.record_outside_change(form.instance, author=request.user, summary="Changed in the admin")


@admin.register(Slide)
class SlideAdmin(admin.ModelAdmin):
    list_display = ["deck", "position"]
    list_select_related = ["deck"]
    search_fields = ["deck__slug", "source", "notes"]


class AssetAdminForm(forms.ModelForm):
    """An image or a font, checked by its bytes as the editor and the importer check them."""

    file = forms.FileField(required=False, help_text="An image (PNG, JPEG, GIF, WebP, SVG) or a font (.ttf, .otf, .woff, .woff2)")

    class Meta:
        model = Asset
        fields = ["deck", "name", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = False
        self.fields["name"].help_text = "Leave empty to use the uploaded file's name"

    def clean(self):
        cleaned = super().clean()
        deck = self.instance.deck if self.instance.pk else cleaned.get("deck")
        upload = cleaned.get("file")
        name = (cleaned.get("name") or (upload.name.rsplit("/", 1)[-1] if upload else "")).strip()
        if deck is None:
            return cleaned
        if upload is None and self.instance.pk is None:
            raise ValidationError("Choose the image or font file to store.")
        self.checked = None
        try:
            if upload is not None:
                self.checked = self._checked(name, upload)
                name = self.checked.name
            elif fonts.is_font_name(name) != self.instance.is_font:
                kind = "a font" if self.instance.is_font else "an image"
                raise ValidationError(f"{name}: this is {kind}; keep {kind} name, or upload a new file")
            else:
                name = fonts.check_name(name) if self.instance.is_font else images.check_name(name)
            if deck.assets.filter(name=name).exclude(pk=self.instance.pk).exists():
                raise ValidationError(f"The deck already has a file called {name}.")
            if fonts.is_font_name(name):
                others = deck.assets.fonts().exclude(pk=self.instance.pk).exclude(name=name).count()
                fonts.check_count(others + 1)
        except (fonts.FontRefused, images.ImageRefused) as refused:
            raise ValidationError(f"The file cannot be stored: {refused}.") from None
        cleaned["name"] = self.instance.name = name
        return cleaned

    @staticmethod
    def _checked(name, upload):
        if fonts.is_font_name(name):
            fonts.check_size(name, upload.size)
            return fonts.check_font(name, name, upload.read())
        images.check_size(name, upload.size)
        return images.check_image(name, name, upload.read())

    def save(self, commit=True):
        asset = super().save(commit=False)
        if self.checked is not None:
            asset.content_type = self.checked.content_type
            asset.set_data(self.checked.data)
        if commit:
            asset.save()
        return asset


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    """Images and fonts. A change here is a new version of its deck with its revision, as in the editor."""

    form = AssetAdminForm
    list_display = ["name", "deck", "content_type", "size", "created"]
    list_select_related = ["deck"]
    readonly_fields = ["content_type", "checksum", "size"]

    def get_readonly_fields(self, request, obj=None):
        # A file stays with its deck: moving it would change two decks' looks unrecorded.
        return [*self.readonly_fields, "deck"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        what = "font" if obj.is_font else "image"
        summary = f"{'Changed' if change else 'Added'} {what} {obj.name} in the admin"
        domain.record_outside_change(obj.deck, author=request.user, summary=summary)

    def delete_model(self, request, obj):
        deck, what = obj.deck, "font" if obj.is_font else "image"
        super().delete_model(request, obj)
        domain.record_outside_change(deck, author=request.user, summary=f"Deleted {what} {obj.name} in the admin")

    def delete_queryset(self, request, queryset):
        decks = {asset.deck for asset in queryset.select_related("deck").defer("data", "display_data")}
        super().delete_queryset(request, queryset)
        for deck in decks:
            domain.record_outside_change(deck, author=request.user, summary="Deleted files in the admin")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["deck", "version", "author", "created", "summary", "landmark", "presented_at"]
    list_select_related = ["deck", "author"]
    readonly_fields = ["deck", "version", "author", "created", "text", "assets", "landmark", "presented_at"]
