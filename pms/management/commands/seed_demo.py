"""`manage.py seed_demo`: the demo fleet AURORA and BOREALIS, ready to click through.

The kernel seeds its own rows first (vessels, users, memberships: `pms/demo/kernel.json`).
Then every installed app with a `demo` module (`<app>/demo/__init__.py` or `<app>/demo.py`)
seeds its own slice from its data files (JSON next to the module). A module contributes:

- `seed(ctx)`: create its rows. `ctx` (`pms.demo.DemoContext`) holds the vessels by code, the
  users by username, the clock `now` with `ago(days, hours)`, `get_or_create` (which counts
  what it creates), `chief_engineer(vessel code)`, `stdout`, and `shared`, where a module
  publishes what later ones need (e.g. `shared["equipment"][vessel code, code]`).
- `DEPENDS_ON = ("manuals", ...)`: the app labels whose demo must seed first; otherwise the
  modules seed in INSTALLED_APPS order.
- `report(ctx)`, optional: print its lines once the seed has committed.

Idempotent: every row is looked up by its natural key (vessel code, username, equipment
code, part number, work order number, titles) and only created when missing, so a second
run changes nothing. Stock enters only through the ledger (`move_stock`), and manuals only
through `upload_manual`. The whole run is one transaction, audited as `system:seed_demo`.
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from audit.context import audit_context
from pms.demo import DEMO_PASSWORD, DemoContext, demo_modules, login_lines, seed_kernel


class Command(BaseCommand):
    help = "Load the demo fleet (AURORA, BOREALIS) with users, equipment, faults, work orders, parts and manuals."

    def handle(self, *args, **options):
        ctx = DemoContext(now=timezone.now(), stdout=self.stdout)
        modules = demo_modules()
        # Leaving the transaction runs what the seeds queued on commit (the ingestion of each new
        # manual): at once with the immediate task backend (the default), else in the task worker.
        with audit_context(actor_label="system:seed_demo"), transaction.atomic():
            seed_kernel(ctx)
            for module in modules:
                module.seed(ctx)
        self.stdout.write(f"Demo fleet ready ({ctx.created} rows created).")
        for module in modules:
            if hasattr(module, "report"):
                module.report(ctx)
        self.stdout.write(f"Demo logins (password for every one: {DEMO_PASSWORD}; demo only):")
        for line in login_lines():
            self.stdout.write(line)
