"""`manage.py plan_maintenance [--vessel CODE] [--today YYYY-MM-DD]`: due jobs become planned work orders.

Idempotent: a job with an open planned work order gets no other (a partial unique index),
so running it twice, or on two machines at once, creates nothing extra. Every row is
audited as `system:plan_maintenance`. The same runs as a Django task (`maintenance.tasks`)
and as the HOD's "Generate due work orders" button (the `plan_maintenance` action).
"""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from audit.context import audit_context
from maintenance.services import plan_maintenance
from pms.models import Vessel


class Command(BaseCommand):
    help = "Create the planned work orders of every job entering its alarm window."

    def add_arguments(self, parser):
        parser.add_argument("--vessel", help="Only this vessel (its code).")
        parser.add_argument("--today", type=date.fromisoformat, help="Plan as on this day (default: today).")

    def handle(self, *args, vessel=None, today=None, **options):
        vessels = Vessel.objects.order_by("code")
        if vessel:
            vessels = vessels.filter(code__iexact=vessel)
            if not vessels.exists():
                raise CommandError(f"No vessel {vessel!r}.")
        started, total = time.monotonic(), 0
        with audit_context(actor=None, actor_label="system:plan_maintenance", action_name="plan_maintenance"):
            for each in vessels:
                with transaction.atomic():
                    created = plan_maintenance(vessel=each, today=today)
                total += len(created)
                self.stdout.write(f"{each.code}: {len(created)} planned work order(s)")
                for work_order in created:
                    self.stdout.write(f"  {work_order.number} {work_order.title} (due {work_order.due_date or '—'})")
        self.stdout.write(f"{total} created in {time.monotonic() - started:.1f} s")
