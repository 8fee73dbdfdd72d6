from django.db import migrations, models


def make_display_copies(apps, schema_editor):
    """Images stored before display copies existed get theirs (decks.images.display_copy)."""
    from decks.images import RASTER_TYPES, display_copy

    Asset = apps.get_model("decks", "Asset")
    rasters = Asset.objects.filter(content_type__in=RASTER_TYPES.values()).values_list("pk", flat=True)
    for pk in list(rasters):
        data, content_type = Asset.objects.values_list("data", "content_type").get(pk=pk)
        copy = display_copy(bytes(data), content_type)
        if copy is not None:
            Asset.objects.filter(pk=pk).update(display_data=copy)


class Migration(migrations.Migration):

    dependencies = [
        ("decks", "0004_deck_look"),
    ]

    operations = [
        migrations.AddField(
            model_name="asset",
            name="display_data",
            field=models.BinaryField(blank=True, null=True),
        ),
        migrations.RunPython(make_display_copies, migrations.RunPython.noop),
    ]
