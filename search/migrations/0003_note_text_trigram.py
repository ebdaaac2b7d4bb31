"""PostgreSQL: a trigram index on work order notes, which search matches by substring.

Without it a search read every note of the vessel (50,000 on a fleet vessel, 43 ms for a word
no note holds). SQLite has none and needs none.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS workorders_workordernote_note_text_trgm "
    "ON workorders_workordernote USING gin ((UPPER(note_text::text)) gin_trgm_ops)"
)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS workorders_workordernote_note_text_trgm", params=None)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_section_search_document")]
    operations = [migrations.RunPython(forwards, backwards)]
