"""`manage.py seed_demo`: the demo fleet AURORA and BOREALIS, ready to click through.

Idempotent: every row is looked up by its natural key (vessel code, username, equipment
code, part number, work order number, titles) and only created when missing, so a
second run changes nothing. Stock enters only through the ledger (`move_stock`).
"""

import textwrap
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from audit.context import audit_context
from equipment.models import Equipment, Fault, FaultStatus
from handover.models import HandoverItem
from inventory.models import MovementReason, Part
from inventory.services import move_stock
from manuals.models import IngestionStatus, ManualDocument, ManualFaultCode, ManualSection
from pms.models import Membership, User, Vessel
from pms.roles import HOD_ROLES, Role
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart, WorkOrderStatus

DEMO_PASSWORD = "demo-pass-2026"

VESSELS = [("AURORA", "Aurora", "9812345"), ("BOREALIS", "Borealis", "9823456")]

# username, first name, last name, [(vessel code, role)]
USERS = [
    ("captain", "Richard", "Hale", [("AURORA", Role.CAPTAIN)]),
    ("chief", "Marco", "Bianchi", [("AURORA", Role.CHIEF_ENGINEER)]),
    ("eto", "Priya", "Nair", [("AURORA", Role.ETO)]),
    ("engineer", "Tomasz", "Nowak", [("AURORA", Role.ENGINEER)]),
    ("deck", "Liam", "O'Connor", [("AURORA", Role.CREW)]),
    ("borealis_chief", "Sven", "Lindqvist", [("BOREALIS", Role.CHIEF_ENGINEER)]),
    ("manager", "Claire", "Dubois", [("AURORA", Role.MANAGER), ("BOREALIS", Role.MANAGER)]),
]


# ---------------------------------------------------------------- manuals


@dataclass(frozen=True)
class Section:
    title: str
    page_number: int
    end_page: int
    text: str
    fault_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manual:
    title: str
    manufacturer: str
    model: str
    revision: str
    sections: tuple[Section, ...]

    @property
    def page_count(self) -> int:
        return max(s.end_page for s in self.sections)


def engine_manual(title, manufacturer, model, revision, coolant_codes, oil_codes, fuel_codes):
    return Manual(
        title,
        manufacturer,
        model,
        revision,
        (
            Section(
                "Safety instructions",
                1,
                3,
                "Read before working on the engine. Isolate starting air and "
                "batteries, wait for the engine to cool, wear hearing protection in the engine room.",
            ),
            Section(
                "Engine description and technical data",
                4,
                7,
                "Layout, firing order, rated power, coolant "
                "and lube oil capacities, torque values for the cylinder head and main bearings.",
            ),
            Section(
                "Starting and stopping",
                8,
                10,
                "Pre-start checks: coolant level, lube oil level, raw water "
                "sea cock open, fuel supply. Warm up at idle before load; cool down 5 minutes before stop.",
            ),
            Section(
                "Cooling system: high coolant temperature",
                11,
                13,
                f"Fault {coolant_codes[0]}: coolant temperature above the alarm limit. Check the expansion "
                "tank level, raw water flow (sea strainer, raw water pump impeller), the heat exchanger "
                "and the thermostats. Reduce load at once; stop the engine if the temperature keeps rising.",
                coolant_codes,
            ),
            Section(
                "Lubrication system: low oil pressure",
                14,
                16,
                f"Fault {oil_codes[0]}: lube oil pressure below the alarm limit. Check the oil level and "
                "grade, the oil filters' differential pressure and the pressure sender. Do not run the "
                "engine under load with low oil pressure.",
                oil_codes,
            ),
            Section(
                "Fuel system",
                17,
                19,
                f"Fault {fuel_codes[0]}: fuel delivery pressure low. Change the fuel filters, bleed the "
                "system, check the day tank valves and the transfer pump.",
                fuel_codes,
            ),
            Section(
                "Maintenance schedule",
                20,
                24,
                "Every 250 h: lube oil sample. Every 500 h: fuel and oil "
                "filters. Every 1000 h: raw water pump impeller, valve clearances. Yearly: thermostats, "
                "heat exchanger cleaning, turbocharger inspection.",
            ),
        ),
    )


