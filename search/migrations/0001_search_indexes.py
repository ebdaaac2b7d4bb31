"""PostgreSQL indexes for search: trigram GIN indexes for substring matches on identifiers and
names (Django's icontains compares UPPER(col::text), so the indexes use that expression), and a
full-text GIN index on manual sections. SQLite has none of these and needs none."""

from django.db import migrations

TRIGRAM = [
    ("equipment_equipment", ["code", "name", "serial_number", "manufacturer", "model"]),
    ("equipment_fault", ["fault_code", "title"]),
    ("workorders_workorder", ["number", "title"]),
    ("inventory_part", ["part_number", "name", "manufacturer"]),
    ("manuals_manualfaultcode", ["code"]),
]
SECTION_DOCUMENT = "to_tsvector('english', coalesce(title, '') || ' ' || coalesce(text, ''))"


def statements():
    yield "CREATE EXTENSION IF NOT EXISTS pg_trgm"
    for table, columns in TRIGRAM:
        for column in columns:
            yield (
                f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm "
                f"ON {table} USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )
    yield f"CREATE INDEX IF NOT EXISTS manuals_manualsection_fts ON manuals_manualsection USING gin (({SECTION_DOCUMENT}))"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in statements():
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table, columns in TRIGRAM:
            for column in columns:
                schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_trgm", params=None)
        schema_editor.execute("DROP INDEX IF EXISTS manuals_manualsection_fts", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("equipment", "0001_initial"),
        ("workorders", "0001_initial"),
        ("inventory", "0001_initial"),
        ("manuals", "0001_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
