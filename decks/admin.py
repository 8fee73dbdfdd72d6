from django.contrib import admin

from .models import Asset, Deck, Revision, Slide


class SlideInline(admin.StackedInline):
    model = Slide
    extra = 0
    fields = ["position", "source", "notes"]


@admin.register(Deck)
class DeckAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "owner", "visibility", "version", "updated"]
    list_filter = ["visibility"]
    search_fields = ["title", "slug", "owner__username"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["version", "created", "updated"]
    inlines = [SlideInline]


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
    list_display = ["deck", "version", "author", "created", "summary"]
    list_select_related = ["deck", "author"]
    readonly_fields = ["deck", "version", "author", "created", "text", "assets"]