MANUALS = {
    "mtu": engine_manual("MTU 16V 4000 M73L Operating Instructions", "MTU", "16V 4000 M73L", "Rev. 2021-04",
                         ("SPN 110 FMI 0", "SPN 110 FMI 16"), ("SPN 100 FMI 1", "SPN 100 FMI 18"),
                         ("SPN 94 FMI 1",)),
    "cat": engine_manual("Caterpillar C32 ACERT Operation and Maintenance Manual", "Caterpillar", "C32 ACERT",
                         "SEBU8100-07", ("SPN 110 FMI 0",), ("SPN 100 FMI 1",), ("SPN 94 FMI 1", "SPN 175 FMI 0")),
    "kohler": Manual("Kohler 99EFOZDJ Generator Set Operation Manual", "Kohler", "99EFOZDJ", "TP-6879 Rev. C", (
        Section("Safety", 1, 2, "Disconnect the battery and lock out the breaker before service."),
        Section("Controller and alarms", 3, 6, "Decision-Maker controller: alarm list, shutdown list, reset."),
        Section("Generator overcurrent", 7, 8, "Fault G-021: output current above rating. Check load sharing, "
                "breaker settings and for a short circuit before reset.", ("G-021",)),
        Section("Frequency and speed faults", 9, 10, "Fault G-045: under-frequency on a load step. Check the "
                "governor actuator, fuel filters and the load applied in one step.", ("G-045",)),
        Section("Maintenance", 11, 14, "Every 250 h: oil and fuel filters. Yearly: raw water pump impeller."),
    )),
    "northern_lights": Manual("Northern Lights M1276 Generator Operator's Manual", "Northern Lights", "M1276",
                              "Rev. 2019", (
        Section("Safety", 1, 2, "Stop the set and isolate the breaker before service."),
        Section("Alarms and shutdowns", 3, 5, "Fault SPN 100 FMI 1: low oil pressure shutdown. Check the oil "
                "level, the filter and the sender before restart.", ("SPN 100 FMI 1",)),
        Section("Electrical output", 6, 8, "Fault G-021: overcurrent trip. Check the connected load.", ("G-021",)),
        Section("Maintenance", 9, 12, "Every 200 h: oil and filter. Every 400 h: fuel filter."),
    )),
    "watermaker": Manual("Sea Recovery Aqua Whisper Pro 1800 Owner's Manual", "Sea Recovery",
                         "Aqua Whisper Pro 1800", "Rev. 12", (
        Section("System description", 1, 3, "Reverse osmosis watermaker: boost pump, prefilters, high-pressure "
                "pump, membrane array, product water salinity monitor."),
        Section("Start-up and shut-down", 4, 6, "Open the sea cock, start the boost pump, then the high-pressure "
                "pump; raise pressure slowly to 55 bar. Fresh-water flush after every run."),
        Section("Product water quality", 7, 9, "Fault E047: product water salinity above 500 ppm; product is "
                "diverted to drain. Check the membranes, the o-rings of the product tubes and the salinity "
                "probe. Membranes older than 3 years usually need replacing.", ("E047",)),
        Section("Troubleshooting: pressures", 10, 12, "Fault E012: low feed pressure - clean the sea strainer, "
                "change the prefilters. Fault E031: high-pressure switch trip - check the pressure regulating "
                "valve.", ("E012", "E031")),
        Section("Membrane cleaning and storage", 13, 15, "Alkaline then acid cleaning; pickle for lay-up."),
        Section("Maintenance", 16, 18, "Prefilters weekly or at 0.7 bar differential; pump oil every 500 h."),
    )),
    "hvac": Manual("Heinen & Hopman CWU-240 Chiller Service Manual", "Heinen & Hopman", "CWU-240", "Ed. 2020", (
        Section("Chiller plant overview", 1, 3, "Two scroll compressors, R134a, sea-water cooled condenser, "
                "chilled water loop to the air handlers and fan coils."),
        Section("Alarms: refrigerant pressures", 4, 7, "Alarm A-102: low suction pressure - refrigerant charge "
                "low or evaporator flow poor; leak test before topping up. Alarm A-115: high discharge "
                "pressure - check sea water flow through the condenser.", ("A-102", "A-115")),
        Section("Alarms: chilled water", 8, 9, "Alarm A-131: chilled water flow switch. Check the circulation "
                "pump, air in the loop and the flow switch itself.", ("A-131",)),
        Section("Maintenance", 10, 12, "Monthly: condenser strainer. Yearly: leak test, oil acidity test."),
    )),
    "steering": Manual("Jastram RST-520 Steering Gear Manual", "Jastram", "RST-520", "Rev. B", (
        Section("Description", 1, 2, "Electro-hydraulic steering with two independent power units."),
        Section("Hydraulic system", 3, 5, "Alarm ST-04: hydraulic oil low level in a power unit tank. Find and "
                "fix the leak, top up with ISO VG 46.", ("ST-04",)),
        Section("Rudder feedback", 6, 7, "Alarm ST-11: rudder feedback deviation. Check the feedback unit "
                "linkage and calibration.", ("ST-11",)),
        Section("Maintenance and testing", 8, 10, "Test steering before departure; change filters yearly."),
    )),
    "fire_pump": Manual("Azcue CA Fire Pump Instruction Manual", "Azcue", "CA 40/12", "Ed. 2018", (
        Section("Installation and priming", 1, 2, "Keep the suction line full; vent the casing before start."),
        Section("Operation and weekly test", 3, 4, "Fault FP-01: low discharge pressure on test - check the "
                "suction strainer, the impeller and the mechanical seal.", ("FP-01",)),
        Section("Maintenance", 5, 6, "Yearly: mechanical seal and bearing inspection."),
    )),
}  # fmt: skip

VESSEL_MANUALS = {
    "AURORA": ["mtu", "kohler", "watermaker", "hvac", "steering", "fire_pump"],
    "BOREALIS": ["cat", "northern_lights", "watermaker", "hvac", "steering", "fire_pump"],
}


def _pdf_text(value: str) -> str:
    value = value.encode("latin-1", "replace").decode("latin-1")
    return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build_manual_pdf(manual: Manual) -> ContentFile:
    """A small, valid PDF of the manual: one page per page number, each section's text on its first page."""
    pages = []
    for number in range(1, manual.page_count + 1):
        lines = [f"{manual.title} - page {number}", ""]
        for section in manual.sections:
            if section.page_number == number:
                lines += [section.title, *textwrap.wrap(section.text, 90)]
            elif section.page_number < number <= section.end_page:
                lines.append(f"{section.title} (continued)")
        body = " T* ".join(f"({_pdf_text(line)}) Tj" for line in lines)
        pages.append(f"BT /F1 11 Tf 14 TL 50 800 Td {body} ET".encode("latin-1"))

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, content in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return ContentFile(bytes(out), name="manual.pdf")


