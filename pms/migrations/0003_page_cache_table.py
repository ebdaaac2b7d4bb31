"""The table of the kept pages (settings.CACHES["pages"], a DatabaseCache; pms/pagecache.py)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable makes the table of every database cache in the settings, skipping those that exist.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("pms", "0002_upload")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=True)]
