from django.apps import AppConfig
from django.db.models.signals import post_save


class PresenterConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'presenter'

    def ready(self):
        from decks.models import Deck

        from .signals import announce_private_deck

        post_save.connect(announce_private_deck, sender=Deck, dispatch_uid="presenter.announce_private_deck")