# ---------------------------------------------------------------- equipment

# code, name, parent code, location, manufacturer, model, serial number, criticality, manual key
AURORA_EQUIPMENT = [
    ("ME-PS", "Main engine, port", None, "Engine room, port", "MTU", "16V 4000 M73L", "5362004417", "critical", "mtu"),
    ("ME-PS-TC", "Turbocharger, port engine", "ME-PS", "Engine room, port", "MTU", "ZR 265", "TC-88120", "high", "mtu"),
    ("ME-PS-JWP", "Jacket water pump, port engine", "ME-PS", "Engine room, port", "MTU", "16V 4000 M73L", "JW-40211", "high", "mtu"),
    ("ME-PS-RWP", "Raw water pump, port engine", "ME-PS", "Engine room, port", "MTU", "16V 4000 M73L", "RW-40987", "high", "mtu"),
    ("ME-PS-GB", "Gearbox, port", "ME-PS", "Engine room, port", "ZF", "ZF 7600", "ZF-7600-1182", "high", None),
    ("ME-SB", "Main engine, starboard", None, "Engine room, starboard", "MTU", "16V 4000 M73L", "5362004418", "critical", "mtu"),
    ("ME-SB-TC", "Turbocharger, starboard engine", "ME-SB", "Engine room, starboard", "MTU", "ZR 265", "TC-88121", "high", "mtu"),
    ("ME-SB-JWP", "Jacket water pump, starboard engine", "ME-SB", "Engine room, starboard", "MTU", "16V 4000 M73L", "JW-40212", "high", "mtu"),
    ("ME-SB-RWP", "Raw water pump, starboard engine", "ME-SB", "Engine room, starboard", "MTU", "16V 4000 M73L", "RW-40988", "high", "mtu"),
    ("ME-SB-GB", "Gearbox, starboard", "ME-SB", "Engine room, starboard", "ZF", "ZF 7600", "ZF-7600-1183", "high", None),
    ("GEN-1", "Generator 1", None, "Engine room, forward", "Kohler", "99EFOZDJ", "SGM32K7H1", "critical", "kohler"),
    ("GEN-1-RWP", "Raw water pump, generator 1", "GEN-1", "Engine room, forward", "Kohler", "99EFOZDJ", "GM-RW-2231", "medium", "kohler"),
    ("GEN-2", "Generator 2", None, "Engine room, forward", "Kohler", "99EFOZDJ", "SGM32K7H2", "critical", "kohler"),
    ("GEN-2-RWP", "Raw water pump, generator 2", "GEN-2", "Engine room, forward", "Kohler", "99EFOZDJ", "GM-RW-2232", "medium", "kohler"),
    ("WM-1", "Watermaker", None, "Engine room, aft", "Sea Recovery", "Aqua Whisper Pro 1800", "AWP1800-0457", "high", "watermaker"),
    ("WM-1-HPP", "High-pressure pump, watermaker", "WM-1", "Engine room, aft", "Sea Recovery", "Aqua Whisper Pro 1800", "HPP-10442", "high", "watermaker"),
    ("WM-1-MEM", "Membrane array, watermaker", "WM-1", "Engine room, aft", "Sea Recovery", "Aqua Whisper Pro 1800", "", "medium", "watermaker"),
    ("HVAC-1", "Chiller plant", None, "Technical space, deck 1", "Heinen & Hopman", "CWU-240", "HH-240-7731", "high", "hvac"),
    ("HVAC-1-CP1", "Compressor 1, chiller", "HVAC-1", "Technical space, deck 1", "Heinen & Hopman", "CWU-240", "CP-55120", "high", "hvac"),
    ("HVAC-1-CP2", "Compressor 2, chiller", "HVAC-1", "Technical space, deck 1", "Heinen & Hopman", "CWU-240", "CP-55121", "high", "hvac"),
    ("HVAC-1-CWP", "Chilled water circulation pump", "HVAC-1", "Technical space, deck 1", "Heinen & Hopman", "CWU-240", "CWP-3310", "medium", "hvac"),
    ("STR-1", "Steering gear", None, "Lazarette", "Jastram", "RST-520", "J-520-0093", "critical", "steering"),
    ("STR-1-HPU1", "Hydraulic power unit 1, steering", "STR-1", "Lazarette", "Jastram", "RST-520", "HPU-0093-1", "critical", "steering"),
    ("STR-1-HPU2", "Hydraulic power unit 2, steering", "STR-1", "Lazarette", "Jastram", "RST-520", "HPU-0093-2", "critical", "steering"),
    ("FP-1", "Main fire pump", None, "Engine room, port side", "Azcue", "CA 40/12", "AZ-40-11873", "critical", "fire_pump"),
    ("FP-2", "Emergency fire pump", None, "Lazarette", "Azcue", "CA 40/12", "AZ-40-11874", "critical", "fire_pump"),
]  # fmt: skip

