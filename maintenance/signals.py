"""What moves a job's stored due from outside the job: its counter and the hierarchy above it.

A job's own save stores its due (`MaintenanceJob.save`); these keep it current when a reading,
a rate, a new or removed counter, or a move of equipment changes which counter a job runs on
or what that counter says. Connected in `MaintenanceConfig.ready`.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from audit.signals import loaded_values
from counters.models import Counter
from equipment.models import Equipment
from maintenance.services import refresh_stored_due


def counter_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_stored_due(vessel_id=instance.vessel_id, counter=instance)


def counter_removed(sender, instance, **kwargs):
    vessel_id = instance.vessel_id
    transaction.on_commit(lambda: refresh_stored_due(vessel_id=vessel_id))


def equipment_moving(sender, instance, raw=False, **kwargs):
    """Before the save: does the equipment get a new parent (and so, perhaps, another counter)?"""
    before = loaded_values(instance)
    instance._maintenance_moved = not raw and "parent_id" in before and before["parent_id"] != instance.parent_id


def equipment_moved(sender, instance, created=False, raw=False, **kwargs):
    if getattr(instance, "_maintenance_moved", False):
        instance._maintenance_moved = False
        refresh_stored_due(vessel_id=instance.vessel_id)


def connect():
    post_save.connect(counter_changed, sender=Counter, dispatch_uid="maintenance.counter_changed")
    post_delete.connect(counter_removed, sender=Counter, dispatch_uid="maintenance.counter_removed")
    pre_save.connect(equipment_moving, sender=Equipment, dispatch_uid="maintenance.equipment_moving")
    post_save.connect(equipment_moved, sender=Equipment, dispatch_uid="maintenance.equipment_moved")
