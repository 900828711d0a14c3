"""`manage.py create_member NAME --role editor`: a curator or an editor in one step."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.groups import ROLES, make_member


class Command(BaseCommand):
    help = (
        "Create a member of staff as a curator (drafts, reviews) or an editor (also publishes "
        "and deletes), printing a one-time password; an existing account moves to that role and "
        "keeps its password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")

    def handle(self, *args, username: str, role: str, email: str, **options):
        try:
            user, password = make_member(username=username, role=role, email=email)
        except ValidationError as exc:
            problems = "; ".join(
                f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
            )
            raise CommandError(f"No member was created ({problems}).") from exc
        if password is None:
            self.stdout.write(self.style.SUCCESS(f"{user.username} is now a {role}."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {user.username} as a {role} (the password is shown only this once):\n"
                f"    {settings.SITE_URL}/admin/   user: {user.username}   password: {password}\n"
                f"They can change it under 'Change password' once logged in."
            )
        )