BOREALIS_EQUIPMENT = [
    ("ME-PS", "Main engine, port", None, "Engine room, port", "Caterpillar", "C32 ACERT", "SYL01442", "critical", "cat"),
    ("ME-PS-TC", "Turbocharger, port engine", "ME-PS", "Engine room, port", "Caterpillar", "C32 ACERT", "TC-C32-771", "high", "cat"),
    ("ME-PS-RWP", "Raw water pump, port engine", "ME-PS", "Engine room, port", "Caterpillar", "C32 ACERT", "RW-C32-310", "high", "cat"),
    ("ME-SB", "Main engine, starboard", None, "Engine room, starboard", "Caterpillar", "C32 ACERT", "SYL01443", "critical", "cat"),
    ("ME-SB-TC", "Turbocharger, starboard engine", "ME-SB", "Engine room, starboard", "Caterpillar", "C32 ACERT", "TC-C32-772", "high", "cat"),
    ("ME-SB-RWP", "Raw water pump, starboard engine", "ME-SB", "Engine room, starboard", "Caterpillar", "C32 ACERT", "RW-C32-311", "high", "cat"),
    ("GEN-1", "Generator 1", None, "Engine room, forward", "Northern Lights", "M1276", "NL-1276-5521", "critical", "northern_lights"),
    ("GEN-2", "Generator 2", None, "Engine room, forward", "Northern Lights", "M1276", "NL-1276-5522", "critical", "northern_lights"),
    ("WM-1", "Watermaker", None, "Engine room, aft", "Sea Recovery", "Aqua Whisper Pro 1800", "AWP1800-0612", "high", "watermaker"),
    ("HVAC-1", "Chiller plant", None, "Technical space, lower deck", "Heinen & Hopman", "CWU-240", "HH-240-8012", "high", "hvac"),
    ("STR-1", "Steering gear", None, "Lazarette", "Jastram", "RST-520", "J-520-0141", "critical", "steering"),
    ("FP-1", "Main fire pump", None, "Engine room, port side", "Azcue", "CA 40/12", "AZ-40-12201", "critical", "fire_pump"),
]  # fmt: skip

EQUIPMENT = {"AURORA": AURORA_EQUIPMENT, "BOREALIS": BOREALIS_EQUIPMENT}

# ---------------------------------------------------------------- faults

# key, vessel, equipment code, fault code, title, severity, status, days ago, reported by, resolved by
FAULTS = [
    ("a-coolant-1", "AURORA", "ME-PS", "SPN 110 FMI 0", "High coolant temperature", "high", "closed", 26, "engineer", "chief"),
    ("a-coolant-2", "AURORA", "ME-PS", "SPN 110 FMI 0", "High coolant temperature during manoeuvring", "high", "resolved", 12, "eto", "chief"),
    ("a-coolant-3", "AURORA", "ME-PS", "SPN 110 FMI 0", "High coolant temperature at full load", "critical", "work_order_raised", 2, "deck", None),
    ("a-salinity", "AURORA", "WM-1", "E047", "High product water salinity", "high", "work_order_raised", 5, "deck", None),
    ("a-suction", "AURORA", "HVAC-1", "A-102", "Low suction pressure alarm, compressor 1", "medium", "open", 1, "deck", None),
    ("a-underfreq", "AURORA", "GEN-2", "G-045", "Under-frequency on load step", "medium", "resolved", 9, "eto", "engineer"),
    ("a-steering-oil", "AURORA", "STR-1-HPU1", "ST-04", "Hydraulic oil low level, steering HPU 1", "high", "open", 0, "engineer", None),
    ("a-fire-pump", "AURORA", "FP-1", "FP-01", "Low discharge pressure on weekly test", "high", "work_order_raised", 3, "deck", None),
    ("a-oil-pressure", "AURORA", "ME-SB", "SPN 100 FMI 1", "Low lube oil pressure at idle", "medium", "work_order_raised", 1, "engineer", None),
    ("a-overcurrent", "AURORA", "GEN-1", "G-021", "Generator overcurrent trip", "low", "closed", 40, "eto", "eto"),
    ("a-flow-switch", "AURORA", "HVAC-1-CWP", "A-131", "Chilled water flow switch alarm", "low", "closed", 21, "deck", "eto"),
    ("a-feed-pressure", "AURORA", "WM-1", "E012", "Low feed pressure", "medium", "closed", 15, "deck", "engineer"),
    ("b-coolant", "BOREALIS", "ME-SB", "SPN 110 FMI 0", "High coolant temperature", "high", "open", 1, "borealis_chief", None),
    ("b-oil-pressure", "BOREALIS", "GEN-1", "SPN 100 FMI 1", "Low oil pressure shutdown", "critical", "work_order_raised", 4, "borealis_chief", None),
    ("b-salinity", "BOREALIS", "WM-1", "E047", "High product water salinity", "medium", "resolved", 10, "borealis_chief", "borealis_chief"),
    ("b-discharge", "BOREALIS", "HVAC-1", "A-115", "High discharge pressure", "medium", "open", 2, "borealis_chief", None),
]  # fmt: skip

FAULT_DESCRIPTIONS = {
    "SPN 110 FMI 0": "Alarm on the engine panel; coolant temperature climbed to 98 °C. Load reduced.",
    "E047": "Salinity monitor reading above 600 ppm; product water is being diverted to drain.",
    "A-102": "Compressor 1 tripped on low suction pressure twice during the afternoon.",
    "G-045": "Frequency dropped to 47 Hz when the bow thruster started.",
    "ST-04": "Low level alarm on HPU 1; about 4 litres topped up. Look for the leak.",
    "FP-01": "Only 6 bar at the hydrant on the weekly test, normally 9 bar.",
    "SPN 100 FMI 1": "Oil pressure warning at idle after warm-up; normal at cruising speed.",
    "G-021": "Breaker tripped on overcurrent when the galley and the chiller loaded together.",
    "A-131": "Flow switch alarm, chilled water pump running normally.",
    "E012": "Feed pressure alarm shortly after start.",
    "A-115": "Discharge pressure high in the afternoon heat; sea water temperature 29 °C.",
}

# ---------------------------------------------------------------- parts

