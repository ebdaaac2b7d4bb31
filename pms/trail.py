"""A record's audit trail as its page shows it: its entries, and those of the rows that belong
to it (a work order's notes, parts-list lines and ledger rows), newest first, in words."""

from django.db.models import Q

from audit.display import TrailEntry, present
from audit.models import AuditEntry
from pms.actions.base import registry

TRAIL_LENGTH = 50


def trail(records, *, user=None, known=(), limit: int = TRAIL_LENGTH) -> list[TrailEntry]:
    """The newest entries about `records` — (object type, ids) pairs — merged in time order."""
    condition = Q()
    for object_type, ids in records:
        if ids:
            condition |= Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    if not condition:
        return []
    entries = (
        AuditEntry.objects.filter(condition).select_related("actor", "signature").order_by("-timestamp", "-id")[:limit]
    )
    vessels = [m.vessel for m in user.active_memberships()] if user is not None else []
    shown = present(entries, known=[*known, *vessels, *([user] if user is not None else [])])
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
