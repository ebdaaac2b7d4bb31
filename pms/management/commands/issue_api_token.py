from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit.context import audit_context
from pms.models import ApiToken


class Command(BaseCommand):
    help = "Issue a new API token for a user; the token is printed once, as the last line."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        with audit_context(actor_label="system:issue_api_token"):
            token, raw = ApiToken.issue(user=user, name=name)
        self.stdout.write(f"Token {token.prefix}… issued for {username}. Keep it secret; it is shown only once.")
        self.stdout.write(raw)