# vessel, part number, name, manufacturer, category, unit, location, on hand (after the demo usage), minimum, maximum
PARTS = [
    ("AURORA", "MTU-X00061050", "Fuel filter element, main engine", "MTU", "Filters", "pcs", "ER store, shelf A1", 12, 8, 24),
    ("AURORA", "MTU-0031845301", "Lube oil filter element, main engine", "MTU", "Filters", "pcs", "ER store, shelf A1", 3, 4, 16),
    ("AURORA", "MTU-5550100211", "Raw water pump impeller, main engine", "MTU", "Pumps", "pcs", "ER store, shelf B2", 4, 2, 6),
    ("AURORA", "MTU-THERM-83", "Thermostat insert 83 C, main engine", "MTU", "Cooling", "pcs", "ER store, shelf B3", 6, 2, 4),
    ("AURORA", "KOH-GM32359", "Fuel filter, generator", "Kohler", "Filters", "pcs", "ER store, shelf A2", 10, 4, 12),
    ("AURORA", "KOH-GM16117", "Oil filter, generator", "Kohler", "Filters", "pcs", "ER store, shelf A2", 0, 2, 8),
    ("AURORA", "SR-B040040", "RO membrane element 4040", "Sea Recovery", "Watermaker", "pcs", "Lazarette store, rack 1", 0, 2, 4),
    ("AURORA", "SR-B650010", "Prefilter cartridge 5 micron", "Sea Recovery", "Watermaker", "pcs", "ER store, shelf C1", 40, 12, 24),
    ("AURORA", "HH-FS-25", "Chilled water flow switch", "Heinen & Hopman", "HVAC", "pcs", "Technical store, drawer 4", 1, 1, 2),
    ("AURORA", "HH-R134A-12", "Refrigerant R134a, 12 kg cylinder", "Heinen & Hopman", "HVAC", "cyl", "Deck store", 2, 1, 4),
    ("AURORA", "JAS-HF-10", "Hydraulic oil filter, steering HPU", "Jastram", "Filters", "pcs", "Lazarette store, rack 2", 5, 2, 8),
    ("AURORA", "AZ-MS-40", "Mechanical seal, fire pump", "Azcue", "Pumps", "pcs", "ER store, shelf B2", 1, 1, 3),
    ("AURORA", "OIL-ISO46-20", "Hydraulic oil ISO VG 46, 20 L", "Shell", "Lubricants", "can", "Oil store", 8, 4, 12),
    ("AURORA", "SKF-6309-2RS", "Deep groove ball bearing 6309-2RS", "SKF", "Bearings", "pcs", "ER store, drawer 7", 6, 2, None),
    ("BOREALIS", "CAT-1R-0750", "Fuel filter, C32", "Caterpillar", "Filters", "pcs", "ER store, shelf 1", 6, 4, 12),
    ("BOREALIS", "CAT-1R-1808", "Oil filter, C32", "Caterpillar", "Filters", "pcs", "ER store, shelf 1", 2, 4, 12),
    ("BOREALIS", "NL-B4-10-30", "Oil filter, generator", "Northern Lights", "Filters", "pcs", "ER store, shelf 2", 0, 2, 6),
    ("BOREALIS", "SR-B040040", "RO membrane element 4040", "Sea Recovery", "Watermaker", "pcs", "Lazarette store", 6, 2, 4),
    ("BOREALIS", "SR-B650010", "Prefilter cartridge 5 micron", "Sea Recovery", "Watermaker", "pcs", "ER store, shelf 3", 10, 6, 24),
    ("BOREALIS", "CAT-7E-8836", "Raw water pump impeller, C32", "Caterpillar", "Pumps", "pcs", "ER store, shelf 2", 1, 1, 4),
]  # fmt: skip

# Usage outside work orders: vessel, part number, signed quantity, reason, by, equipment code, notes
STANDALONE_MOVEMENTS = [
    ("AURORA", "MTU-X00061050", -4, MovementReason.PREVENTIVE_MAINTENANCE, "engineer", "ME-PS", "500 h filter change"),
    ("AURORA", "SR-B650010", -2, MovementReason.PREVENTIVE_MAINTENANCE, "engineer", "WM-1", "Weekly prefilter change"),
    ("AURORA", "OIL-ISO46-20", -1, MovementReason.EMERGENCY_REPAIR, "engineer", "STR-1-HPU1", "Topped up HPU 1"),
    ("AURORA", "MTU-0031845301", -1, MovementReason.STOCK_COUNT, "chief", None, "Count: one element damaged"),
    ("BOREALIS", "CAT-1R-0750", -2, MovementReason.PREVENTIVE_MAINTENANCE, "borealis_chief", "ME-PS", "Filters"),
]

# ---------------------------------------------------------------- work orders

