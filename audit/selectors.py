from audit.models import AuditEntry


def audit_trail(obj, *, limit: int = 50):
    """The newest changes of one record, with their signatures."""
    return (
        AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
        .select_related("signature")
        .order_by("-id")[:limit]
    )
