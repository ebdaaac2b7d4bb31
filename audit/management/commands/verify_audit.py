from django.core.management.base import BaseCommand, CommandError

from audit.services import verify_chains
from pms.models import Vessel


class Command(BaseCommand):
    help = "Walk every vessel's audit hash chain; exit non-zero naming the first broken entry."

    def handle(self, *args, **options):
        checked, breaks = verify_chains()
        if breaks:
            names = dict(Vessel.objects.values_list("id", "code"))
            for b in breaks:
                chain = names.get(b.vessel_id, "fleet")
                self.stderr.write(f"BROKEN chain {chain}: entry id {b.entry_id} (sequence {b.sequence}): {b.reason}")
            raise CommandError(f"{len(breaks)} audit chain(s) broken; {checked} entries checked.")
        self.stdout.write(f"Audit log intact: {checked} entries verified.")