# Every status appears on AURORA. `parts`: (part number, quantity); a completed or
# closed work order used them, so their stock went out through the ledger.
WORK_ORDERS = [
    {"vessel": "AURORA", "n": 1, "status": "closed", "fault": "a-flow-switch", "priority": "low", "days_ago": 21,
     "assignee": "eto", "created_by": "chief", "completed_by": "eto", "parts": [("HH-FS-25", 1)],
     "completion_notes": "Flow switch replaced and tested; alarm cleared over 48 h of running.",
     "notes": [("progress", "eto", "Old switch sticking; contacts corroded.")]},
    {"vessel": "AURORA", "n": 2, "status": "completed", "fault": "a-underfreq", "priority": "normal", "days_ago": 9,
     "assignee": "engineer", "created_by": "chief", "completed_by": "engineer", "parts": [("KOH-GM32359", 2)],
     "completion_notes": "Fuel filters changed, governor actuator linkage adjusted; load step test passed.",
     "notes": [("progress", "engineer", "Fuel filters were restricted; changed both."),
               ("resolution", "engineer", "Load test with bow thruster: 49.6 Hz minimum.")]},
    {"vessel": "AURORA", "n": 3, "status": "cancelled", "fault": "a-feed-pressure", "priority": "normal",
     "days_ago": 15, "assignee": "engineer", "created_by": "chief", "parts": [],
     "notes": [("general", "chief", "Cancelled: sea strainer was blocked with weed, cleared on watch.")]},
    {"vessel": "AURORA", "n": 4, "status": "in_progress", "fault": "a-coolant-3", "priority": "urgent", "days_ago": 2,
     "assignee": "engineer", "created_by": "chief", "due_in": 1,
     "parts": [("MTU-5550100211", 1), ("MTU-THERM-83", 2)],
     "notes": [("progress", "engineer", "Sea strainer clean. Impeller has two vanes missing; changing it."),
               ("issue", "chief", "Third coolant alarm on this engine in a month; check the heat exchanger too.")]},
    {"vessel": "AURORA", "n": 5, "status": "pending_parts", "fault": "a-salinity", "priority": "high", "days_ago": 5,
     "assignee": "eto", "created_by": "chief", "due_in": 14, "parts": [("SR-B040040", 2)],
     "notes": [("issue", "eto", "Membranes are 4 years old; salinity stays high after cleaning. Ordered 2.")]},
    {"vessel": "AURORA", "n": 6, "status": "open", "fault": "a-fire-pump", "priority": "high", "days_ago": 3,
     "assignee": "engineer", "created_by": "captain", "due_in": 3, "parts": [("AZ-MS-40", 1)], "notes": []},
    {"vessel": "AURORA", "n": 7, "status": "candidate", "fault": "a-oil-pressure", "priority": "normal",
     "days_ago": 1, "created_by": "chief", "parts": [], "notes": []},
    {"vessel": "AURORA", "n": 8, "status": "open", "equipment": "ME-SB", "priority": "normal", "days_ago": 6,
     "title": "Starboard main engine 1000-hour service", "assignee": "chief", "created_by": "chief", "due_in": 10,
     "parts": [("MTU-0031845301", 4), ("MTU-X00061050", 4), ("MTU-5550100211", 1)],
     "description": "Oil and fuel filters, raw water pump impeller, valve clearances, lube oil sample.",
     "notes": [("general", "chief", "Plan for the yard period; engine must be cold.")]},
    {"vessel": "AURORA", "n": 9, "status": "in_progress", "equipment": "STR-1", "priority": "normal", "days_ago": 4,
     "title": "Steering gear annual hydraulic oil sampling", "assignee": "eto", "created_by": "chief", "due_in": 5,
     "parts": [("JAS-HF-10", 2)], "notes": [("progress", "eto", "Samples taken from both HPUs; sent ashore.")]},
    {"vessel": "BOREALIS", "n": 1, "status": "completed", "fault": "b-salinity", "priority": "normal", "days_ago": 10,
     "assignee": "borealis_chief", "created_by": "borealis_chief", "completed_by": "borealis_chief",
     "parts": [("SR-B650010", 4)], "completion_notes": "Prefilters changed and membranes flushed; 280 ppm now.",
     "notes": [("resolution", "borealis_chief", "Salinity back to normal after alkaline clean.")]},
    {"vessel": "BOREALIS", "n": 2, "status": "open", "fault": "b-oil-pressure", "priority": "urgent", "days_ago": 4,
     "assignee": "borealis_chief", "created_by": "borealis_chief", "due_in": 2, "parts": [("NL-B4-10-30", 1)],
     "notes": []},
    {"vessel": "BOREALIS", "n": 3, "status": "pending_parts", "equipment": "GEN-2", "priority": "normal",
     "days_ago": 7, "title": "Generator 2 400-hour service", "assignee": "borealis_chief",
     "created_by": "borealis_chief", "due_in": 12, "parts": [("NL-B4-10-30", 2)], "notes": []},
]  # fmt: skip

USED_STATUSES = (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED)

# ---------------------------------------------------------------- handover

# vessel, summary, category, priority, added by, entity (kind, key) or None, hours ago, acknowledged by
HANDOVER = [
    ("AURORA", "Port main engine ran hot at full load again (SPN 110 FMI 0). Work order in progress; keep it "
     "below 1600 rpm until the raw water pump impeller is changed.", "ongoing_fault", "high", "chief",
     ("fault", "a-coolant-3"), 3, None),
    ("AURORA", "Watermaker is producing out-of-spec water (E047). New membranes ordered; run on tank water and "
     "watch the fresh water level.", "work_in_progress", "normal", "eto", ("work_order", 5), 5, None),
    ("AURORA", "No spare RO membranes on board until the order arrives.", "important_info", "high", "eto",
     ("part", "SR-B040040"), 5, None),
    ("AURORA", "Steering HPU 1 topped up with 4 L of hydraulic oil; check the level every watch (ST-04).",
     "equipment_status", "high", "engineer", ("equipment", "STR-1-HPU1"), 2, None),
    ("AURORA", "Bunkering planned 08:00 tomorrow at the Palma fuel dock. Sounding sheet is in the ECR.",
     "general", "normal", "captain", None, 8, None),
    ("AURORA", "Generator 2 load test passed after the fuel filter change; back in normal rotation.",
     "equipment_status", "low", "engineer", ("equipment", "GEN-2"), 30, "chief"),
    ("BOREALIS", "Starboard main engine coolant alarm (SPN 110 FMI 0) on arrival; not yet investigated.",
     "ongoing_fault", "high", "borealis_chief", ("fault", "b-coolant"), 4, None),
    ("BOREALIS", "Shore power connected; generators off until 06:00.", "general", "normal", "borealis_chief",
     None, 10, None),
]  # fmt: skip


