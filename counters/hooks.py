"""What a later module hooks into counters with, without counters importing it.

`due_consequences`: the providers a maintenance module appends to (from its `ui.py`), each
`provider(*, counter, hours, read_at) -> list[str]`, the maintenance jobs that a reading of
`hours` (the total) at `read_at` would make due, in words. `record_counter_reading`'s preview
lists them as side effects; with no provider registered, nothing is listed.
"""

from collections.abc import Callable

due_consequences: list[Callable[..., list[str]]] = []


def register_due_consequences(provider: Callable[..., list[str]]) -> None:
    due_consequences.append(provider)


def due_consequences_of(*, counter, hours: int, read_at) -> list[str]:
    return [line for provider in due_consequences for line in provider(counter=counter, hours=hours, read_at=read_at)]
