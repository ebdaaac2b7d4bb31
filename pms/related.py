"""The people rows name, set on rows already read instead of joining the user table to every
query: every join costs PostgreSQL planning on every read, and a page names the same few people
many times."""

from django.contrib.auth import get_user_model


def attach_people(*groups, known=()) -> None:
    """`groups`: (rows, names of their foreign keys to users). The users they point at are taken
    from `known` rows where there (the page's user, people already read), the others read, across
    every group, in one query (none when all are known), and set on the rows."""
    user_model = get_user_model()
    fields = [(rows, [rows[0]._meta.get_field(name) for name in names]) for rows, names in groups if rows]
    users = {obj.pk: obj for obj in known if obj is not None and obj._meta.concrete_model is user_model}
    ids = {getattr(row, field.attname) for rows, named in fields for row in rows for field in named}
    missing = ids - {None} - users.keys()
    if missing:
        users.update(user_model.objects.in_bulk(missing))
    for rows, named in fields:
        for row in rows:
            for field in named:
                field.set_cached_value(row, users.get(getattr(row, field.attname)))
