"""`manage.py seed_fleet --vessels N --scale S`: a fleet-scale data set for benchmarks and EXPLAIN.

At the default scale (1.0) ten vessels hold together 20,000 equipment, 50,000 faults,
100,000 parts, 500,000 work orders with 500,000 notes and 500,000 part lines,
1,000,000 stock-ledger rows, 100,000 manual sections (and their fault-code index) and
about 2.7 million audit entries. `--scale` multiplies every count (`--scale 0.001` for
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
"""

import random
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.context import audit_context
from audit.models import AuditChainHead, AuditEntry
from audit.services import entry_hash, to_jsonable
from audit.signals import IGNORED_FIELDS
from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import Part, StockMovement
from manuals.models import ManualDocument, ManualFaultCode, ManualSection
from manuals.pdfgen import pdf_bytes
from pms.models import Membership, User, Vessel
from pms.roles import Role
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart

BENCH_PASSWORD = "bench-pass-2026"
ACTOR_LABEL = "system:seed_fleet"
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
}
# system code, name, manufacturer, model, location
SYSTEMS = [
    ("ME", "Main engine", "MTU", "16V4000 M93L", "Engine room"),
    ("GEN", "Generator", "Kohler", "150EFOZD", "Engine room"),
    ("WM", "Watermaker", "Sea Recovery", "Aqua Whisper 1800", "Tank deck"),
    ("HVAC", "Chiller", "Heinen & Hopman", "HCW-120", "Technical space"),
    ("STAB", "Stabiliser", "Naiad", "Multi-Sea 302", "Lazarette"),
    ("HYD", "Hydraulic power pack", "Bosch Rexroth", "HPU-45", "Lazarette"),
    ("FIRE", "Fire pump", "Azcue", "CA-65/5", "Engine room"),
    ("NAV", "Radar", "Furuno", "FAR-2228", "Bridge"),
    ("SEW", "Sewage plant", "Hamann", "HL-Cont Plus 07", "Tank deck"),
    ("TEND", "Tender crane", "Opacmare", "Transformer 5200", "Aft deck"),
]
COMPONENTS = ["pump", "motor", "filter housing", "heat exchanger", "valve block", "controller", "sensor", "coupling"]
PART_WORDS = ["seal kit", "impeller", "filter element", "gasket", "bearing", "O-ring", "fuse", "belt", "anode", "relay"]
SECTION_TOPICS = [
    ("Safety instructions", "Isolate the system, lock out the breaker and wear hearing protection before work."),
    ("Daily checks", "Check oil level, coolant level, leaks and unusual noise; record the running hours."),
    ("Alarm list", "Alarm {code}: high coolant temperature. Check the thermostat, the raw water pump impeller."),
    ("Fault finding", "Fault {code} indicates low lubricating oil pressure; stop the unit and check the filter."),
    ("Maintenance schedule", "Replace the filter element every 500 hours; inspect the anodes every 1000 hours."),
    ("Overhaul", "Dismantle the pump, replace the mechanical seal and the bearings, torque to specification."),
]
NOTE_TEXTS = [
    "Inspected on site, isolated and tagged out.",
    "Replaced the worn part and tested under load for 30 minutes.",
    "Waiting for spares from the agent in port.",
    "Found corrosion on the housing; cleaned and treated.",
    "Ran the unit after the repair, no leaks, readings normal.",
]
# Statuses of the open work orders, in turn: most are open, some started or waiting for parts.
OPEN_CYCLE = ["open", "open", "open", "in_progress", "pending_parts"]
USAGE_REASONS = ["work_order", "preventive_maintenance", "emergency_repair", "testing", "other"]


@dataclass(slots=True)
class _ChainEntry:
    """The attributes `audit.services.entry_hash` reads, without building a model instance."""

    vessel_id: uuid.UUID
    sequence: int
    timestamp: object
    actor_id: None
    actor_label: str
    action_name: str
    request_id: str
    signature_id: None
    operation: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict
    previous_hash: str


