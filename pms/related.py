"""Related rows set on rows already read, instead of joining their tables to every query: every
join costs PostgreSQL planning on every read, and a page names the same few people many times."""

from django.contrib.auth import get_user_model


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


def attach_people(*groups) -> None:
    """`groups`: (rows, names of their foreign keys to users). The users they point at, across
    every group, are read in one query and set on the rows."""
    fields = [(rows, [rows[0]._meta.get_field(name) for name in names]) for rows, names in groups if rows]
    ids = {getattr(row, field.attname) for rows, named in fields for row in rows for field in named} - {None}
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    for rows, named in fields:
        for row in rows:
            for field in named:
                field.set_cached_value(row, users.get(getattr(row, field.attname)))
