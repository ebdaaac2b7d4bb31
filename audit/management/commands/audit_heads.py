import json

from django.core.management.base import BaseCommand

from audit.services import chain_heads


class Command(BaseCommand):
    help = (
        "Print each audit chain's length and last hash, one JSON object a line. Keep the output "
        "off the server; `verify_audit --against FILE` later fails if a chain went back."
    )

    def handle(self, *args, **options):
        for head in chain_heads():
            self.stdout.write(json.dumps(head, sort_keys=True))
