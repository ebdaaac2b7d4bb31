"""PostgreSQL: the full-text document of a manual section stored in a generated column.

Ranking read `to_tsvector(title || text)` again for every matching section; with 100,000
sections a common word matches thousands per vessel and ranking alone took ~60 ms. The
stored column is computed once per write, and the GIN index (same name) moves onto it,
with the vessel as its first column so a search reads only its own vessel's matches. The column is
not a model field (SQLite has no tsvector); search.services reads it by name.
"""

from django.db import migrations

EXPRESSION = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE manuals_manualsection ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({EXPRESSION}) STORED",
            params=None,
        )
        schema_editor.execute("DROP INDEX IF EXISTS manuals_manualsection_fts", params=None)
        # btree_gin puts the vessel into the same GIN index: only the vessel's matches are read.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin", params=None)
        schema_editor.execute(
            "CREATE INDEX manuals_manualsection_fts ON manuals_manualsection USING gin (vessel_id, search_document)",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS manuals_manualsection_fts", params=None)
        schema_editor.execute("ALTER TABLE manuals_manualsection DROP COLUMN search_document", params=None)
        schema_editor.execute(
            f"CREATE INDEX manuals_manualsection_fts ON manuals_manualsection USING gin (({EXPRESSION}))", params=None
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
