"""Email digests sent to a local SMTP server the tests start (aiosmtpd on 127.0.0.1): who gets
one, what it lists, that a rerun the same day sends nothing new, that a person who turned it
off gets nothing, and that a partner's digest holds no restricted value."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from clearhold.accounts.models import User
from clearhold.accounts.roles import Role
from clearhold.law import UK
from clearhold.notifications.models import DigestSent, DigestSettings
from clearhold.notifications.services import digest_settings_save, digests_send
from clearhold.problems.actions import action_create
from clearhold.problems.models import Action, Layer, MemberRole, Problem, Review
from clearhold.problems.services import member_add, partner_add

pytestmark = pytest.mark.django_db
# The notice was served at 15:30 on 5 May 2025: the court must hear the application by 15:30
# on 7 May (s.80(3),(4)).
NOW = dt.datetime(2025, 5, 5, 18, 0, tzinfo=UK)
VICTIMS = "Canary-victims Mrs Example at Flat 3"
OFFENDERS = "Canary-offenders John Example deals drugs"


class Inbox:
    """An aiosmtpd handler keeping every message it is sent."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [message for rcpt, message in self.messages if address in rcpt]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(settings):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.CLEARHOLD_SITE_URL = "https://clearhold.example"
    yield handler
    controller.stop()


@pytest.fixture
def partner(make_user, charity, problem, manager):
    """A member from a voluntary partner the sharing record gives no personal data."""
    partner_add(user=manager, problem=problem, organisation=charity, sees_personal_data=False)
    person = make_user("outreach", charity, Role.PARTNER_VIEWER)
    member_add(user=manager, problem=problem, person=person, role=MemberRole.SUPPORT)
    return person


@pytest.fixture
def world(served, problem, manager, inspector, partner, council):
    """The served closure (its hearing due within 48 hours), an overdue action owned by a named
    person, a review due in three days, and restricted notes on the problem."""
    for person in (manager, inspector, partner):
        User.objects.filter(pk=person.pk).update(email=f"{person.username}@example.org")
    Problem.objects.filter(pk=problem.pk).update(victim_notes=VICTIMS, offender_notes=OFFENDERS)
    action = action_create(
        user=manager, problem=problem, title="Fit a lockable gate to the stairwell",
        layer=Layer.ENVIRONMENT, owner_organisation=council, owner=manager,
        due_date=dt.date(2025, 5, 7),
    )  # fmt: skip
    Action.objects.filter(pk=action.pk).update(due_date=dt.date(2025, 5, 1))  # now overdue
    Review.objects.filter(problem=problem, months=3).update(due_date=dt.date(2025, 5, 8))
    return problem


def _text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_each_member_gets_a_digest_of_what_is_due_on_their_problems(inbox, world, manager):
    report = digests_send(now=NOW)
    assert sorted(report.sent) == ["inspector", "manager", "outreach"]
    assert {rcpt for rcpts, _ in inbox.messages for rcpt in rcpts} == {
        "manager@example.org",
        "inspector@example.org",
        "outreach@example.org",
    }
    [message] = inbox.to("manager@example.org")
    assert message["Subject"].startswith("ClearHold: ")
    assert "due on your problems (5 May 2025)" in message["Subject"]
    text = _text(message)
    # The 48-hour clocks from service (s.80(3),(4), s.77): the hearing and the notice's end.
    assert "Application heard by: 15:30 on 7 May 2025 (s.80(3),(4))" in text
    assert "Closure notice ends: 15:30 on 6 May 2025" in text
    assert "Fit a lockable gate to the stairwell" in text
    assert "was due 1 May 2025" in text
    assert "3-month review of ASB on the West Street open space – due 8 May 2025" in text
    assert f"https://clearhold.example/powers/closures/{world.closures.get().pk}/" in text
    assert "https://clearhold.example/account/notifications/" in text


def test_a_rerun_the_same_day_sends_nothing_new(inbox, world):
    digests_send(now=NOW)
    first = len(inbox.messages)
    again = digests_send(now=NOW + dt.timedelta(hours=2))
    assert again.sent == []
    assert again.already == 3
    assert len(inbox.messages) == first
    assert DigestSent.objects.count() == 3
    digests_send(now=NOW + dt.timedelta(days=1))  # the next day, the daily digest again
    assert DigestSent.objects.count() == 6


def test_a_weekly_digest_waits_a_week(inbox, world, manager):
    digest_settings_save(user=manager, frequency="weekly")
    digests_send(now=NOW)
    digests_send(now=NOW + dt.timedelta(days=1))
    assert len(inbox.to("manager@example.org")) == 1


def test_a_person_who_turned_it_off_gets_nothing(client, inbox, world, manager):
    client.force_login(manager)
    page = client.get("/account/notifications/")
    assert page.status_code == 200
    assert "manager@example.org" in page.content.decode()
    saved = client.post(
        "/account/notifications/", {"frequency": "daily", "clocks": "on", "actions": "on"}
    )
    assert saved.status_code == 302
    assert DigestSettings.objects.get(user=manager).enabled is False
    report = digests_send(now=NOW)
    assert "manager" not in report.sent
    assert inbox.to("manager@example.org") == []
    assert inbox.to("inspector@example.org")


def test_only_the_kinds_chosen_are_listed(inbox, world, inspector):
    digest_settings_save(user=inspector, enabled=True, clocks=False, actions=True, reviews=False)
    digests_send(now=NOW)
    [message] = inbox.to("inspector@example.org")
    text = _text(message)
    assert "Fit a lockable gate" in text
    assert "Application heard by" not in text
    assert "review" not in text.lower().split("to change")[0]


def test_choosing_nothing_to_list_is_refused_with_a_reason(client, world, manager):
    client.force_login(manager)
    page = client.post("/account/notifications/", {"enabled": "on", "frequency": "daily"})
    assert page.status_code == 200
    assert "Choose at least one thing for the digest to list" in page.content.decode()
    assert not DigestSettings.objects.exists()


def test_a_partners_digest_holds_no_restricted_value(inbox, world, partner, manager):
    digests_send(now=NOW)
    [message] = inbox.to("outreach@example.org")
    text = _text(message)
    assert "Fit a lockable gate to the stairwell" in text  # the digest is there...
    for restricted in (VICTIMS, OFFENDERS, manager.first_name, manager.last_name):
        assert restricted not in text  # ...without the names and notes pages hide from them
    for _, sent in inbox.messages:  # nobody's digest copies personal data: it links instead
        assert VICTIMS not in _text(sent)
        assert OFFENDERS not in _text(sent)


def test_nothing_due_sends_nothing(inbox, problem, manager):
    User.objects.filter(pk=manager.pk).update(email="manager@example.org")
    report = digests_send(now=NOW)
    assert report.sent == []
    assert inbox.messages == []


def test_the_management_command_sends_the_digests(inbox, world, capsys):
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        call_command("send_digests")
    assert "Sent 3 digest(s)" in capsys.readouterr().out
    assert len(inbox.messages) == 3


def test_clearhold_send_digests_runs_the_same_sender(inbox, world):
    from unittest import mock

    from typer.testing import CliRunner

    from clearhold.cli import app

    with mock.patch("django.utils.timezone.now", return_value=NOW):
        first = CliRunner().invoke(app, ["send-digests"])
        again = CliRunner().invoke(app, ["send-digests"])
    assert first.exit_code == 0, first.output
    assert "Sent 3 digest(s)" in first.output
    assert "Sent 0 digest(s); 3 person(s) already had theirs" in again.output
    assert len(inbox.messages) == 3
