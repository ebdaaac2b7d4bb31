import json

from django.core.management.base import BaseCommand, CommandError

from audit.services import rollbacks_since, verify_chains
from pms.models import Vessel


class Command(BaseCommand):
    help = (
        "Walk every vessel's audit hash chain; exit non-zero naming the first broken entry. "
        "With --against FILE (saved `audit_heads` output), also fail when a chain is now shorter "
        "or its entry at the saved length no longer has the saved hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("--against", metavar="FILE", help="heads saved earlier by `manage.py audit_heads`")

    def handle(self, *args, against=None, **options):
        saved = self._read(against) if against else None
        checked, breaks = verify_chains()
        problems = []
        if breaks:
            names = dict(Vessel.objects.values_list("id", "code"))
            for b in breaks:
                chain = names.get(b.vessel_id, "fleet")
                problems.append(f"BROKEN chain {chain}: entry id {b.entry_id} (sequence {b.sequence}): {b.reason}")
        if saved is not None:
            problems += [f"ROLLED BACK {problem}" for problem in rollbacks_since(saved)]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} audit chain problem(s); {checked} entries checked.")
        compared = f"; no chain went back since {against}" if against else ""
        self.stdout.write(f"Audit log intact: {checked} entries verified{compared}.")

    def _read(self, path) -> list[dict]:
        try:
            with open(path, encoding="utf-8") as file:
                heads = [json.loads(line) for line in file if line.strip()]
        except (OSError, ValueError) as error:
            raise CommandError(f"cannot read saved heads from {path}: {error}") from None
        keys = {"chain", "vessel_id", "length", "last_hash"}
        if not all(isinstance(h, dict) and keys <= set(h) and isinstance(h["length"], int) for h in heads):
            raise CommandError(f"{path} is not the output of `manage.py audit_heads`.")
        return heads
