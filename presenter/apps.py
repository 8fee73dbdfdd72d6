from django.apps import AppConfig


class PresenterConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'presenter'
