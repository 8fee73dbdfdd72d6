from django.db import migrations, models
from django.db.models import Min

# What each kind of change wrote as its summary before revisions had landmarks.
SUMMARY_PREFIXES = [
    ("Imported from ", "imported"),
    ("Restored version ", "restored"),
    ("Deleted slide ", "deleted-slide"),
    ("Reordered slides", "reordered"),
]


def mark_existing_landmarks(apps, schema_editor):
    """Name the revisions recorded before this field, so that thinning keeps them too."""
    Revision = apps.get_model("decks", "Revision")
    for prefix, landmark in SUMMARY_PREFIXES:
        Revision.objects.filter(summary__startswith=prefix).update(landmark=landmark)
    firsts = Revision.objects.values("deck_id").annotate(first=Min("version"))
    for row in firsts.iterator():
        Revision.objects.filter(deck_id=row["deck_id"], version=row["first"], landmark="").update(landmark="first")


class Migration(migrations.Migration):
    dependencies = [
        ("decks", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="landmark",
            field=models.CharField(
                blank=True,
                choices=[
                    ("first", "the deck's first version"),
                    ("imported", "imported"),
                    ("restored", "a restore"),
                    ("deleted-slide", "a deleted slide"),
                    ("reordered", "a reorder"),
                ],
                default="",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="presented_at",
            field=models.DateTimeField(blank=True, help_text="When the talk went live at this version.", null=True),
        ),
        migrations.RunPython(mark_existing_landmarks, migrations.RunPython.noop),
    ]