AUDIT_COLUMNS = [
    "vessel_id",
    "sequence",
    "timestamp",
    "actor_id",
    "actor_label",
    "action_name",
    "request_id",
    "signature_id",
    "operation",
    "object_type",
    "object_id",
    "object_repr",
    "changes",
    "previous_hash",
    "entry_hash",
]


class Writer:
    """Appends rows to tables (COPY on PostgreSQL) and their `create` entries to the vessel's audit chain."""

    def __init__(self, vessel):
        self.vessel_id = vessel.pk
        self.head = AuditChainHead.objects.select_for_update().get_or_create(vessel=vessel)[0]
        self.sequence, self.last_hash = self.head.length, self.head.last_hash
        self.counts: dict[str, int] = {}

    def insert(self, model, columns, rows, *, describe=None):
        """Write `rows` (tuples in `columns` order); with `describe(row) -> repr`, audit each as created."""
        rows = list(rows)
        _write(model, columns, rows)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + len(rows)
        if describe is not None:
            _write(AuditEntry, AUDIT_COLUMNS, self._entries(model, columns, rows, describe))
            self.counts["audit.AuditEntry"] = self.counts.get("audit.AuditEntry", 0) + len(rows)

    def _entries(self, model, columns, rows, describe):
        audited = [(i, c) for i, c in enumerate(columns) if c not in IGNORED_FIELDS and c != "id"]
        at = columns.index("created_at")
        object_type = model._meta.label_lower
        for row in rows:
            self.sequence += 1
            entry = _ChainEntry(
                vessel_id=self.vessel_id,
                sequence=self.sequence,
                timestamp=row[at],
                actor_id=None,
                actor_label=ACTOR_LABEL,
                action_name="",
                request_id="",
                signature_id=None,
                operation="create",
                object_type=object_type,
                object_id=str(row[0]),
                object_repr=describe(row)[:200],
                changes={c: [None, to_jsonable(row[i])] for i, c in audited if row[i] not in (None, "")},
                previous_hash=self.last_hash,
            )
            self.last_hash = entry_hash(entry)
            yield (
                entry.vessel_id,
                entry.sequence,
                entry.timestamp,
                None,
                ACTOR_LABEL,
                "",
                "",
                None,
                "create",
                object_type,
                entry.object_id,
                entry.object_repr,
                entry.changes,
                entry.previous_hash,
                self.last_hash,
            )

    def close(self):
        self.head.length, self.head.last_hash = self.sequence, self.last_hash
        self.head.save(update_fields=["length", "last_hash"])


def _write(model, columns, rows):
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.json import Jsonb

            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([Jsonb(v) if isinstance(v, dict) else v for v in row])
            return
        fields = [model._meta.get_field(c) for c in columns]
        placeholders = ", ".join(["%s"] * len(columns))
        batch = []
        for row in rows:
            batch.append([f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)])
            if len(batch) >= 5000:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)
                batch = []
        if batch:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", batch)


def _owned(row_id, vessel_id, created_at):
    """The VesselOwned columns: id, vessel_id, created_at, updated_at, version."""
    return (row_id, vessel_id, created_at, created_at, 1)


OWNED = ["id", "vessel_id", "created_at", "updated_at", "version"]


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
        rng = random.Random(seed)
        now = timezone.now().replace(microsecond=0)
        started = time.monotonic()
        password = make_password(BENCH_PASSWORD)
        totals: dict[str, int] = {}
        with audit_context(actor_label=ACTOR_LABEL):
            fleet = self._vessels_and_users(vessels, password)
            for vessel, users in fleet:
                with transaction.atomic():
                    _skip_foreign_key_triggers()
                    writer = Writer(vessel)
                    _seed_vessel(writer, vessel, users, counts, rng, now)
                    writer.close()
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


