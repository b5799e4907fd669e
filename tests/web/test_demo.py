import datetime as dt

import pytest
from django.test import override_settings

from clearhold.accounts.models import Organisation, User
from clearhold.accounts.roles import Role
from clearhold.web.demo import PEOPLE, DemoModeRequired, demo_partnership_load


def test_demo_loader_refuses_outside_demo_mode(db):
    with pytest.raises(DemoModeRequired):
        demo_partnership_load()
    assert not User.objects.exists()


@override_settings(DEMO_MODE=True)
def test_demo_loads_the_wisbech_partners_with_every_role_and_is_repeatable(client, db):
    demo_partnership_load()
    demo_partnership_load()
    assert set(Organisation.objects.values_list("name", flat=True)) == {
        "Cambridgeshire Constabulary",
        "Fenland District Council",
        "Clarion Housing Group",
        "Change Grow Live",
    }
    assert {u.role for u in User.objects.all()} == set(Role.values)
    assert User.objects.count() == len(PEOPLE)
    person = PEOPLE[0]
    signed_in = client.post("/sign-in/", {"username": person.username, "password": person.password})
    assert signed_in.status_code == 302
    assert person.organisation in client.get("/").content.decode()


@override_settings(DEMO_MODE=True)
def test_demo_loads_the_wisbech_problem_on_real_incidents_and_is_repeatable(client, db):
    from clearhold.incidents.models import Incident
    from clearhold.problems.models import Problem
    from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load

    demo_partnership_load()
    assert "Stored 18,957 incidents" in demo_incidents_load()
    assert "already loaded (24 files)" in demo_incidents_load()
    demo_problem_load()
    assert "already loaded" in demo_problem_load()
    problem = Problem.objects.get()
    assert problem.partners.count() == 6
    assert problem.objectives.get().target_change_pct == -75
    costs = sorted(str(a.cost) for a in problem.actions.exclude(cost=None))
    assert costs == ["2800.00", "3800.00"]
    assert problem.meetings.get().decided_actions.count() == 2
    assert Incident.objects.count() == 18_957
    manager = next(p for p in PEOPLE if p.username == "manager")
    client.post("/sign-in/", {"username": "manager", "password": manager.password})
    page = client.get(f"/problems/{problem.pk}/")
    assert page.status_code == 200
    assert "75% fewer ASB reports" in page.content.decode()
    assert "Closure order ends" not in page.content.decode()  # ended: no live clocks
    closure = problem.closures.get()
    order = closure.order
    assert (order.made_on, order.ends_on) == (dt.date(2025, 5, 7), dt.date(2025, 8, 7))
    assert order.current_ends_on() == dt.date(2025, 11, 7)
    clauses = {e["clause"] for e in order.exemptions}
    assert "Staff of Clarion Housing Group" in clauses
    assert "Staff of Fenland District Council" in clauses
    closure_page = client.get(closure.get_absolute_url()).content.decode()
    assert "7 November 2025" in closure_page


@override_settings(DEMO_MODE=True)
def test_restarting_the_demo_adds_no_import_batch(db):
    from clearhold.incidents.models import ImportBatch
    from clearhold.web.demo import demo_incidents_load

    demo_incidents_load()
    demo_incidents_load()
    assert ImportBatch.objects.count() == 1


@override_settings(DEMO_MODE=True)
def test_the_demo_problem_stands_where_the_wisbech_story_reached(client, db):
    """Not stage "Scan" with six overdue actions and a 2025 review dated today: every action
    done, each past review completed on its due day, the problem at Assess, nothing overdue."""
    from django.utils import timezone

    from clearhold.problems.dashboard import dashboard
    from clearhold.problems.models import ActionStatus, Problem, Stage
    from clearhold.web.demo import demo_incidents_load, demo_partnership_load, demo_problem_load

    demo_partnership_load()
    demo_incidents_load()
    demo_problem_load()
    problem = Problem.objects.get()
    today = timezone.localdate()
    assert problem.stage == Stage.ASSESS
    assert problem.actions.count() == 6
    assert not problem.actions.exclude(status=ActionStatus.DONE).filter(due_date__lt=today)
    assert not problem.reviews.filter(completed_at=None, due_date__lt=today)
    for review in problem.reviews.exclude(completed_at=None):
        assert timezone.localtime(review.completed_at).date() == review.due_date
        assert review.snapshot["as_of"] == review.due_date.isoformat()
    manager = User.objects.get(username="manager")
    client.force_login(manager)
    page = client.get("/").content.decode().lower()
    assert "overdue" not in page
    board = dashboard(user=manager)
    assert board["overdue_actions"] == []
    assert not [due for due in board["reviews_due"] if due.overdue]


@override_settings(DEMO_MODE=True)
def test_the_demo_survey_shows_illustrative_waves_on_the_problem_page(client, db):
    """A baseline and a 6-month wave of made-up answers at the Wisbech site, labelled so; the
    problem page reads the issue's figure, paired on the 44 households that answered both."""
    from clearhold.problems.models import Problem
    from clearhold.surveys.models import Wave
    from clearhold.web.demo import demo_problem_load

    demo_partnership_load()
    demo_problem_load()
    problem = Problem.objects.get()
    waves = Wave.objects.filter(survey__problem=problem)
    assert [w.label for w in waves] == ["baseline", "month_6"]
    assert all(w.illustrative for w in waves)
    client.force_login(User.objects.get(username="manager"))
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    assert "Illustrative answers: made up for the demo, not real residents" in page
    assert "Feel safe after dark: 34% → 61% (change +27 points, 95% CI +11 to +41)" in page
    assert "McNemar exact test, p = 0.002" in page
    assert "44 of 48 households (92%)" in page
    assert "Not met" in page  # 70% by the 6-month review: 61%, whose interval includes 70%
    review = problem.reviews.get(months=6)
    assert waves.get(label="month_6").review == review


@override_settings(DEMO_MODE=True)
def test_the_demo_opens_a_public_reporting_page_for_the_wisbech_site(client, db):
    """Without signing in, a resident finds the Wisbech open space by its public name and
    checks a reference page's "you said, we did"; loading again adds nothing."""
    from clearhold.resident_reports.models import ReportingPage, ReportUpdate
    from clearhold.web.demo import demo_problem_load

    demo_partnership_load()
    demo_problem_load()
    demo_problem_load()
    page = ReportingPage.objects.get()
    assert ReportUpdate.objects.filter(page=page).count() == 1
    listing = client.get("/report/").content.decode()
    assert "The open space off West Street, Wisbech" in listing
    form = client.get(f"/report/{page.slug}/").content.decode()
    assert "Drug dealing or drug use" in form
    assert "Problems with vehicles" not in form
