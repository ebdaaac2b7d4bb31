"""Small helpers every module's `serializers.py` builds its one dict shape per model from."""


def iso(value):
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else value


def name_of(user) -> str | None:
    return user.printed_name if user else None


def values(obj, names) -> dict:
    """`id`, `vessel` (code) and plain fields by name; a foreign key `x` becomes `x_id`."""
    out = {"id": str(obj.pk), "vessel": obj.vessel.code}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            raw = getattr(obj, model_field.attname)
            out[f"{name}_id"] = str(raw) if raw is not None else None
        else:
            out[name] = iso(getattr(obj, name))
    return out
