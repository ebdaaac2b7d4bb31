from django.core.management.base import BaseCommand

from pms import uploads


class Command(BaseCommand):
    help = "Remove staged uploads (and their files) that no action took within a day."

    def handle(self, *args, **options):
        removed = uploads.purge()
        self.stdout.write(f"{removed} staged upload(s) removed.")
