"""`manage.py seed_fleet --vessels N --scale S`: a fleet-scale data set for benchmarks and EXPLAIN.

At the default scale (1.0) ten vessels hold together 20,000 equipment, 50,000 faults,
100,000 parts, 500,000 work orders with 500,000 notes and 500,000 part lines,
1,000,000 stock-ledger rows, 100,000 manual sections (and their fault-code index),
2,000 running-hour counters with 730,000 readings (a year of daily readings each),
50,000 maintenance jobs with 300,000 past cycles, and their audit entries. `--scale` multiplies every count (`--scale 0.001` for
tests); counts are per vessel, so `--vessels` multiplies them too.

Rows go in with PostgreSQL COPY (on SQLite, batched `executemany`), not through the ORM
and its signals; on PostgreSQL, run as a superuser, the per-row foreign-key triggers are
left out for the seeding transactions (every generated reference points at a row
generated before it; the tests' SQLite run checks every reference at teardown). The
audit is written in bulk too, not skipped: every seeded row of an audited model gets its
`create` entry, appended to its vessel's hash chain exactly as
`audit.services.write_entry` would (same `entry_hash`, sequence continued from the chain
head, head moved to the end), attributed to `system:seed_fleet`. So `verify_audit`
passes on a seeded database and no row is exempt from it. Stock follows the ledger: each
part's `quantity_on_hand` is the sum of its generated movements, whose `quantity_after`
run never goes below zero.

Vessels are FLEET01…; users per vessel `<code>-chief`, `<code>-engineer`, `<code>-crew`
(lower-case code) and `fleet-manager` on every vessel, all with the password
`bench-pass-2026` — for a benchmark database only. Users, vessels and memberships are
created through the ORM (audited by the signals as usual). A second run on a seeded
database changes nothing.

The bulk writer and its audit chain are in `bench/fleet/writer.py`, the generated rows of a
vessel in `bench/fleet/rows.py`.
"""

import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.context import audit_context
from bench.fleet.rows import seed_vessel
from bench.fleet.writer import ACTOR_LABEL, Writer, skip_foreign_key_triggers
from maintenance.services import refresh_stored_due
from pms.models import Membership, User, Vessel
from pms.roles import Role

BENCH_PASSWORD = "bench-pass-2026"
VESSEL_NAMES = [
    "Aquila",
    "Boreas",
    "Calypso",
    "Dorado",
    "Eos",
    "Fortuna",
    "Galatea",
    "Helios",
    "Ionia",
    "Juno",
    "Kallisto",
    "Lyra",
]
# Per vessel at scale 1.
PER_VESSEL = {
    "equipment": 2_000,
    "faults": 5_000,
    "parts": 10_000,
    "movements": 100_000,
    "work_orders": 50_000,
    "manuals": 20,
    "sections": 10_000,
    "handover": 20,
    "counters": 200,
    "readings": 73_000,
    "jobs": 5_000,
    "job_records": 30_000,
}


class Command(BaseCommand):
    help = "Seed a fleet-scale data set (bulk, audited in bulk). For benchmark databases only."

    def add_arguments(self, parser):
        parser.add_argument("--vessels", type=int, default=10)
        parser.add_argument("--scale", type=float, default=1.0, help="Multiplies every per-vessel count.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed, for a repeatable data set.")

    def handle(self, *args, vessels, scale, seed, **options):
        if vessels < 1 or scale <= 0:
            raise CommandError("--vessels must be at least 1 and --scale above 0.")
        if Vessel.objects.filter(code__startswith="FLEET").exists():
            self.stdout.write("Fleet already seeded; nothing to do.")
            return
        counts = {name: max(1, round(n * scale)) for name, n in PER_VESSEL.items()}
        counts["movements"] = max(counts["movements"], counts["parts"])
        # At least two counters (a record and a replacement in the query-bound tests), on existing equipment.
        counts["counters"] = min(max(2, counts["counters"]), counts["equipment"])
        rng = random.Random(seed)
        now = timezone.now().replace(microsecond=0)
        started = time.monotonic()
        password = make_password(BENCH_PASSWORD)
        totals: dict[str, int] = {}
        with audit_context(actor_label=ACTOR_LABEL):
            fleet = self._vessels_and_users(vessels, password)
            for vessel, users in fleet:
                with transaction.atomic():
                    skip_foreign_key_triggers()
                    writer = Writer(vessel)
                    seed_vessel(writer, vessel, users, counts, rng, now)
                    writer.close()
                    # The rows went in without the ORM: store each job's due as its save would.
                    refresh_stored_due(vessel_id=vessel.pk, today=now.date())
                for label, n in writer.counts.items():
                    totals[label] = totals.get(label, 0) + n
                self.stdout.write(f"{vessel.code}: done after {time.monotonic() - started:.0f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Fresh statistics for the planner, and (outside a transaction) a visibility map so
                # counts use index-only scans.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        for label, n in sorted(totals.items()):
            self.stdout.write(f"  {label}: {n:,}")
        self.stdout.write(f"Seeded {vessels} vessels in {time.monotonic() - started:.0f} s.")

    def _vessels_and_users(self, count, password):
        fleet = []
        manager = User.objects.create(
            username="fleet-manager", first_name="Fleet", last_name="Manager", password=password
        )
        for index in range(count):
            name = VESSEL_NAMES[index % len(VESSEL_NAMES)] + ("" if index < len(VESSEL_NAMES) else f" {index + 1}")
            vessel = Vessel.objects.create(name=name, code=f"FLEET{index + 1:02d}")
            users = {}
            for suffix, role in (("chief", Role.CHIEF_ENGINEER), ("engineer", Role.ENGINEER), ("crew", Role.CREW)):
                user = User.objects.create(
                    username=f"{vessel.code.lower()}-{suffix}",
                    first_name=name,
                    last_name=suffix.title(),
                    password=password,
                    current_vessel=vessel,
                )
                Membership.objects.create(user=user, vessel=vessel, role=role)
                users[suffix] = user
            Membership.objects.create(user=manager, vessel=vessel, role=Role.MANAGER)
            fleet.append((vessel, users))
        return fleet
