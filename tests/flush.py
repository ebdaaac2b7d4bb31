"""Between transactional tests Django empties every table with TRUNCATE. The audit tables
refuse TRUNCATE (a trigger, audit/migrations/0004); the test harness, as the tables' owner,
lifts those two triggers around its own flush and puts them back in the same transaction.
"""

from django.db.backends.postgresql.operations import DatabaseOperations

NO_TRUNCATE_TRIGGERS = [
    ("audit_auditentry", "audit_entry_no_truncate"),
    ("audit_signature", "audit_signature_no_truncate"),
]


def allow_test_flush() -> None:
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        off = [f"ALTER TABLE {table} DISABLE TRIGGER {name}" for table, name in NO_TRUNCATE_TRIGGERS]
        on = [f"ALTER TABLE {table} ENABLE TRIGGER {name}" for table, name in NO_TRUNCATE_TRIGGERS]
        original(self, [*off, *sql_list, *on])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
