"""The project's modules and its top tier, lowest first: the one list a new module is added to.

The kernel (`pms`, `audit`) comes before all of them and imports none; each module may
import the kernel and the modules listed before it (the import contracts in
`.importlinter` check this); the top tier reads what the modules declare in `pms.registry`.
"""

MODULES = [
    "equipment",
    "manuals",
    "inventory",
    "workorders",
    "counters",
    "maintenance",
    "photos",
    "imports",
]

TOP_TIER = [
    "handover",
    "search",
    "dashboard",
    "labels",  # QR label sheets and the /scan/ page
    "bench",  # the fleet-scale benchmark's seed_fleet and baseline page
]
