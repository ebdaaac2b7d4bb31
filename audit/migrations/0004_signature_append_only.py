"""On PostgreSQL signatures are append-only like the audit log, and neither table can be truncated."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_signature_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_signature is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_signature_append_only
    BEFORE UPDATE OR DELETE ON audit_signature
    FOR EACH ROW EXECUTE FUNCTION audit_signature_append_only();
CREATE TRIGGER audit_signature_no_truncate
    BEFORE TRUNCATE ON audit_signature
    FOR EACH STATEMENT EXECUTE FUNCTION audit_signature_append_only();
CREATE TRIGGER audit_entry_no_truncate
    BEFORE TRUNCATE ON audit_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_signature_no_truncate ON audit_signature;
DROP TRIGGER IF EXISTS audit_signature_append_only ON audit_signature;
DROP FUNCTION IF EXISTS audit_signature_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only")]
    operations = [migrations.RunPython(forwards, backwards)]
