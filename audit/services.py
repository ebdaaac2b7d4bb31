"""Writing and verifying the audit log.

Entries form one hash chain per vessel (plus one for fleet-wide rows such as users):
each entry's hash covers the previous entry's hash and its own canonical content, so an
edited or removed entry breaks the chain at that point.
"""

import contextlib
import datetime
import decimal
import hashlib
import json
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction

from audit import context
from audit.models import AuditChainHead, AuditEntry

MASKED = "••••••"


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default)


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_jsonable(value):
    """A field value as it is stored in `changes`."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | dict):
        return json.loads(canonical_json(value))
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    return _json_default(value)


def entry_hash(entry: AuditEntry) -> str:
    content = {
        "vessel": str(entry.vessel_id) if entry.vessel_id else None,
        "sequence": entry.sequence,
        "timestamp": entry.timestamp.astimezone(datetime.UTC).isoformat(),
        "actor": str(entry.actor_id) if entry.actor_id else None,
        "actor_label": entry.actor_label,
        "action_name": entry.action_name,
        "request_id": entry.request_id,
        "signature": str(entry.signature_id) if entry.signature_id else None,
        "operation": entry.operation,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "changes": entry.changes,
        "previous_hash": entry.previous_hash,
    }
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def object_type_of(instance_or_model) -> str:
    return instance_or_model._meta.label_lower


# Inside `batched_entries`: the entries written so far, by (vessel, audit context), in order.
_batch: ContextVar[dict | None] = ContextVar("audit_batch", default=None)


@contextlib.contextmanager
def batched_entries():
    """Entries written in the block are appended when it ends, each chain's head locked once and its
    entries inserted together: the same entries, in the same order, as one at a time, in a few queries
    instead of a handful each. For code writing many rows in one transaction (a plan's import); the
    block must not read the log it writes. Nothing is written if the block raises (its transaction
    is rolled back anyway). Nested blocks append at the end of the outermost one."""
    if _batch.get() is not None:
        yield
        return
    pending: dict = {}
    token = _batch.set(pending)
    try:
        yield
    finally:
        _batch.reset(token)
    for (vessel_id, ctx), items in pending.items():
        write_entries(vessel_id=vessel_id, items=items, ctx=ctx)


def write_entry(*, vessel_id, operation: str, object_type: str, object_id, object_repr: str, changes: dict):
    """Append one entry to the vessel's chain, attributed from the current audit context
    (inside `batched_entries`: when the block ends; None is returned then)."""
    item = (operation, object_type, object_id, object_repr, changes)
    pending = _batch.get()
    if pending is not None:
        pending.setdefault((vessel_id, context.current()), []).append(item)
        return None
    (entry,) = write_entries(vessel_id=vessel_id, items=[item])
    return entry


def write_entries(*, vessel_id, items, ctx=None) -> list[AuditEntry]:
    """Append entries to the vessel's chain in order, under one lock of its head and in one insert.

    `items` are (operation, object_type, object_id, object_repr, changes). The entries are the
    ones `write_entry` would write one at a time: same sequence, same hashes.
    """
    ctx = ctx or context.current()
    entries = []
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(vessel_id=vessel_id)
        sequence, previous = head.length, head.last_hash
        for operation, object_type, object_id, object_repr, changes in items:
            sequence += 1
            entry = AuditEntry(
                vessel_id=vessel_id,
                sequence=sequence,
                actor=ctx.actor,
                actor_label=ctx.actor_label[:150],
                action_name=ctx.action_name,
                request_id=ctx.request_id,
                signature=ctx.signature,
                operation=operation,
                object_type=object_type,
                object_id=str(object_id),
                object_repr=str(object_repr)[:200],
                changes=json.loads(canonical_json(changes)),
                previous_hash=previous,
            )
            entry.entry_hash = previous = entry_hash(entry)
            entries.append(entry)
        if not entries:
            return entries
        if len(entries) == 1:
            entries[0].save(force_insert=True)
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=1000)
        head.length, head.last_hash = sequence, previous
        head.save(update_fields=["length", "last_hash"])
    for entry in entries:
        context.note_entry(entry.id)
    return entries


@dataclass(frozen=True)
class ChainBreak:
    vessel_id: object
    entry_id: int
    sequence: int
    reason: str


def verify_chains(*, chunk_size: int = 2000, vessel_ids=None) -> tuple[int, list[ChainBreak]]:
    """Walk every chain (or only those of `vessel_ids`); return the number of entries checked
    and the first break of each.

    A chain is every vessel with entries or a head: a head that says more entries than
    remain (or any, when none remain) is a break, so removing a whole chain is noticed.
    """
    checked = 0
    breaks = []
    logged, heads = AuditEntry.objects.order_by(), AuditChainHead.objects.all()
    if vessel_ids is not None:
        logged, heads = logged.filter(vessel_id__in=vessel_ids), heads.filter(vessel_id__in=vessel_ids)
    with_entries = set(logged.values_list("vessel_id", flat=True).distinct())
    with_heads = set(heads.values_list("vessel_id", flat=True))
    for vessel_id in sorted(with_entries | with_heads, key=lambda v: (v is not None, str(v))):
        previous_hash, expected_sequence = "", 1
        entries = AuditEntry.objects.filter(vessel_id=vessel_id).order_by("sequence")
        for entry in entries.iterator(chunk_size=chunk_size):
            checked += 1
            reason = None
            if entry.sequence != expected_sequence:
                reason = f"expected sequence {expected_sequence}, found {entry.sequence} (entry missing)"
            elif entry.previous_hash != previous_hash:
                reason = "previous_hash does not match the entry before it"
            elif entry_hash(entry) != entry.entry_hash:
                reason = "content does not match its hash (entry altered)"
            if reason:
                breaks.append(ChainBreak(vessel_id, entry.id, entry.sequence, reason))
                break
            previous_hash, expected_sequence = entry.entry_hash, entry.sequence + 1
        else:
            head = AuditChainHead.objects.filter(vessel_id=vessel_id).first()
            length = expected_sequence - 1
            if head is None:
                breaks.append(ChainBreak(vessel_id, 0, length, f"chain has {length} entries but no head"))
            elif head.length != length or head.last_hash != previous_hash:
                remain = f"{length} remain" if length else "none remain"
                reason = f"head says {head.length} entries ending {head.last_hash[:12] or '-'}, {remain}"
                breaks.append(ChainBreak(vessel_id, 0, head.length, reason + " (entries removed)"))
    return checked, breaks


def chain_heads() -> list[dict]:
    """Each chain's length and last hash, to keep elsewhere and compare later (`verify_audit --against`)."""
    from pms.models import Vessel

    codes = dict(Vessel.objects.values_list("id", "code"))
    heads = AuditChainHead.objects.order_by("vessel_id")
    return [
        {
            "chain": codes.get(head.vessel_id, "fleet"),
            "vessel_id": str(head.vessel_id) if head.vessel_id else None,
            "length": head.length,
            "last_hash": head.last_hash,
        }
        for head in heads
    ]


def rollbacks_since(saved: list[dict]) -> list[str]:
    """How the chains went back since `saved` (chain_heads() of earlier): a chain gone or now
    shorter, or whose entry at the saved length no longer has the saved hash."""
    problems = []
    for head in saved:
        chain, length = head["chain"], head["length"]
        if not length:
            continue
        current = AuditChainHead.objects.filter(vessel_id=head["vessel_id"]).first()
        if current is None:
            problems.append(f"chain {chain}: gone, was {length} entries")
            continue
        if current.length < length:
            problems.append(f"chain {chain}: {current.length} entries, was {length} (rolled back)")
            continue
        entry = AuditEntry.objects.filter(vessel_id=head["vessel_id"], sequence=length).first()
        if entry is None or entry.entry_hash != head["last_hash"]:
            problems.append(f"chain {chain}: entry {length} no longer has the saved hash (history rewritten)")
    return problems
