"""Related rows set on rows already read, instead of joining their tables to every query."""


def attach(rows, name: str, *, known=()) -> None:
    """Set the object each of `rows` points at through its foreign key `name`: taken from `known`
    rows of that model where there, the others read in one query (none when all are known)."""
    if not rows:
        return
    field = rows[0]._meta.get_field(name)
    model = field.related_model._meta.concrete_model
    found = {obj.pk: obj for obj in known if obj is not None and obj._meta.concrete_model is model}
    missing = {getattr(row, field.attname) for row in rows} - {None} - found.keys()
    if missing:
        found.update(model._base_manager.in_bulk(missing))
    for row in rows:
        field.set_cached_value(row, found.get(getattr(row, field.attname)))
