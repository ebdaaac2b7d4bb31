"""One search over everything on board. Reads only: it returns previews and suggested
actions (links to an action's prefill step), never executes anything.

The kinds it searches are declared by the modules (`pms.registry.SearchKind`). Equipment,
faults, work orders and parts match by case-insensitive substring on their identifying
fields (on PostgreSQL served by trigram GIN indexes, so part numbers and fault codes match
as typed) and rank exact > prefix > substring. Manual sections use PostgreSQL full-text
search plus the fault-code index; on SQLite they fall back to the substring matcher.
"""

from dataclasses import dataclass, field

from pms import registry
from pms.searching import Hit, Suggestion

MAX_QUERY_LENGTH = 200


@dataclass
class Results:
    query: str
    groups: list[tuple[str, list[Hit]]] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(hits) for _, hits in self.groups)


def normalise(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


def search(*, vessel, query: str) -> Results:
    query = normalise(query)
    results = Results(query=query)
    if vessel is None or len(query) < 2:
        return results
    terms = query.split()
    kinds = registry.search_kinds()
    found = {kind.name: list(kind.find(vessel, query, terms)) for kind in kinds}
    for kind in kinds:
        hits = [kind.hit(row, terms) for row in found[kind.name]]
        if hits:
            results.groups.append((kind.label, hits))
    for kind in kinds:
        if kind.suggest:
            results.suggestions.extend(kind.suggest(query, found))
    return results
