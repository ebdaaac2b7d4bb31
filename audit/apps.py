from django.apps import AppConfig, apps

# Every model whose changes are logged. Derived rows (the fault-code index, number
# sequences, idempotency records, the chain head) and the log itself are not.
AUDITED_MODELS = [
    "pms.User",
    "pms.Vessel",
    "pms.Membership",
    "pms.ApiToken",
    "equipment.Equipment",
    "equipment.Fault",
    "workorders.WorkOrder",
    "workorders.WorkOrderNote",
    "workorders.WorkOrderPart",
    "inventory.Part",
    "inventory.StockMovement",
    "handover.HandoverItem",
    "manuals.ManualDocument",
]


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log and signatures"

    def ready(self):
        from audit import signals

        signals.connect([apps.get_model(label) for label in AUDITED_MODELS])
