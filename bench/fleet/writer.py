"""Bulk rows for `seed_fleet`: COPY on PostgreSQL (batched `executemany` on SQLite), audited in bulk.

Every row of an audited model gets its `create` entry, appended to its vessel's hash chain
exactly as `audit.services.write_entry` would (same `entry_hash`, sequence continued from
the chain head, head moved to the end), attributed to `system:seed_fleet`.
"""

import uuid
from dataclasses import dataclass

from django.db import DatabaseError, connection, transaction

from audit.models import AuditChainHead, AuditEntry
from audit.services import entry_hash, to_jsonable
from audit.signals import IGNORED_FIELDS

ACTOR_LABEL = "system:seed_fleet"


@dataclass(slots=True)
class _ChainEntry:
    """The attributes `audit.services.entry_hash` reads, without building a model instance."""

    vessel_id: uuid.UUID
    sequence: int
    timestamp: object
    actor_id: None
    actor_label: str
    action_name: str
    request_id: str
    signature_id: None
    operation: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    previous_hash: str


AUDIT_COLUMNS = [
    "vessel_id",
    "sequence",
    "timestamp",
    "actor_id",
    "actor_label",
    "action_name",
    "request_id",
    "signature_id",
    "operation",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "previous_hash",
    "entry_hash",
]


class Writer:
    """Appends rows to tables (COPY on PostgreSQL) and their `create` entries to the vessel's audit chain."""

    def __init__(self, vessel):
        self.vessel_id = vessel.pk
        self.head = AuditChainHead.objects.select_for_update().get_or_create(vessel=vessel)[0]
        self.sequence, self.last_hash = self.head.length, self.head.last_hash
        self.counts: dict[str, int] = {}

    def insert(self, model, columns, rows, *, describe=None):
        """Write `rows` (tuples in `columns` order); with `describe(row) -> repr`, audit each as created."""
        rows = list(rows)
        write_rows(model, columns, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        if describe is not None:
            write_rows(AuditEntry, AUDIT_COLUMNS, self._entries(model, columns, rows, describe))
            self.counts["audit.AuditEntry"] = self.counts.get("audit.AuditEntry", 0) + len(rows)

    def _entries(self, model, columns, rows, describe):
        audited = [(i, c) for i, c in enumerate(columns) if c not in IGNORED_FIELDS and c != "id"]
        at = columns.index("created_at")
        object_type = model._meta.label_lower
        for row in rows:
            self.sequence += 1
            entry = _ChainEntry(
                vessel_id=self.vessel_id,
                sequence=self.sequence,
                timestamp=row[at],
                actor_id=None,
                actor_label=ACTOR_LABEL,
                action_name="",
                request_id="",
                signature_id=None,
                operation="create",
                object_type=object_type,
                object_id=str(row[0]),
                object_repr=describe(row)[:200],
                changes={c: [None, to_jsonable(row[i])] for i, c in audited if row[i] not in (None, "")},
                previous_hash=self.last_hash,
            )
            self.last_hash = entry_hash(entry)
            yield (
                entry.vessel_id,
                entry.sequence,
                entry.timestamp,
                None,
                ACTOR_LABEL,
                "",
                "",
                None,
                "create",
                object_type,
                entry.object_id,
                entry.object_repr,
                entry.changes,
                entry.previous_hash,
                self.last_hash,
            )

    def close(self):
        self.head.length, self.head.last_hash = self.sequence, self.last_hash
        self.head.save(update_fields=["length", "last_hash"])


def write_rows(model, columns, rows):
    """Insert `rows` into the model's table without the ORM or its signals."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([Jsonb(v) if isinstance(v, dict) else v for v in row])
            return
        fields = [model._meta.get_field(c) for c in columns]
        placeholders = ", ".join(["%s"] * len(columns))
        batch = []
        for row in rows:
            batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)])
            if len(batch) >= 5000:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)


OWNED = ["id", "vessel_id", "created_at", "updated_at", "version"]


def owned(row_id, vessel_id, created_at):
    """The VesselOwned columns: id, vessel_id, created_at, updated_at, version."""
    return (row_id, vessel_id, created_at, created_at, 1)


def skip_foreign_key_triggers():
    """On PostgreSQL (as a superuser) leave out the per-row foreign-key triggers for this transaction.

    Every generated reference points at a row generated before it, so the checks would only
    cost time: queued as deferred triggers they made COMMIT of one vessel take minutes.
    Without the privilege the checks simply run.
    """
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass
