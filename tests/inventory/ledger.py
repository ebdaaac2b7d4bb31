"""Reads of a part and its stock ledger, fresh from the database."""

from inventory.models import Part


def fresh(part) -> Part:
    return Part.objects.get(pk=part.pk)


def ledger_sum(part) -> int:
    return sum(part.movements.values_list("quantity", flat=True))
