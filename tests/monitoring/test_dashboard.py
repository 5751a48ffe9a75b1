"""Dashboards and table exports: who sees what, the figures each scope shows, and bad
filters refused with a message (issue 8, points 2, 3 and 6)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from content.factories import UserFactory
from organisation_levels.factories import ProducerGroupFactory
from reference import roles
from reference.models import Country
from training_delivery.factories import FarmerFactory, TrainingSessionFactory
from training_delivery.models import Attendance

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}
URL = reverse("monitoring:dashboard")


@pytest.fixture
def delivery(backpack):
    """Ghana's Ashanti group: one session, two farmers on the roster (a woman and a man).
    Ghana's Bono group: one session counted by heads (5 women, 4 men). Vietnam's Dak Lak:
    two sessions, the same woman at both."""
    ashanti = ProducerGroupFactory(name="Ashanti")
    bono = ProducerGroupFactory(name="Bono")
    dak_lak = ProducerGroupFactory(name="Dak Lak", country=Country.objects.get(slug="vietnam"))
    session = TrainingSessionFactory(group=ashanti, women_count=None, men_count=None)
    for gender in ("female", "male"):
        Attendance.objects.create(
            session=session, farmer=FarmerFactory(group=ashanti, gender=gender)
        )
    TrainingSessionFactory(group=bono)
    lan = FarmerFactory(group=dak_lak, gender="female")
    for day in (3, 4):
        session = TrainingSessionFactory(
            group=dak_lak, date=datetime.date(2026, 5, day), women_count=None, men_count=None
        )
        Attendance.objects.create(session=session, farmer=lan, pre_score=30, post_score=80)
    return {"ashanti": ashanti, "bono": bono, "dak_lak": dak_lak}


def headline(response) -> dict:
    table = next(t for t in response.context["tables"] if t.key == "headline")
    return {str(label): value for label, value in table.rows}


def test_the_committee_sees_every_country(client, committee_member, delivery):
    client.force_login(committee_member)

    response = client.get(URL, YEAR)

    assert response.status_code == 200
    assert response.context["title"] == "Global dashboard"
    figures = headline(response)
    assert figures["Farmers reached (unique, with a roster)"] == 3
    assert figures["Training sessions"] == 4
    keys = [table.key for table in response.context["tables"]]
    assert "adaptation" in keys
    html = response.content.decode()
    # Each chart has a table under it, with a caption and header cells.
    assert html.count("data-dashboard-chart") >= 6
    assert '<caption class="visually-hidden">Farmers reached by gender</caption>' in html


def test_a_national_platform_sees_its_own_country_only(client, ghana_platform_member, delivery):
    client.force_login(ghana_platform_member)

    response = client.get(URL, YEAR)

    assert response.context["title"] == "Dashboard: Ghana"
    figures = headline(response)
    assert figures["Farmers reached (unique, with a roster)"] == 2
    assert figures["Attendance counted by heads (no roster)"] == 9
    assert figures["Training sessions"] == 2
    assert "country" not in response.context["form"].fields  # one country is no choice


def test_a_monitoring_viewer_sees_the_countries_granted(client, ghana_viewer, delivery):
    Country.objects.get(slug="brazil").monitoring_viewers.add(ghana_viewer)
    client.force_login(ghana_viewer)

    response = client.get(URL, YEAR)
    assert headline(response)["Training sessions"] == 2  # Ghana's; Brazil has none
    countries = {c.slug for c in response.context["form"].fields["country"].queryset}
    assert countries == {"ghana", "brazil"}

    forged = client.get(URL, {**YEAR, "country": Country.objects.get(slug="vietnam").pk})
    assert forged.status_code == 400
    assert "Select a valid choice" in forged.content.decode()
    assert forged.context["tables"] == []


def test_a_group_manager_sees_their_group_only(client, delivery):
    manager = UserFactory(username="manager", groups=[roles.PRODUCER_GROUP_MANAGERS])
    delivery["ashanti"].managers.add(manager)
    delivery["ashanti"].save()  # a parental relation is written on save
    client.force_login(manager)

    response = client.get(URL, YEAR)

    assert response.context["title"] == "Dashboard: Ashanti"
    assert headline(response)["Training sessions"] == 1
    assert "adaptation" not in [table.key for table in response.context["tables"]]
    forged = client.get(URL, {**YEAR, "group": delivery["bono"].pk})
    assert forged.status_code == 400


def test_a_trainer_sees_the_delivery_to_their_groups(client, delivery):
    """Issue 23, point 9: the trainer's own delivery, not a 403."""
    trainer = UserFactory(username="kwame", groups=[roles.TRAINERS])
    delivery["ashanti"].trainers.add(trainer)
    delivery["ashanti"].save()
    client.force_login(trainer)

    response = client.get(URL, YEAR)

    assert response.status_code == 200
    assert response.context["title"] == "Dashboard: Ashanti"
    figures = headline(response)
    assert figures["Training sessions"] == 1
    assert figures["Farmers reached (unique, with a roster)"] == 2
    assert "knowledge" in " ".join(t.key for t in response.context["tables"])
    assert client.get(URL, {**YEAR, "group": delivery["bono"].pk}).status_code == 400


