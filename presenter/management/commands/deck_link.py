from django.core.management.base import BaseCommand, CommandError

from decks.models import Deck
from presenter.links import make_link, revoke_link
from presenter.models import DeckLink


class Command(BaseCommand):
    help = (
        "Make a role link to a deck (remote, co-presenter, projector, viewer) and print its URL and id, "
        "or revoke one with --revoke ID. The token is shown only here; only its hash is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", nargs="?")
        parser.add_argument("--role", choices=DeckLink.Role.values)
        parser.add_argument("--label", default="", help="who holds it, as the presenter view shows it")
        parser.add_argument("--hours", type=int, help="lifetime (default: until the end of the day after tomorrow)")
        parser.add_argument("--base-url", help="print a full URL on this site, e.g. https://talks.example.org")
        parser.add_argument("--revoke", type=int, metavar="ID", help="revoke the link with this id")

    def handle(self, *args, slug=None, role=None, label="", hours=None, base_url=None, revoke=None, **options):
        if revoke is not None:
            if slug or role:
                raise CommandError("--revoke takes only a link id.")
            link = DeckLink.objects.filter(pk=revoke).first()
            if link is None:
                raise CommandError(f"No link with the id {revoke}.")
            revoke_link(link)
            self.stdout.write(f"revoked: {link.pk}")
            return
        if not slug or not role:
            raise CommandError("Give a deck's slug and --role, or --revoke ID.")
        try:
            deck = Deck.objects.get(slug=slug)
        except Deck.DoesNotExist:
            raise CommandError(f"No deck with the slug {slug!r}.") from None
        try:
            made = make_link(deck, role=role, created_by=deck.owner, label=label, hours=hours)
        except ValueError as error:
            raise CommandError(str(error)) from None
        url = base_url.rstrip("/") + made.path if base_url else made.path
        self.stdout.write(f"url: {url}")
        self.stdout.write(f"id: {made.link.pk}")
        self.stdout.write(f"expires: {made.link.expires.isoformat()}")
