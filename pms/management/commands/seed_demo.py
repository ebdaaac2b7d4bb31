"""`manage.py seed_demo`: the demo fleet AURORA and BOREALIS, ready to click through.

Idempotent: every row is looked up by its natural key (vessel code, username, equipment
code, part number, work order number, titles) and only created when missing, so a
second run changes nothing. Stock enters only through the ledger (`move_stock`), and
manuals only through `upload_manual`: generated PDFs with an outline, split into sections
and indexed for fault codes by the ingestion task, as an uploaded manufacturer's file is.
"""

from collections import Counter
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
from manuals.models import IngestionStatus, ManualDocument
from manuals.pdfgen import demo_manual_pdf
from manuals.services import upload_manual
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
CHIEF_ENGINEERS = {"AURORA": "chief", "BOREALIS": "borealis_chief"}


# ---------------------------------------------------------------- manuals

# A manual's section: (title, page texts, fault codes), as manuals.pdfgen.demo_manual_pdf takes it.
ManualSectionSpec = tuple[str, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Manual:
    """A demo manual; its PDF (one bookmark per section) is generated and uploaded like any other."""

    title: str
    manufacturer: str
    model: str
    revision: str
    system: str
    sections: tuple[ManualSectionSpec, ...]

    def pdf(self) -> bytes:
        return demo_manual_pdf(self.system, self.sections)


def section(title: str, *pages: str, codes=()) -> ManualSectionSpec:
    """A section whose fault codes are described in its pages; `codes` holds (code, meaning) pairs."""
    return title, pages, tuple(code for code, _ in codes)


def alarm_lines(codes) -> str:
    return "\n".join(f"{code} - {meaning}" for code, meaning in codes)


def alarm_table(codes_by_section) -> str:
    return "\n".join(
        f"{code} - {meaning} See {title}." for title, codes in codes_by_section.items() for code, meaning in codes
    )


def engine_manual(title, manufacturer, model, revision, *, controller, cooling, lubrication, fuel):
    """A main engine manual; `cooling`, `lubrication`, `fuel`: the (fault code, meaning) pairs of each system."""
    by_system = {"Cooling system": cooling, "Lubrication": lubrication, "Fuel system": fuel}
    return Manual(title, manufacturer, model, revision, "Main engine", (
        section(
            "Safety instructions",
            "Read this manual before working on the engine. Only trained engineers may operate or service it.\n\n"
            "Before any work: stop the engine, isolate the starting batteries and lock the control station in "
            "local mode. Let the engine cool: coolant and oil above 60 °C cause severe burns, and the cooling "
            "system is under pressure when hot.\n\n"
            "Wear hearing protection in the engine room while the engine runs. Keep hands clear of the belt "
            "drives and the flywheel. Clean up fuel and oil spills at once; they are a fire risk near the "
            "exhaust manifolds.",
        ),
        section(
            "Engine description and technical data",
            f"The {model} is a four-stroke, turbocharged and charge-air cooled marine diesel engine with "
            f"common-rail fuel injection, monitored and protected by {controller}.\n\n"
            "The cooling system has two circuits: fresh water (coolant) through the block, cylinder heads and "
            "charge-air cooler, and raw (sea) water through the heat exchanger, the gearbox oil cooler and the "
            "fuel cooler before it leaves through the wet exhaust.",
            "Technical data\n\n"
            "Lube oil: SAE 15W-40, API CH-4 or better. Coolant: 50 % water, 50 % approved coolant concentrate.\n"
            "Coolant temperature, normal running: 80 to 90 °C. Alarm and load reduction above 95 °C; "
            "shutdown above 102 °C.\n"
            "Lube oil pressure at rated speed: 4.5 to 6.0 bar; at idle not below 2.0 bar.\n"
            "Fuel delivery pressure after the filters: at least 3.0 bar at rated speed.\n\n"
            "Tightening torques: see the workshop manual for the cylinder heads and main bearings.",
        ),
        section(
            "Starting and stopping",
            "Before starting: check the coolant level in the expansion tank, the lube oil level on the dipstick, "
            "that the raw water sea cock is open and the sea strainer clean, and that the fuel supply and return "
            "valves of the day tank are open.\n\n"
            "Start from the control station. Run at idle until the coolant reaches 60 °C before applying load, "
            "and raise the load in steps.\n\n"
            "Before stopping: run at idle for five minutes so the turbocharger cools down. After stopping, close "
            "the sea cock when the vessel is left unattended.",
        ),
        section(
            "Cooling system",
            "Coolant circulates through the engine driven jacket water pump, the engine, the thermostats and the "
            "heat exchanger. The raw water pump (rubber impeller) draws sea water through the sea cock and the "
            "sea strainer.\n\n"
            f"Alarms of the cooling system:\n{alarm_lines(cooling)}\n\n"
            "On a high coolant temperature alarm: reduce the load at once. Check the expansion tank level and "
            "look for leaks, check the raw water flow at the exhaust outlet, clean the sea strainer, and inspect "
            "the raw water pump impeller for missing vanes. If the temperature keeps rising, stop the engine.",
            "Raw water pump impeller replacement\n\n"
            "Close the sea cock. Remove the pump cover, pull the impeller with the puller, and count its vanes: "
            "find every missing piece, usually in the heat exchanger inlet. Fit the new impeller with the vanes "
            "bent in the direction of rotation, renew the cover gasket and open the sea cock.\n\n"
            "Thermostats: test in hot water; they must start to open at 83 °C and be fully open at 95 °C.",
            codes=cooling,
        ),
        section(
            "Lubrication",
            "A gear pump draws oil from the sump through the strainer and delivers it through the oil cooler and "
            "the duplex oil filters to the main gallery, the turbocharger and the piston cooling nozzles.\n\n"
            f"Alarms of the lubrication system:\n{alarm_lines(lubrication)}\n\n"
            "On a low oil pressure alarm: check the oil level and grade, the differential pressure over the oil "
            "filters, and the pressure sender and its wiring. Do not run the engine under load with low oil "
            "pressure.",
            "Oil and filter change\n\n"
            "Drain the oil warm. Change both filter elements, fill to the upper mark, run at idle for two minutes "
            "and check for leaks, then top up to the upper mark again. Send an oil sample ashore every 250 "
            "running hours.",
            codes=lubrication,
        ),
        section(
            "Fuel system",
            "The fuel feed pump draws fuel from the day tank through the water separator and the duplex fine "
            "filters to the high-pressure pump and the common rail.\n\n"
            f"Alarms of the fuel system:\n{alarm_lines(fuel)}\n\n"
            "On a low fuel pressure alarm: switch over to the clean filter and change the blocked element, drain "
            "water from the separator, check the day tank level and valves, and bleed the system.",
            codes=fuel,
        ),
        section(
            "Fault codes and alarms",
            f"{controller[0].upper()}{controller[1:]} shows each active alarm on the engine panel and on the "
            "alarm monitoring system with its code.\n\n"
            f"{alarm_table(by_system)}\n\n"
            "A shutdown alarm stops the engine; it can only be restarted once the cause is found and the alarm "
            "has been reset at the control station.",
            codes=(*cooling, *lubrication, *fuel),
        ),
        section(
            "Troubleshooting",
            "Engine cranks but does not start: fuel valves closed, air in the fuel system, blocked filters, or "
            "the emergency stop not reset.\n\n"
            "Black smoke: overload, dirty air filters, or charge-air cooler fouled on the air side.\n"
            "White smoke after a cold start: normal until warm; persisting white smoke can mean coolant in a "
            "cylinder - check the coolant level.\n"
            "Blue smoke: worn turbocharger seals or too much oil in the sump.\n\n"
            "Unusual vibration: check the engine mounts, the shaft coupling and the propeller for damage.",
        ),
        section(
            "Maintenance schedule",
            "Daily: check the coolant and oil levels, the sea strainer, and look for leaks.\n"
            "Every 250 running hours: lube oil sample; drain water from the fuel water separator.\n"
            "Every 500 running hours: lube oil and filters, fuel filters, air filter check.\n"
            "Every 1000 running hours: raw water pump impeller, valve clearances, belt tension.\n"
            "Every year: thermostats, heat exchanger cleaning, zinc anodes, turbocharger inspection.",
            "Every 2 years: coolant change, charge-air cooler cleaning, engine mount inspection.\n"
            "Every 6000 running hours: injector overhaul.\n\n"
            "Record every task in the planned maintenance system with the running hours.",
        ),
    ))  # fmt: skip


def generator_manual(title, manufacturer, model, revision, *, electrical, engine):
    """A generator set manual; `electrical`, `engine`: the (fault code, meaning) pairs of each part."""
    by_part = {"Electrical output and protection": electrical, "Engine protection": engine}
    return Manual(title, manufacturer, model, revision, "Generator set", (
        section(
            "Safety precautions",
            "The generator produces lethal voltage. Before service, open and lock out the main breaker and the "
            "shore power changeover, set the controller to OFF and disconnect the starting battery.\n\n"
            "Never run the set with the sound shield doors open or with the belt guard removed.",
        ),
        section(
            "Generator set description",
            "A four-cylinder marine diesel engine drives a brushless, self-excited alternator at 1500 rpm for "
            "50 Hz. The controller starts and stops the set, regulates the voltage and protects the engine and "
            "the alternator.\n\n"
            "Raw water cools the heat exchanger and the wet exhaust; coolant circulates in a closed circuit.",
        ),
        section(
            "Operation",
            "Start: set the controller to RUN; the set cranks, starts and reaches rated speed and voltage in "
            "about ten seconds. Close the breaker only when the voltage and frequency are stable.\n\n"
            "Load: apply large loads (bow thruster, chiller compressors) one at a time.\n"
            "Stop: open the breaker, let the set run without load for three minutes, then set the controller "
            "to OFF.",
        ),
        section(
            "Electrical output and protection",
            "The controller trips the breaker when the output leaves its limits and shows the fault code.\n\n"
            f"{alarm_lines(electrical)}\n\n"
            "After an overcurrent trip: check the load that was connected, the load sharing when two sets run "
            "in parallel, and look for a short circuit before the breaker is reset.\n"
            "After an under-frequency fault: check the governor actuator and its linkage, the fuel filters, and "
            "the size of the load applied in one step.",
            codes=electrical,
        ),
        section(
            "Engine protection",
            "The controller stops the engine on these faults; it cannot be restarted until the fault is "
            "reset.\n\n"
            f"{alarm_lines(engine)}\n\n"
            "On low oil pressure: check the oil level, the oil filter and the pressure sender before a restart.\n"
            "On high coolant temperature: check the raw water flow, the sea strainer and the raw water pump "
            "impeller.",
            codes=engine,
        ),
        section(
            "Fault codes and alarms",
            f"Fault codes shown by the controller:\n\n{alarm_table(by_part)}\n\n"
            "Press and hold RESET for three seconds to clear a fault once its cause is removed.",
            codes=(*electrical, *engine),
        ),
        section(
            "Troubleshooting",
            "Set does not crank: battery flat, battery switch off, or the controller in OFF.\n"
            "Set cranks but does not start: fuel valve closed, air in the fuel system, or a blocked fuel filter.\n"
            "Voltage unstable: loose alternator connections or a faulty voltage regulator.\n"
            "Hunting speed: air in the fuel, or a sticking governor actuator.",
        ),
        section(
            "Maintenance",
            "Daily: oil and coolant level, sea strainer, leaks.\n"
            "Every 250 running hours: oil and oil filter, fuel filters.\n"
            "Every 500 running hours: air filter, belt tension, valve clearances.\n"
            "Every year: raw water pump impeller, heat exchanger cleaning, zinc anodes, load test.",
        ),
    ))  # fmt: skip


SALINITY = (("E047", "Product water salinity above 500 ppm; product water diverted to drain."),)
FEED_PRESSURE = (("E012", "Low feed pressure at the high-pressure pump inlet."),)
HIGH_PRESSURE = (("E031", "High-pressure switch tripped; the high-pressure pump stops."),)
SUCTION = (
    ("A-102", "Low suction pressure, compressor stopped."),
    ("A-115", "High discharge pressure, compressor stopped."),
)
CHILLED_WATER = (("A-131", "No chilled water flow at the flow switch; compressors locked out."),)
STEERING_HPU = (("ST-04", "Hydraulic oil low level in a power unit tank."),)
RUDDER_FEEDBACK = (("ST-11", "Rudder feedback deviates from the order by more than 2 degrees."),)
FIRE_PUMP = (("FP-01", "Discharge pressure below 7 bar with the pump running."),)
FIRE_PUMP_MOTOR = (("FP-02", "Motor overload relay tripped."),)

MANUALS = {
    "mtu": engine_manual(
        "MTU 16V 4000 M73L Operating Instructions", "MTU", "16V 4000 M73L", "Rev. 2021-04",
        controller="the engine control unit",
        cooling=(("SPN 110 FMI 0", "Coolant temperature high, shutdown level."),
                 ("SPN 110 FMI 16", "Coolant temperature high, warning level; load reduced.")),
        lubrication=(("SPN 100 FMI 1", "Lube oil pressure low, shutdown level."),
                     ("SPN 100 FMI 18", "Lube oil pressure low, warning level.")),
        fuel=(("SPN 94 FMI 1", "Fuel delivery pressure low."),),
    ),
    "cat": engine_manual(
        "Caterpillar C32 ACERT Operation and Maintenance Manual", "Caterpillar", "C32 ACERT", "SEBU8100-07",
        controller="the engine electronic control module",
        cooling=(("SPN 110 FMI 0", "Coolant temperature high, shutdown level."),),
        lubrication=(("SPN 100 FMI 1", "Engine oil pressure low, shutdown level."),
                     ("SPN 175 FMI 0", "Engine oil temperature high.")),
        fuel=(("SPN 94 FMI 1", "Fuel delivery pressure low."), ("SPN 174 FMI 0", "Fuel temperature high.")),
    ),
    "kohler": generator_manual(
        "Kohler 99EFOZDJ Generator Set Operation Manual", "Kohler", "99EFOZDJ", "TP-6879 Rev. C",
        electrical=(("G-021", "Generator overcurrent; breaker tripped."),
                    ("G-045", "Under-frequency, below 47.5 Hz for more than 5 seconds.")),
        engine=(("G-031", "High coolant temperature shutdown."), ("G-032", "Low oil pressure shutdown.")),
    ),
    "northern_lights": generator_manual(
        "Northern Lights M1276 Generator Operator's Manual", "Northern Lights", "M1276", "Rev. 2019",
        electrical=(("G-021", "Generator overcurrent; breaker tripped."),),
        engine=(("SPN 100 FMI 1", "Low oil pressure shutdown."), ("SPN 110 FMI 0", "High coolant temperature "
                "shutdown.")),
    ),
    "watermaker": Manual(
        "Sea Recovery Aqua Whisper Pro 1800 Owner's Manual", "Sea Recovery", "Aqua Whisper Pro 1800", "Rev. 12",
        "Reverse osmosis watermaker", (
            section(
                "System description",
                "Sea water passes the sea strainer, the boost pump and the 20 and 5 micron prefilters, then the "
                "high-pressure pump raises it to 55 bar through the membrane array. Product water passes the "
                "salinity probe: good water goes to the tanks, bad water to drain. Brine leaves overboard.",
            ),
            section(
                "Start-up and shut-down",
                "Start-up: open the sea cock and the brine overboard valve, start the boost pump, check the feed "
                "pressure, then start the high-pressure pump and raise the pressure slowly to 55 bar with the "
                "pressure regulating valve.\n\n"
                "Shut-down: lower the pressure to zero before stopping the high-pressure pump, then run the fresh "
                "water flush for three minutes. Flush after every run and at least every five days when idle.",
            ),
            section(
                "Product water quality",
                f"{alarm_lines(SALINITY)}\n\n"
                "Check the salinity probe reading against a hand-held meter first. If it is right, check the "
                "o-rings of the product tubes and end caps of each membrane vessel, and clean the membranes "
                "(alkaline, then acid). Membranes that stay above 500 ppm after cleaning, usually older than "
                "three years, must be replaced.",
                codes=SALINITY,
            ),
            section(
                "Feed water and prefilters",
                f"{alarm_lines(FEED_PRESSURE)}\n\n"
                "Clean the sea strainer, change the prefilters (change them at a differential pressure of "
                "0.7 bar in any case) and check the boost pump. In harbour or in silty water, run the watermaker "
                "only when necessary.",
                codes=FEED_PRESSURE,
            ),
            section(
                "High-pressure pump",
                f"{alarm_lines(HIGH_PRESSURE)}\n\n"
                "The switch trips at 69 bar. Check that the pressure regulating valve was not closed too far and "
                "that the brine line is not blocked. Change the pump crankcase oil every 500 running hours.",
                codes=HIGH_PRESSURE,
            ),
            section(
                "Fault codes and alarms",
                alarm_table({"Product water quality": SALINITY, "Feed water and prefilters": FEED_PRESSURE,
                             "High-pressure pump": HIGH_PRESSURE}),
                codes=(*SALINITY, *FEED_PRESSURE, *HIGH_PRESSURE),
            ),
            section(
                "Membrane cleaning and storage",
                "Clean with the alkaline cleaner first, then the acid cleaner, each for 45 minutes at 35 °C, "
                "circulating at low pressure. For a lay-up of more than three weeks, pickle the membranes with "
                "the storage chemical and note the date on the unit.",
            ),
            section(
                "Maintenance",
                "Weekly: sea strainer; prefilters by differential pressure.\n"
                "Every 500 running hours: high-pressure pump crankcase oil.\n"
                "Every year: pressure regulating valve and gauges; salinity probe calibration.",
            ),
        ),
    ),
    "hvac": Manual(
        "Heinen & Hopman CWU-240 Chiller Service Manual", "Heinen & Hopman", "CWU-240", "Ed. 2020",
        "Chilled water plant", (
            section(
                "Chiller plant overview",
                "Two scroll compressors with R134a, a sea-water cooled condenser and a plate evaporator supply "
                "chilled water at 7 °C to the air handlers and fan coils. The controller stages the compressors "
                "on the chilled water return temperature.",
            ),
            section(
                "Operation",
                "Start the sea water pump and the chilled water circulation pump before enabling the chiller. "
                "The compressors start in turn after a five-minute delay. Do not switch a compressor on and off "
                "by hand more than six times an hour.",
            ),
            section(
                "Refrigerant circuit",
                f"{alarm_lines(SUCTION)}\n\n"
                "Low suction pressure: the refrigerant charge is low or the evaporator flow is poor. Leak test "
                "the circuit before topping up; never top up without finding the leak.\n"
                "High discharge pressure: sea water flow through the condenser is poor. Clean the condenser "
                "strainer and check the sea water pump; in warm sea water the plant may have to run on one "
                "compressor.",
                codes=SUCTION,
            ),
            section(
                "Chilled water circuit",
                f"{alarm_lines(CHILLED_WATER)}\n\n"
                "Check that the circulation pump runs, vent air from the loop at the high points, check the "
                "expansion tank pressure (1.5 bar), and test the flow switch itself.",
                codes=CHILLED_WATER,
            ),
            section(
                "Alarms",
                alarm_table({"Refrigerant circuit": SUCTION, "Chilled water circuit": CHILLED_WATER}),
                codes=(*SUCTION, *CHILLED_WATER),
            ),
            section(
                "Maintenance",
                "Monthly: condenser strainer, refrigerant sight glass, compressor oil level.\n"
                "Every year: leak test, compressor oil acidity test, condenser tube cleaning, flow switch test.",
            ),
        ),
    ),
    "steering": Manual(
        "Jastram RST-520 Steering Gear Manual", "Jastram", "RST-520", "Rev. B", "Steering gear", (
            section(
                "Description",
                "Electro-hydraulic steering gear with two independent hydraulic power units, each able to move "
                "the rudder from 35 degrees on one side to 30 degrees on the other in 28 seconds.",
            ),
            section(
                "Operation and emergency steering",
                "Run one power unit in normal service and both in confined waters. If both fail, steer from the "
                "lazarette with the manual valves on the power unit block, by order from the bridge.",
            ),
            section(
                "Hydraulic power units",
                f"{alarm_lines(STEERING_HPU)}\n\n"
                "Switch over to the other power unit, find and fix the leak (hoses, cylinder seals, pump shaft "
                "seal), then top up with ISO VG 46 hydraulic oil through the filler filter.",
                codes=STEERING_HPU,
            ),
            section(
                "Rudder feedback",
                f"{alarm_lines(RUDDER_FEEDBACK)}\n\n"
                "Check the feedback unit linkage for play and the unit's calibration at midships and at both "
                "hard-over positions.",
                codes=RUDDER_FEEDBACK,
            ),
            section(
                "Alarms",
                alarm_table({"Hydraulic power units": STEERING_HPU, "Rudder feedback": RUDDER_FEEDBACK}),
                codes=(*STEERING_HPU, *RUDDER_FEEDBACK),
            ),
            section(
                "Maintenance and testing",
                "Before departure: test both power units hard over to hard over and the alarms.\n"
                "Every year: oil sample from each power unit, filters, linkage greasing.",
            ),
        ),
    ),
    "fire_pump": Manual(
        "Azcue CA Fire Pump Instruction Manual", "Azcue", "CA 40/12", "Ed. 2018", "Fire pump", (
            section(
                "Installation and priming",
                "Keep the suction line full and the foot valve tight. Vent the pump casing before the first "
                "start and after any work on the suction side.",
            ),
            section(
                "Operation and weekly test",
                f"{alarm_lines(FIRE_PUMP)}\n\n"
                "Run the pump every week against the test hydrant and record the discharge pressure, normally "
                "9 bar. If it is low, check the suction strainer, the sea cock, the impeller for wear and the "
                "mechanical seal for air leaks.",
                codes=FIRE_PUMP,
            ),
            section(
                "Motor and starter",
                f"{alarm_lines(FIRE_PUMP_MOTOR)}\n\n"
                "Check the motor current against the name plate and the pump for a seized bearing before the "
                "relay is reset.",
                codes=FIRE_PUMP_MOTOR,
            ),
            section(
                "Maintenance",
                "Every year: mechanical seal and bearing inspection, impeller clearance, motor insulation test.",
            ),
        ),
    ),
}  # fmt: skip

VESSEL_MANUALS = {
    "AURORA": ["mtu", "kohler", "watermaker", "hvac", "steering", "fire_pump"],
    "BOREALIS": ["cat", "northern_lights", "watermaker", "hvac", "steering", "fire_pump"],
}


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
        """Upload the manual as the vessel's chief engineer; its ingestion splits it once the seed commits."""
        spec = MANUALS[key]
        document = ManualDocument.objects.filter(vessel=vessel, title=spec.title).first()
        if document is None:
            document = upload_manual(
                vessel=vessel,
                uploaded_by=self.users[CHIEF_ENGINEERS[vessel.code]],
                file=ContentFile(spec.pdf(), name=f"{key}.pdf"),
                title=spec.title,
                manufacturer=spec.manufacturer,
                model=spec.model,
                revision=spec.revision,
            )
            self.created += 1
        self.manuals[vessel.code, key] = document

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
                    performed_by=self.users[CHIEF_ENGINEERS[vessel_code]],
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
        # Leaving the transaction runs the ingestion upload_manual queued for each new manual: at once
        # with the immediate task backend (the default), else in the task worker.
        with audit_context(actor_label="system:seed_demo"), transaction.atomic():
            fleet.build()
        self.stdout.write(f"Demo fleet ready ({fleet.created} rows created).")
        manuals = ManualDocument.objects.filter(pk__in=[document.pk for document in fleet.manuals.values()])
        statuses = Counter(manuals.values_list("status", flat=True))
        self.stdout.write(
            "Manuals: " + ", ".join(f"{n} {IngestionStatus(status).label.lower()}" for status, n in statuses.items())
        )
        self.stdout.write(f"Demo logins (password for every one: {DEMO_PASSWORD}; demo only):")
        for username, first_name, last_name, memberships in USERS:
            roles = ", ".join(f"{Role(role).label} on {vessel}" for vessel, role in memberships)
            self.stdout.write(f"  {username:<15} {first_name} {last_name} - {roles}")