def test_a_viewer_who_left_the_role_has_no_dashboard(client, ghana_viewer, role_group):
    ghana_viewer.groups.remove(role_group(roles.MONITORING_VIEWERS))
    client.force_login(ghana_viewer)

    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("who", ["trainer", "learner"])
def test_people_without_a_dashboard_are_refused(client, request, who, delivery):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403
    assert (
        client.get(reverse("monitoring:table_export", args=["headline", "csv"])).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_filters_narrow_the_figures(client, committee_member, delivery):
    client.force_login(committee_member)
    vietnam = Country.objects.get(slug="vietnam")

    in_vietnam = headline(client.get(URL, {**YEAR, "country": vietnam.pk}))
    assert (
        in_vietnam["Training sessions"],
        in_vietnam["Farmers reached (unique, with a roster)"],
    ) == (
        2,
        1,
    )
    june_on = headline(client.get(URL, {"start": "2026-06-01", "end": "2026-12-31"}))
    assert june_on["Training sessions"] == 2  # the October sessions in Ghana


@pytest.mark.parametrize(
    "filters, message",
    [
        (
            {"start": "2026-12-31", "end": "2026-01-01"},
            "The end of the period comes before its start.",
        ),
        ({"start": "2010-01-01", "end": "2026-12-31"}, "A period can cover at most 10 years."),
        ({"start": "yesterday"}, "Enter a valid date."),
        ({"start": "0001-01-01", "end": "0001-01-02"}, "Choose a day between 2000-01-01"),
        ({"start": "9990-01-01", "end": "9999-12-31"}, "Choose a day between 2000-01-01"),
        ({"commodity": "99999"}, "Select a valid choice"),
        ({"level": "x"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_named(client, committee_member, filters, message):
    client.force_login(committee_member)

    page = client.get(URL, filters)
    export = client.get(reverse("monitoring:table_export", args=["headline", "csv"]), filters)

    assert page.status_code == 400 and message in page.content.decode()
    assert export.status_code == 400 and message in export.content.decode()


def test_a_table_downloads_as_csv_with_the_figures_shown(client, ghana_platform_member, delivery):
    client.force_login(ghana_platform_member)

    response = client.get(
        reverse("monitoring:table_export", args=["farmers-by-gender", "csv"]), YEAR
    )

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Farmers reached by gender"
    assert rows[1] == ["Gender", "Unique farmers (roster)", "Head counts (no roster)"]
    assert ["Woman", "1", "5"] in rows and ["Man", "1", "4"] in rows
    assert rows[-1] == ["Total", "2", "9"]


def test_every_table_downloads_as_one_workbook(client, committee_member, delivery):
    client.force_login(committee_member)

    response = client.get(reverse("monitoring:table_export", args=["all", "xlsx"]), YEAR)

    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == len(client.get(URL, YEAR).context["tables"])
    sheet = workbook["Headline figures"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert values["Training sessions"] == 4


def test_an_unknown_table_is_not_found(client, committee_member):
    client.force_login(committee_member)
    assert (
        client.get(reverse("monitoring:table_export", args=["salaries", "csv"])).status_code == 404
    )


def test_a_group_name_cannot_run_as_a_formula_in_an_export(client, committee_member, backpack):
    from reference.models import NeedArea
    from training_plans.factories import NeedRatingFactory, NeedsAssessmentFactory

    NeedArea.objects.filter(slug="yields-food-security").update(name='=HYPERLINK("x")')
    NeedRatingFactory(assessment=NeedsAssessmentFactory(), priority=5)
    client.force_login(committee_member)

    response = client.get(reverse("monitoring:table_export", args=["priority-needs", "csv"]), YEAR)

    assert "'=HYPERLINK" in response.content.decode()


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, committee_member, delivery, django_assert_max_num_queries
):
    client.force_login(committee_member)
    client.get(URL, YEAR)  # warm the per-process caches (site, locales)
    with django_assert_max_num_queries(40) as first:
        client.get(URL, YEAR)
    ceiling = len(first)  # read now: the next request empties the query log
    for _ in range(5):
        group = ProducerGroupFactory()
        session = TrainingSessionFactory(group=group, women_count=None, men_count=None)
        Attendance.objects.create(session=session, farmer=FarmerFactory(group=group))
    # New groups change what people may see: the per-person facts are read again once.
    client.get(URL, YEAR)
    with django_assert_max_num_queries(ceiling):
        client.get(URL, YEAR)


def test_the_csv_title_names_the_country_once(client, committee_member, delivery):
    """Issue 23, point 8: "Dashboard: Ghana · 2026-01-01 to 2026-12-31 · Ghana"."""
    client.force_login(committee_member)
    ghana = Country.objects.get(slug="ghana")

    body = client.get(
        reverse("monitoring:table_export", args=["headline", "csv"]),
        {**YEAR, "country": ghana.pk},
    ).content.decode()

    first_line = body.splitlines()[0]
    assert "Dashboard: Ghana" in first_line
    assert first_line.count("Ghana") == 1
