from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from . import domain
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


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "deck", "content_type", "size", "created"]
    list_select_related = ["deck"]
    exclude = ["data"]
    readonly_fields = ["checksum", "size"]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ["deck", "version", "author", "created", "summary", "landmark", "presented_at"]
    list_select_related = ["deck", "author"]
    readonly_fields = ["deck", "version", "author", "created", "text", "assets", "landmark", "presented_at"]