class DemoFleet:
    """Builds (or finds) every demo row; `created` counts what this run added."""

    def __init__(self):
        self.now = timezone.now()
        self.year = self.now.year
        self.created = 0
        self.vessels: dict[str, Vessel] = {}
        self.users: dict[str, User] = {}
        self.manuals: dict[tuple[str, str], ManualDocument] = {}
        self.equipment: dict[tuple[str, str], Equipment] = {}
        self.faults: dict[str, Fault] = {}
        self.parts: dict[tuple[str, str], Part] = {}
        self.work_orders: dict[tuple[str, int], WorkOrder] = {}

    def ago(self, days=0, hours=0):
        return self.now - timedelta(days=days, hours=hours)

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj, created

    def build(self):
        for code, name, imo in VESSELS:
            self.vessels[code], _ = self.get_or_create(Vessel, code=code, defaults={"name": name, "imo_number": imo})
        self.seed_users()
        for code, keys in VESSEL_MANUALS.items():
            for key in keys:
                self.seed_manual(self.vessels[code], key)
        for code, rows in EQUIPMENT.items():
            self.seed_equipment(self.vessels[code], rows)
        self.seed_faults()
        self.seed_parts()
        self.seed_work_orders()
        self.seed_handover()

    def seed_users(self):
        for username, first_name, last_name, memberships in USERS:
            is_hod = any(role in HOD_ROLES for _, role in memberships)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    first_name=first_name,
                    last_name=last_name,
                    email=f"{username}@demo.yacht-pms.example",
                    is_staff=is_hod,
                    current_vessel=self.vessels[memberships[0][0]],
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
                self.created += 1
            self.users[username] = user
            for vessel_code, role in memberships:
                self.get_or_create(Membership, user=user, vessel=self.vessels[vessel_code], defaults={"role": role})

    def seed_manual(self, vessel, key):
        spec = MANUALS[key]
        document, created = self.get_or_create(
            ManualDocument,
            vessel=vessel,
            title=spec.title,
            defaults={
                "manufacturer": spec.manufacturer,
                "model": spec.model,
                "revision": spec.revision,
                "file": build_manual_pdf(spec),
                "page_count": spec.page_count,
                "status": IngestionStatus.READY,
                "uploaded_by": self.users["chief" if vessel.code == "AURORA" else "borealis_chief"],
            },
        )
        self.manuals[vessel.code, key] = document
        for position, s in enumerate(spec.sections):
            section, _ = self.get_or_create(
                ManualSection,
                document=document,
                title=s.title,
                defaults={
                    "vessel": vessel,
                    "page_number": s.page_number,
                    "end_page": s.end_page,
                    "position": position,
                    "text": s.text,
                },
            )
            for code in s.fault_codes:
                self.get_or_create(ManualFaultCode, section=section, code=code, defaults={"vessel": vessel})

    def seed_equipment(self, vessel, rows):
        for code, name, parent, location, manufacturer, model, serial, criticality, manual in rows:
            self.equipment[vessel.code, code], _ = self.get_or_create(
                Equipment,
                vessel=vessel,
                code=code,
                defaults={
                    "name": name,
                    "parent": self.equipment[vessel.code, parent] if parent else None,
                    "location": location,
                    "manufacturer": manufacturer,
                    "model": model,
                    "serial_number": serial,
                    "criticality": criticality,
                    "manual": self.manuals[vessel.code, manual] if manual else None,
                },
            )

    def seed_faults(self):
        for key, vessel_code, equipment_code, code, title, severity, status, days, reporter, resolver in FAULTS:
            reported_at = self.ago(days=days, hours=2)
            resolved = status in (FaultStatus.RESOLVED, FaultStatus.CLOSED)
            self.faults[key], _ = self.get_or_create(
                Fault,
                vessel=self.vessels[vessel_code],
                equipment=self.equipment[vessel_code, equipment_code],
                fault_code=code,
                title=title,
                defaults={
                    "description": FAULT_DESCRIPTIONS[code],
                    "severity": severity,
                    "status": status,
                    "detected_at": reported_at,
                    "reported_at": reported_at,
                    "reported_by": self.users[reporter],
                    "resolved_by": self.users[resolver] if resolved else None,
                    "resolved_at": self.ago(days=max(days - 1, 0)) if resolved else None,
                },
            )

    def seed_parts(self):
        used = {}
        for wo in WORK_ORDERS:
            if wo["status"] in USED_STATUSES:
                for number, quantity in wo["parts"]:
                    used[wo["vessel"], number] = used.get((wo["vessel"], number), 0) + quantity
        for vessel_code, number, quantity, *_ in STANDALONE_MOVEMENTS:
            used[vessel_code, number] = used.get((vessel_code, number), 0) - quantity

        for vessel_code, number, name, manufacturer, category, unit, location, on_hand, minimum, maximum in PARTS:
            part, created = self.get_or_create(
                Part,
                vessel=self.vessels[vessel_code],
                part_number=number,
                defaults={
                    "name": name,
                    "manufacturer": manufacturer,
                    "category": category,
                    "unit": unit,
                    "location": location,
                    "minimum_quantity": minimum,
                    "maximum_quantity": maximum,
                },
            )
            self.parts[vessel_code, number] = part
            opening = on_hand + used.get((vessel_code, number), 0)
            if created and opening:
                move_stock(
                    part=part,
                    quantity=opening,
                    reason=MovementReason.RECEIVED,
                    performed_by=self.users["chief" if vessel_code == "AURORA" else "borealis_chief"],
                    reference="Opening balance",
                )
            if created:
                self.move_standalone(vessel_code, part)

    def move_standalone(self, vessel_code, part):
        for code, number, quantity, reason, by, equipment_code, notes in STANDALONE_MOVEMENTS:
            if (code, number) == (vessel_code, part.part_number):
                move_stock(
                    part=part,
                    quantity=quantity,
                    reason=reason,
                    performed_by=self.users[by],
                    equipment=self.equipment[code, equipment_code] if equipment_code else None,
                    notes=notes,
                    counted=reason == MovementReason.STOCK_COUNT,
                )

    def seed_work_orders(self):
        for spec in WORK_ORDERS:
            vessel = self.vessels[spec["vessel"]]
            fault = self.faults[spec["fault"]] if "fault" in spec else None
            equipment = fault.equipment if fault else self.equipment[vessel.code, spec["equipment"]]
            title = spec.get("title") or f"{equipment.location} - {equipment.name} - {fault.fault_code}"
            created_at = self.ago(days=spec["days_ago"], hours=1)
            completed = spec["status"] in USED_STATUSES
            completer = self.users.get(spec.get("completed_by"))
            work_order, created = self.get_or_create(
                WorkOrder,
                vessel=vessel,
                number=f"WO-{self.year}-{spec['n']:04d}",
                defaults={
                    "title": title,
                    "description": spec.get("description") or (fault.description if fault else ""),
                    "equipment": equipment,
                    "fault": fault,
                    "priority": spec["priority"],
                    "status": spec["status"],
                    "created_by": self.users[spec["created_by"]],
                    "created_at": created_at,
                    "assignee": self.users.get(spec.get("assignee")),
                    "due_date": (self.now + timedelta(days=spec["due_in"])).date() if "due_in" in spec else None,
                    "completed_by": completer,
                    "completed_at": self.ago(days=max(spec["days_ago"] - 2, 0)) if completed else None,
                    "completion_notes": spec.get("completion_notes", ""),
                },
            )
            self.work_orders[vessel.code, spec["n"]] = work_order
            for i, (note_type, author, text) in enumerate(spec["notes"]):
                self.get_or_create(
                    WorkOrderNote,
                    work_order=work_order,
                    note_text=text,
                    defaults={
                        "vessel": vessel,
                        "note_type": note_type,
                        "created_by": self.users[author],
                        "created_at": created_at + timedelta(hours=2 + i),
                    },
                )
            for number, quantity in spec["parts"]:
                part = self.parts[vessel.code, number]
                self.get_or_create(
                    WorkOrderPart,
                    work_order=work_order,
                    part=part,
                    defaults={"vessel": vessel, "quantity": quantity, "added_by": work_order.created_by},
                )
                if created and completed:
                    move_stock(
                        part=part,
                        quantity=-quantity,
                        reason=MovementReason.WORK_ORDER,
                        performed_by=completer,
                        work_order=work_order,
                        equipment=equipment,
                        reference=work_order.number,
                    )
            self.keep_sequence_in_step(vessel, spec["n"])

    def keep_sequence_in_step(self, vessel, number):
        """The numbering row must not hand out a number the seed already used."""
        sequence, _ = WorkOrderNumberSequence.objects.get_or_create(vessel=vessel, year=self.year)
        if sequence.last_number < number:
            sequence.last_number = number
            sequence.save(update_fields=["last_number"])

    def entity_id(self, vessel_code, kind, key):
        if kind == "fault":
            return self.faults[key].pk
        if kind == "work_order":
            return self.work_orders[vessel_code, key].pk
        if kind == "part":
            return self.parts[vessel_code, key].pk
        return self.equipment[vessel_code, key].pk

    def seed_handover(self):
        for vessel_code, summary, category, priority, by, entity, hours, acknowledger in HANDOVER:
            self.get_or_create(
                HandoverItem,
                vessel=self.vessels[vessel_code],
                summary_text=summary,
                defaults={
                    "category": category,
                    "priority": priority,
                    "entity_type": entity[0] if entity else "",
                    "entity_id": self.entity_id(vessel_code, *entity) if entity else None,
                    "added_by": self.users[by],
                    "created_at": self.ago(hours=hours),
                    "acknowledged_by": self.users[acknowledger] if acknowledger else None,
                    "acknowledged_at": self.ago(hours=hours - 6) if acknowledger else None,
                },
            )


class Command(BaseCommand):
    help = "Load the demo fleet (AURORA, BOREALIS) with users, equipment, faults, work orders, parts and manuals."

    def handle(self, *args, **options):
        fleet = DemoFleet()
        with audit_context(actor_label="system:seed_demo"), transaction.atomic():
            fleet.build()
        self.stdout.write(f"Demo fleet ready ({fleet.created} rows created).")
        self.stdout.write(f"Demo logins (password for every one: {DEMO_PASSWORD}; demo only):")
        for username, first_name, last_name, memberships in USERS:
            roles = ", ".join(f"{Role(role).label} on {vessel}" for vessel, role in memberships)
            self.stdout.write(f"  {username:<15} {first_name} {last_name} - {roles}")
