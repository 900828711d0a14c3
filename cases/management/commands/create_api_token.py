"""`manage.py create_api_token USER`: print the user's API token, creating it if needed.

Programs authenticate to the REST API with `Authorization: Token <key>`. What a token may do
follows its user's groups (Curators write drafts, Editors also publish). `--rotate` replaces
an existing (e.g. leaked) token.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Print USER's REST API token, creating it first if needed (--rotate replaces it)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument(
            "--rotate", action="store_true", help="Delete the existing token and issue a new one."
        )

    @transaction.atomic
    def handle(self, *args, username: str, rotate: bool, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(
                f"No user named '{username}'. Create one first (manage.py createsuperuser or "
                "the admin), then put them in the Curators or Editors group."
            ) from None
        if not user.is_active:
            raise CommandError(f"'{username}' is inactive: a token for them would not work.")
        if rotate:
            Token.objects.filter(user=user).delete()
        token, created = Token.objects.get_or_create(user=user)
        if created:
            self.stderr.write(f"Created a token for {username}.")
        self.stdout.write(token.key)
