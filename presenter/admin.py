from django.contrib import admin

from .models import PresentationState


@admin.register(PresentationState)
class PresentationStateAdmin(admin.ModelAdmin):
    list_display = ["deck", "slide", "step", "blackout", "started_at", "ended_at", "updated"]
    list_select_related = ["deck"]
