"""Startup check: every model of the project declares whether its changes are logged.

A model says `audited = True`, or `audit_exempt = "<why>"` for derived rows (an index,
a number sequence, a replay record) and the log itself. Anything else is refused, so a
new operational model cannot be added without an audit trail by accident.
"""

from django.core import checks


@checks.register()
def check_models_declare_audit(app_configs=None, **kwargs):
    from audit.apps import project_models

    errors = []
    for model in project_models():
        audited = getattr(model, "audited", False)
        exempt = getattr(model, "audit_exempt", "")
        if not audited and not exempt:
            errors.append(
                checks.Error(
                    f"{model._meta.label} is not audited: declare `audited = True` on the model "
                    '(or `audit_exempt = "<reason>"` for derived rows)',
                    obj=model,
                    id="audit.E001",
                )
            )
        elif audited and exempt:
            errors.append(checks.Error(f"{model._meta.label} is both audited and exempt", obj=model, id="audit.E002"))
    return errors
