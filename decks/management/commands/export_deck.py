import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from decks.exporting import FORMATS, export_deck
from decks.models import Deck


class Command(BaseCommand):
    help = "Export a deck as shorthand text, remark.js Markdown, JSON, or a zip of the text and its images."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--format", choices=FORMATS, default="text")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, slug, format, output=None, **options):
        try:
            deck = Deck.objects.get(slug=slug)
        except Deck.DoesNotExist:
            raise CommandError(f"No deck with the slug {slug!r}.") from None
        export = export_deck(deck, format)
        if output:
            Path(output).write_bytes(export.content)
            self.stderr.write(f"wrote {output} ({len(export.content)} bytes)")
        elif format == "zip" and self.stdout.isatty():
            raise CommandError("A zip is binary: pass -o FILE.zip")
        else:
            self.stdout.flush()
            out = getattr(self.stdout, "_out", sys.stdout)
            if hasattr(out, "buffer"):
                out.buffer.write(export.content)
                out.flush()
            else:
                out.write(export.content.decode("utf-8", "surrogateescape"))
