from django.apps import AppConfig
from django.core.signals import setting_changed


class DecksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "decks"

    def ready(self):
        render_slide_limit_from_settings()
        setting_changed.connect(_slide_limit_changed)


def render_slide_limit_from_settings():
    """The renderer shows every slide as large as SLIDE_MAX_CHARACTERS, the limit every write checks."""
    from django.conf import settings

    from .shorthand.parse import LIMITS

    LIMITS.slide_characters = settings.SLIDE_MAX_CHARACTERS


def _slide_limit_changed(setting, **kwargs):
    if setting == "SLIDE_MAX_CHARACTERS":
        render_slide_limit_from_settings()