def _skip_foreign_key_triggers():
    """On PostgreSQL (as a superuser) leave out the per-row foreign-key triggers for this transaction.

    Every generated reference points at a row generated before it, so the checks would only
    cost time: queued as deferred triggers they made COMMIT of one vessel take minutes.
    Without the privilege the checks simply run.
    """
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    except DatabaseError:
        pass


def _spread(rng, now, count, *, years=6):
    """`count` ascending timestamps over the last `years` years."""
    span = int(timedelta(days=365 * years).total_seconds())
    return [now - timedelta(seconds=s) for s in sorted((rng.randrange(span) for _ in range(count)), reverse=True)]


def _seed_vessel(writer: Writer, vessel, users, counts, rng, now):
    v = vessel.pk
    chief, engineer, crew = users["chief"].pk, users["engineer"].pk, users["crew"].pk
    start = now - timedelta(days=365 * 6)

    # Manuals (one per system, cycling) and their sections with a fault-code index.
    manuals = []
    per_manual = max(1, counts["sections"] // counts["manuals"])
    # One generated PDF (two pages per section) stored once per manual, so section links open.
    pdf = pdf_bytes([f"Page {page}" for page in range(1, per_manual * 2 + 1)], title="Manual")
    for index in range(counts["manuals"]):
        code, name, manufacturer, model, _ = SYSTEMS[index % len(SYSTEMS)]
        doc_id = uuid.uuid4()
        file_name = default_storage.save(f"manuals/{v}/{doc_id}.pdf", ContentFile(pdf))
        manuals.append((doc_id, manufacturer, model, file_name))
    writer.insert(
        ManualDocument,
        [*OWNED, "title", "manufacturer", "model", "revision", "file", "page_count", "status", "failure_reason"],
        (
            (
                *_owned(doc_id, v, start),
                f"{manufacturer} {model} operation and maintenance manual",
                manufacturer,
                model,
                f"Rev. {index % 5 + 1}",
                file_name,
                per_manual * 2,
                "ready",
                "",
            )
            for index, (doc_id, manufacturer, model, file_name) in enumerate(manuals)
        ),
        describe=lambda row: row[5],
    )
    sections, codes = [], []
    for doc_id, *_ in manuals:
        for position in range(per_manual):
            topic, text = SECTION_TOPICS[position % len(SECTION_TOPICS)]
            fault_code = f"E{rng.randrange(1000):03d}"
            section_id = uuid.uuid4()
            body = " ".join([text.format(code=fault_code)] + rng.sample(NOTE_TEXTS, 3))
            sections.append(
                (
                    *_owned(section_id, v, start),
                    doc_id,
                    f"{topic} {position + 1}",
                    position * 2 + 1,
                    position * 2 + 2,
                    0,
                    body,
                )
            )
            codes.append((v, section_id, fault_code))
    writer.insert(
        ManualSection, [*OWNED, "document_id", "title", "page_number", "end_page", "position", "text"], sections
    )
    writer.insert(ManualFaultCode, ["vessel_id", "section_id", "code"], codes)
    del sections, codes

    # Equipment: groups of ten under a parent, each system's manual attached.
    equipment = []
    manual_of = {(m, mo): d for d, m, mo, _ in reversed(manuals)}
    for index in range(counts["equipment"]):
        code, name, manufacturer, model, location = SYSTEMS[(index // 10) % len(SYSTEMS)]
        group, member = divmod(index, 10)
        parent = equipment[group * 10][0] if member else None
        label = name if not member else f"{name} {COMPONENTS[member % len(COMPONENTS)]}"
        equipment.append(
            (
                uuid.uuid4(),
                parent,
                f"{code}-{group:03d}-{member:02d}",
                f"{label} {group + 1}",
                location,
                manufacturer,
                model,
                f"SN{rng.randrange(10**8):08d}",
                rng.choice(["low", "medium", "high", "critical"]),
                manual_of.get((manufacturer, model)),
            )
        )
    writer.insert(
        Equipment,
        [
            *OWNED,
            "parent_id",
            "code",
            "name",
            "location",
            "manufacturer",
            "model",
            "serial_number",
            "criticality",
            "manual_id",
        ],
        ((*_owned(e[0], v, start), *e[1:]) for e in equipment),
        describe=lambda row: f"{row[6]} {row[7]}",
    )
    equipment_ids = [e[0] for e in equipment]
    del equipment

    # Faults: most resolved long ago, the newest few still open.
    fault_times = _spread(rng, now, counts["faults"])
    open_from = len(fault_times) - max(1, len(fault_times) // 50)
    faults = []
    for index, reported_at in enumerate(fault_times):
        is_open = index >= open_from
        code = f"E{rng.randrange(1000):03d}"
        faults.append(
            (
                *_owned(uuid.uuid4(), v, reported_at),
                rng.choice(equipment_ids),
                code,
                f"Alarm {code} on start",
                "Alarm raised by the monitoring system; unit tripped.",
                rng.choice(["low", "medium", "high", "critical"]),
                "open" if is_open else "closed",
                reported_at,
                crew,
                reported_at,
                None if is_open else chief,
                None if is_open else reported_at + timedelta(days=2),
            )
        )
    writer.insert(
        Fault,
        [
            *OWNED,
            *("equipment_id", "fault_code", "title", "description", "severity", "status"),
            *("detected_at", "reported_by_id", "reported_at", "resolved_by_id", "resolved_at"),
        ],
        faults,
        describe=lambda row: f"{row[6]} {row[7]}",
    )
    fault_ids = [f[0] for f in faults]
    del faults

    # Parts, with a ledger per part whose running total never goes below zero.
    movements, parts = [], []
    movement_times = _spread(rng, now, counts["movements"])
    per_part, extra = divmod(counts["movements"], counts["parts"])
    cursor = 0
    for index in range(counts["parts"]):
        part_id = uuid.uuid4()
        on_hand = 0
        for step in range(per_part + (1 if index < extra else 0)):
            performed_at = movement_times[cursor]
            cursor += 1
            if step == 0 or on_hand == 0 or rng.random() < 0.35:
                quantity, reason = rng.randint(5, 40), "received"
            else:
                quantity, reason = -rng.randint(1, min(on_hand, 6)), rng.choice(USAGE_REASONS)
            on_hand += quantity
            movements.append(
                (
                    *_owned(uuid.uuid4(), v, performed_at),
                    part_id,
                    quantity,
                    on_hand,
                    reason,
                    engineer,
                    performed_at,
                    "" if quantity < 0 else f"PO-{rng.randrange(10**5):05d}",
                    "",
                )
            )
        minimum = rng.randint(0, 8)
        system = SYSTEMS[index % len(SYSTEMS)]
        parts.append(
            (
                *_owned(part_id, v, start),
                f"P-{index:06d}",
                f"{system[1]} {PART_WORDS[index % len(PART_WORDS)]}",
                system[2],
                PART_WORDS[index % len(PART_WORDS)],
                "pcs",
                f"Store {index % 12 + 1}, shelf {index % 40 + 1}",
                on_hand,
                minimum,
                None if index % 3 else minimum + 60,
            )
        )
    writer.insert(
        Part,
        [
            *OWNED,
            *("part_number", "name", "manufacturer", "category", "unit", "location"),
            *("quantity_on_hand", "minimum_quantity", "maximum_quantity"),
        ],
        parts,
        describe=lambda row: f"{row[5]} {row[6]}",
    )
    part_numbers = {p[0]: p[5] for p in parts}
    part_ids = list(part_numbers)
    del parts
    writer.insert(
        StockMovement,
        [
            *OWNED,
            "part_id",
            "quantity",
            "quantity_after",
            "reason",
            "performed_by_id",
            "performed_at",
            "reference",
            "notes",
        ],
        movements,
        describe=lambda row: f"{row[6]:+d} {part_numbers[row[5]]} ({row[8]})",
    )
    del movements

    # Work orders over six years, numbered per year; the newest 2 % (at least 10) still open. One note and one part line each.
    work_orders, notes, lines = [], [], []
    last_number: dict[int, int] = {}
    wo_times = _spread(rng, now, counts["work_orders"])
    open_from = len(wo_times) - max(10, len(wo_times) // 50)
    for index, created_at in enumerate(wo_times):
        year = created_at.year
        last_number[year] = last_number.get(year, 0) + 1
        number = f"WO-{year}-{last_number[year]:04d}"
        if index >= open_from:
            status, completed = OPEN_CYCLE[index % len(OPEN_CYCLE)], None
        else:
            status = rng.choices(["closed", "completed", "cancelled"], weights=[80, 15, 5])[0]
            completed = None if status == "cancelled" else created_at + timedelta(days=rng.randint(1, 20))
        wo_id = uuid.uuid4()
        title = f"{SYSTEMS[index % len(SYSTEMS)][1]}: {NOTE_TEXTS[index % len(NOTE_TEXTS)].split(';')[0][:60]}"
        work_orders.append(
            (
                *_owned(wo_id, v, created_at),
                number,
                title,
                "Planned maintenance task generated from the schedule.",
                rng.choice(equipment_ids),
                rng.choice(fault_ids) if index % 10 == 0 else None,
                rng.choice(["low", "normal", "normal", "high", "urgent"]),
                status,
                chief,
                engineer,
                (created_at + timedelta(days=14)).date(),
                engineer if completed else None,
                completed,
                "Work done as per the manual, tested and handed back." if completed else "",
            )
        )
        note_at = created_at + timedelta(hours=1)
        notes.append(
            (
                *_owned(uuid.uuid4(), v, note_at),
                wo_id,
                rng.choice(NOTE_TEXTS),
                rng.choice(["general", "progress"]),
                engineer,
            )
        )
        lines.append((*_owned(uuid.uuid4(), v, note_at), wo_id, rng.choice(part_ids), rng.randint(1, 4), "", engineer))
    numbers = {w[0]: w[5] for w in work_orders}
    writer.insert(
        WorkOrder,
        [
            *OWNED,
            *("number", "title", "description", "equipment_id", "fault_id", "priority", "status"),
            *("created_by_id", "assignee_id", "due_date", "completed_by_id", "completed_at", "completion_notes"),
        ],
        work_orders,
        describe=lambda row: f"{row[5]} {row[6]}",
    )
    del work_orders
    writer.insert(
        WorkOrderNote,
        [*OWNED, "work_order_id", "note_text", "note_type", "created_by_id"],
        notes,
        describe=lambda row: f"{row[7].title()} note on {numbers[row[5]]}",
    )
    writer.insert(
        WorkOrderPart,
        [*OWNED, "work_order_id", "part_id", "quantity", "notes", "added_by_id"],
        lines,
        describe=lambda row: f"{row[7]} × {part_numbers[row[6]]} for {numbers[row[5]]}",
    )
    del notes, lines
    WorkOrderNumberSequence.objects.bulk_create(
        WorkOrderNumberSequence(vessel=vessel, year=year, last_number=n) for year, n in last_number.items()
    )

    writer.insert(
        HandoverItem,
        [*OWNED, "entity_type", "entity_id", "summary_text", "category", "priority", "added_by_id"],
        (
            (
                *_owned(uuid.uuid4(), v, now - timedelta(hours=i)),
                "",
                None,
                f"Watch note {i + 1}: {text}",
                "general",
                "normal",
                crew,
            )
            for i, text in enumerate(rng.choices(NOTE_TEXTS, k=counts["handover"]))
        ),
        describe=lambda row: row[7][:60],
    )
