from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from decks.importing import DeckImportError, import_deck, page_paths, read_deck_path


class Command(BaseCommand):
    help = (
        "Import a deck written in the slide shorthand: a text file, a folder holding one and an images/ folder, "
        "or a .zip of such a folder. All or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="myslides.txt, a deck folder, or a .zip of one")
        parser.add_argument("--owner", help="username of the deck's owner (default: the first superuser)")
        parser.add_argument("--slug", help="the deck's slug (default: from the file or folder name)")
        parser.add_argument("--replace", action="store_true", help="replace an existing deck with the same slug")

    def handle(self, *args, path, owner=None, slug=None, replace=False, **options):
        owner = self.find_owner(owner)
        try:
            imported = import_deck(read_deck_path(path), owner, slug=slug, replace=replace)
        except DeckImportError as error:
            raise CommandError(str(error)) from None
        deck = imported.deck
        self.stdout.write(deck.slug)
        for page, address in page_paths(deck.slug).items():
            self.stdout.write(f"{page}: {address}")
        slides = deck.slides.count()
        self.stdout.write(f"{slides} slides, {deck.assets.images().count()} images, owner {owner.get_username()}")
        if imported.missing_assets:
            self.stdout.write(self.style.WARNING(f"missing images: {', '.join(imported.missing_assets)}"))
        if imported.warnings:
            self.stdout.write(self.style.WARNING(f"{len(imported.warnings)} warning(s), imported anyway:"))
            for warning in imported.warnings:
                self.stdout.write(self.style.WARNING(f"  {warning}"))

    def find_owner(self, username):
        users = get_user_model().objects
        if username:
            try:
                return users.get_by_natural_key(username)
            except users.model.DoesNotExist:
                raise CommandError(f"No user named {username!r}; pass an existing username with --owner.") from None
        owner = users.filter(is_superuser=True).order_by("pk").first()
        if owner is None:
            raise CommandError(
                "No superuser to own the deck: create one (manage.py createsuperuser) or pass --owner USERNAME."
            )
        return owner
