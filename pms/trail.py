"""A record's audit trail as its page shows it: its entries, and those of the rows that belong
to it (a work order's notes, parts-list lines and ledger rows), newest first, in words."""

from django.db.models import Q

from audit.display import TrailEntry, present
from audit.models import AuditEntry
from pms.actions.base import registry
from pms.related import attach_people

TRAIL_LENGTH = 50


def trail(records, *, user=None, known=(), limit: int = TRAIL_LENGTH) -> list[TrailEntry]:
    """The newest entries about `records` — (object type, ids) pairs — merged in time order."""
    condition = Q()
    for object_type, ids in records:
        if ids:
            condition |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    if not condition:
        return []
    entries = list(
        AuditEntry.objects.filter(condition).select_related("signature").order_by("-timestamp", "-id")[:limit]
    )
    vessels = [m.vessel for m in user.active_memberships()] if user is not None else []
    known = [*known, *vessels, *([user] if user is not None else [])]
    # Who did it: mostly people the page has already read (the record's, its rows', the user).
    attach_people((entries, ("actor",)), known=known)
    shown = present(entries, known=known)
    for line in shown:
        action = registry.get(line.entry.action_name) if line.entry.action_name else None
        if action is not None:
            line.action = action.label
    return shown


def trail_of(obj, *related, user=None, limit: int = TRAIL_LENGTH) -> list[TrailEntry]:
    """The trail of `obj` and of the rows of each list in `related` (already read, with their relations).

    The names the entries need are those of rows already in memory (the rows, what they were
    read with, the user and their vessels), so a bigger record costs no more queries.
    """
    records = [(obj._meta.label_lower, [obj.pk])]
    for rows in related:
        if rows:
            records.append((rows[0]._meta.label_lower, [row.pk for row in rows]))
    return trail(records, user=user, known=loaded(obj, *(row for rows in related for row in rows)), limit=limit)


def loaded(*rows) -> list:
    """The rows and the related rows each was read with (select_related), one level deep."""
    found = []
    for row in rows:
        found.append(row)
        found.extend(related for related in row._state.fields_cache.values() if related is not None)
    return found


# --- The trail as a file, with the verification of the vessel's chain ---------------------------

TRAIL_EXPORT_LENGTH = 10_000


def chain_verdict(vessel_id) -> str:
    """'verified (N entries)' or 'BROKEN at sequence S: reason', for the vessel's audit chain."""
    from audit.services import verify_chains

    checked, breaks = verify_chains(vessel_ids=[vessel_id])
    if not breaks:
        return f"verified ({checked} entries)"
    first = breaks[0]
    return f"BROKEN at sequence {first.sequence}: {first.reason}"


def trail_columns(verdict: str) -> list:
    from audit.services import entry_hash
    from pms.exports import Column

    def signature(line):
        sig = line.entry.signature
        if sig is None:
            return None
        return f"{sig.printed_name} ({sig.role}): {sig.meaning}, {sig.signed_at:%Y-%m-%dT%H:%M:%SZ}"

    return [
        Column("When (UTC)", "entry.timestamp"),
        Column("Who", "who"),
        Column("Operation", lambda line: line.entry.get_operation_display()),
        Column("Record kind", "kind"),
        Column("Record", "what"),
        Column("Action", "action"),
        Column("Changes", "summary"),
        Column("Signature", signature),
        Column("Sequence", "entry.sequence"),
        Column("Entry hash", "entry.entry_hash"),
        Column("Previous hash", "entry.previous_hash"),
        Column("Entry matches its hash", lambda line: entry_hash(line.entry) == line.entry.entry_hash),
        Column("Vessel chain", lambda line: verdict),
    ]
