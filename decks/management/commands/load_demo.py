from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from decks.importing import import_deck, page_paths, read_deck_path
from decks.models import Deck

DEMO_FOLDER = Path(__file__).resolve().parents[2] / "demo"
DEMO_SLUG = "welcome"
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "speak-up-2026"


class Command(BaseCommand):
    help = "Creates the demo speaker and loads the demo deck (for local development; safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="Where the app is served, for the links printed.")

    def handle(self, *args, **options):
        base_url = options["base_url"].rstrip("/")
        with transaction.atomic():
            speaker, _ = get_user_model().objects.get_or_create(
                username=DEMO_USERNAME, defaults={"email": "demo@example.com", "is_staff": True, "is_superuser": True}
            )
            speaker.set_password(DEMO_PASSWORD)
            speaker.save()
            if not Deck.objects.filter(slug=DEMO_SLUG).exists():
                imported = import_deck(read_deck_path(DEMO_FOLDER), speaker, slug=DEMO_SLUG)
                imported.deck.visibility = Deck.Visibility.PUBLIC
                imported.deck.save(update_fields=["visibility"])

        self.stdout.write(self.style.SUCCESS(f"Demo loaded. Open {base_url}/ and log in:"))
        self.stdout.write(f"  username: {DEMO_USERNAME}")
        self.stdout.write(f"  password: {DEMO_PASSWORD}")
        for page, path in page_paths(DEMO_SLUG).items():
            self.stdout.write(f"  {page}: {base_url}{path}")
