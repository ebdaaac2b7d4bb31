"""The rows of one seeded vessel: manuals, equipment, faults, parts with their ledger, work orders, handover,
then (bench.fleet.counters, bench.fleet.plan) running-hour counters and the maintenance plan.

Each step draws from the one random generator in a fixed order, so a `--seed` gives the same
data set; a step returns the ids the later ones refer to (every reference points at a row
written before it).
"""

import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from bench.fleet.counters import seed_counters
from bench.fleet.plan import seed_plan
from bench.fleet.writer import OWNED, Writer, owned
from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import Part, StockMovement
from manuals.models import ManualDocument, ManualFaultCode, ManualSection
from manuals.pdfgen import pdf_bytes
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart

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


def spread(rng, now, count, *, years=6):
    """`count` ascending timestamps over the last `years` years."""
    span = int(timedelta(days=365 * years).total_seconds())
    return [now - timedelta(seconds=s) for s in sorted((rng.randrange(span) for _ in range(count)), reverse=True)]


def seed_vessel(writer: Writer, vessel, users, counts, rng, now):
    """Every generated row of `vessel`, written (and audited) through `writer`."""
    v = vessel.pk
    chief, engineer, crew = users["chief"].pk, users["engineer"].pk, users["crew"].pk
    start = now - timedelta(days=365 * 6)
    manuals = seed_manuals(writer, v, counts, rng, start)
    equipment_ids = seed_equipment(writer, v, counts, rng, start, manuals)
    fault_ids = seed_faults(writer, v, counts, rng, now, equipment_ids, reporter=crew, resolver=chief)
    part_numbers = seed_parts(writer, v, counts, rng, now, start, performer=engineer)
    last_number = seed_work_orders(
        writer, v, counts, rng, now, equipment_ids, fault_ids, part_numbers, chief=chief, engineer=engineer
    )
    WorkOrderNumberSequence.objects.bulk_create(
        WorkOrderNumberSequence(vessel=vessel, year=year, last_number=n) for year, n in last_number.items()
    )
    seed_handover(writer, v, counts, rng, now, added_by=crew)
    meters = seed_counters(writer, v, counts, rng, now, start, equipment_ids, reader=engineer)
    seed_plan(writer, v, counts, rng, now, equipment_ids, meters, done_by=engineer)


def seed_manuals(writer, v, counts, rng, start):
    """Manuals (one per system, cycling) and their sections with a fault-code index; (id, manufacturer, model, file)."""
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
                *owned(doc_id, v, start),
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
                    *owned(section_id, v, start),
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
    return manuals


def equipment_code(index: int) -> str:
    """The code of the index-th equipment: its system, its group of ten and its place in the group."""
    group, member = divmod(index, 10)
    return f"{SYSTEMS[group % len(SYSTEMS)][0]}-{group:03d}-{member:02d}"


def seed_equipment(writer, v, counts, rng, start, manuals):
    """Equipment in groups of ten under a parent, each system's manual attached; their ids."""
    equipment = []
    manual_of = {(m, mo): d for d, m, mo, _ in reversed(manuals)}
    for index in range(counts["equipment"]):
        _, name, manufacturer, model, location = SYSTEMS[(index // 10) % len(SYSTEMS)]
        group, member = divmod(index, 10)
        parent = equipment[group * 10][0] if member else None
        label = name if not member else f"{name} {COMPONENTS[member % len(COMPONENTS)]}"
        equipment.append(
            (
                uuid.uuid4(),
                parent,
                equipment_code(index),
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
        ((*owned(e[0], v, start), *e[1:]) for e in equipment),
        describe=lambda row: f"{row[6]} {row[7]}",
    )
    return [e[0] for e in equipment]


def seed_faults(writer, v, counts, rng, now, equipment_ids, *, reporter, resolver):
    """Faults, most resolved long ago, the newest few still open; their ids."""
    fault_times = spread(rng, now, counts["faults"])
    open_from = len(fault_times) - max(1, len(fault_times) // 50)
    faults = []
    for index, reported_at in enumerate(fault_times):
        is_open = index >= open_from
        code = f"E{rng.randrange(1000):03d}"
        faults.append(
            (
                *owned(uuid.uuid4(), v, reported_at),
                rng.choice(equipment_ids),
                code,
                f"Alarm {code} on start",
                "Alarm raised by the monitoring system; unit tripped.",
                rng.choice(["low", "medium", "high", "critical"]),
                "open" if is_open else "closed",
                reported_at,
                reporter,
                reported_at,
                None if is_open else resolver,
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
    return [f[0] for f in faults]


def seed_parts(writer, v, counts, rng, now, start, *, performer):
    """Parts, with a ledger per part whose running total never goes below zero; part numbers by id."""
    movements, parts = [], []
    movement_times = spread(rng, now, counts["movements"])
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
                    *owned(uuid.uuid4(), v, performed_at),
                    part_id,
                    quantity,
                    on_hand,
                    reason,
                    performer,
                    performed_at,
                    "" if quantity < 0 else f"PO-{rng.randrange(10**5):05d}",
                    "",
                )
            )
        minimum = rng.randint(0, 8)
        system = SYSTEMS[index % len(SYSTEMS)]
        parts.append(
            (
                *owned(part_id, v, start),
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
    return part_numbers


def seed_work_orders(writer, v, counts, rng, now, equipment_ids, fault_ids, part_numbers, *, chief, engineer):
    """Work orders over six years, numbered per year, one note and one part line each; the last number per year.

    The newest 2 % (at least 10) are still open.
    """
    part_ids = list(part_numbers)
    work_orders, notes, lines = [], [], []
    last_number: dict[int, int] = {}
    wo_times = spread(rng, now, counts["work_orders"])
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
                *owned(wo_id, v, created_at),
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
                *owned(uuid.uuid4(), v, note_at),
                wo_id,
                rng.choice(NOTE_TEXTS),
                rng.choice(["general", "progress"]),
                engineer,
            )
        )
        lines.append((*owned(uuid.uuid4(), v, note_at), wo_id, rng.choice(part_ids), rng.randint(1, 4), "", engineer))
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
    return last_number


def seed_handover(writer, v, counts, rng, now, *, added_by):
    """Watch notes on the handover board, an hour apart."""
    writer.insert(
        HandoverItem,
        [*OWNED, "entity_type", "entity_id", "summary_text", "category", "priority", "added_by_id"],
        (
            (
                *owned(uuid.uuid4(), v, now - timedelta(hours=i)),
                "",
                None,
                f"Watch note {i + 1}: {text}",
                "general",
                "normal",
                added_by,
            )
            for i, text in enumerate(rng.choices(NOTE_TEXTS, k=counts["handover"]))
        ),
        describe=lambda row: row[7][:60],
    )
