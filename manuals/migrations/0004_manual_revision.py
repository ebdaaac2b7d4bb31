from django.db import migrations, models


class Migration(migrations.Migration):
    """The manual's edition was stored in `version`, hiding the row version every vessel-owned row keeps."""

    dependencies = [
        ("manuals", "0003_section_position"),
    ]

    operations = [
        migrations.RenameField(model_name="manualdocument", old_name="version", new_name="revision"),
        migrations.AlterField(
            model_name="manualdocument",
            name="revision",
            field=models.CharField(blank=True, max_length=40, verbose_name="manual version"),
        ),
        migrations.AddField(
            model_name="manualdocument",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
    ]
