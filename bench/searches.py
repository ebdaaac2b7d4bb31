"""What the benchmark's users type into the search box (locust's users and wrk's requests alike)."""

SEARCHES = [
    "coolant pump",
    "impeller",
    "E047",
    "generator filter",
    "seal kit",
    "WO-2024-0101",
    "P-000123",
    "watermaker",
]
