"""``manage api_token create|list|revoke``: personal API tokens from the command line.

The token is printed once, on creation; it acts as the named person, with their rights. The
work is done by the same services as the account page, as that person, so it is audited.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from clearhold.api.models import ApiToken
from clearhold.api.tokens import DEFAULT_DAYS, api_token_create, api_token_revoke, api_tokens_of
from clearhold.audit.context import acting_as


class Command(BaseCommand):
    help = "Make, list or revoke a person's personal API tokens."

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create", help="Make a token and print it (shown once)")
        create.add_argument("--user", required=True, help="The person's username")
        create.add_argument("--name", required=True, help="What the token is for")
        create.add_argument(
            "--days", type=int, default=DEFAULT_DAYS, help="How many days it works (default 90)"
        )
        listing = sub.add_parser("list", help="List a person's tokens")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its number")
        revoke.add_argument("--user", required=True)
        revoke.add_argument("token_id", type=int)

    def handle(self, *args, verb: str, user: str, **options) -> None:
        person = get_user_model().objects.filter(username=user).first()
        if person is None:
            raise CommandError(f"No person with the username “{user}”.")
        if not person.is_active:
            raise CommandError(f"The account “{user}” is not active.")
        with acting_as(person, path=f"manage api_token {verb}"):
            if verb == "create":
                try:
                    token, plain = api_token_create(
                        user=person, name=options["name"], days=options["days"]
                    )
                except ValidationError as invalid:
                    raise CommandError(" ".join(invalid.messages)) from None
                until = f"{token.expires_at:%Y-%m-%d %H:%M} UTC"
                self.stdout.write(
                    f"Token {token.pk} “{token.name}” for {user}, works until {until} (shown once):"
                )
                self.stdout.write(plain)
            elif verb == "list":
                for token in api_tokens_of(user=person):
                    state = (
                        "revoked" if token.revoked_at else "expired" if token.expired else "active"
                    )
                    used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
                    self.stdout.write(
                        f"{token.pk}\t{token.prefix}…\t{state}\tlast used {used}\t"
                        f"expires {token.expires_at:%Y-%m-%d}\t{token.name}"
                    )
            else:
                token = ApiToken.objects.filter(pk=options["token_id"], user=person).first()
                if token is None:
                    raise CommandError(f"{user} has no token number {options['token_id']}.")
                api_token_revoke(user=person, token=token)
                self.stdout.write(f"Revoked token {token.pk} “{token.name}”.")
