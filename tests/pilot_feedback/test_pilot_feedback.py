"""Pilot feedback on adapted modules, and the committee's report (issue 4, point 6)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adaptation.models import AdaptedModulePage
from adaptation.services import module_adapt
from content.factories import UserFactory
from modules.factories import TrainingModulePageFactory
from modules.models import TrainingModulePage
from organisation_levels.factories import ProducerGroupFactory
from pilot_feedback.models import PilotFeedback
from pilot_feedback.selectors import pilot_feedback_summary
from pilot_feedback.services import pilot_feedback_record
from reference import roles
from reference.models import Country, DeliveryMethod
from tests.dates import FromToday, on_the_day
from training_delivery.factories import TrainingSessionFactory
from training_delivery.models import SessionModule

pytestmark = pytest.mark.django_db

PILOTING = AdaptedModulePage.Status.PILOTING
APPROVED = AdaptedModulePage.Status.APPROVED
DRAFT = AdaptedModulePage.Status.DRAFT
REPORT = "modules_pilot_feedback_report"


def country(slug):
    return Country.objects.get(slug=slug)


def platform_member(slug):
    return UserFactory(username=f"{slug}-platform", groups=[country(slug).national_platform_group])


@pytest.fixture
def vietnam_platform_member(db):
    return platform_member("vietnam")


def trainer_in(*slugs, username="trainer"):
    """A trainer assigned to a producer group in each of these countries."""
    person = UserFactory(username=username, groups=[roles.TRAINERS])
    for slug in slugs:
        ProducerGroupFactory(country=country(slug), trainers=[person])
    return person


@pytest.fixture
def trainer(db):
    """Trainers give feedback on the countries they work in: this one works in Ghana and
    Vietnam, where the adaptations below are piloted."""
    return trainer_in("ghana", "vietnam")


def generic(backpack, code):
    module = TrainingModulePageFactory(parent=backpack, code=code, title=f"Module {code}")
    module.save_revision().publish()  # only a published generic module can be adapted
    return TrainingModulePage.objects.get(pk=module.pk)


def adapted(module, slug, status=PILOTING):
    """`module` adapted by the national platform of country `slug`, published in `status`."""
    page = module_adapt(source=module, country=country(slug), user=platform_member(slug))
    page.adaptation_status = status
    page.save_revision().publish()
    return AdaptedModulePage.objects.get(pk=page.pk)


@pytest.fixture
def ghana_pilot(backpack):
    return adapted(generic(backpack, "QM-01"), "ghana")


def url(adaptation):
    return reverse("pilot_feedback:new", args=[adaptation.pk])


def answers(**changes):
    return {
        "rating": "4",
        "what_worked": "The group drew its own internal-control chart.",
        "what_to_change": "The record-keeping exercise needs a local example.",
        "delivered_on": "2026-03-12",
        "delivery_method": str(DeliveryMethod.objects.get(slug="workshop").pk),
        "participants": "18",
    } | changes


# Who may give feedback


@pytest.mark.parametrize("who", ["trainer", "ghana_platform_member", "superuser"])
def test_trainers_the_countrys_platform_and_superusers_give_feedback(
    client, request, who, ghana_pilot
):
    user = request.getfixturevalue(who)
    client.force_login(user)

    form = client.get(url(ghana_pilot))
    response = client.post(url(ghana_pilot), answers())

    assert form.status_code == 200
    assert response.status_code == 302 and response.url == ghana_pilot.get_url()
    feedback = PilotFeedback.objects.get()
    assert (feedback.adaptation, feedback.author, feedback.rating) == (ghana_pilot, user, 4)
    assert feedback.what_to_change == "The record-keeping exercise needs a local example."
    assert feedback.delivered_on == datetime.date(2026, 3, 12)
    assert (feedback.delivery_method.slug, feedback.participants) == ("workshop", 18)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you. Your feedback on QM-01 is recorded."
    ]


def test_the_form_offers_five_big_rating_answers_and_the_phones_date_picker(
    client, trainer, ghana_pilot
):
    client.force_login(trainer)

    page = client.get(url(ghana_pilot)).content.decode()

    assert page.count('name="rating"') == 5
    assert page.count('class="choice"') == 5
    assert 'type="date"' in page


def test_the_optional_answers_may_be_left_out(client, trainer, ghana_pilot):
    client.force_login(trainer)

    client.post(url(ghana_pilot), answers(delivered_on="", delivery_method="", participants=""))

    feedback = PilotFeedback.objects.get()
    assert (feedback.delivered_on, feedback.delivery_method, feedback.participants) == (
        None,
        None,
        None,
    )


def test_one_person_gives_feedback_once_per_delivery(client, trainer, backpack):
    approved = adapted(generic(backpack, "QM-01"), "ghana", status=APPROVED)
    client.force_login(trainer)

    client.post(url(approved), answers(delivered_on="2026-03-12"))
    client.post(url(approved), answers(delivered_on="2026-04-20", rating="5"))

    assert sorted(PilotFeedback.objects.values_list("rating", flat=True)) == [4, 5]


def test_a_trainer_working_in_another_country_finds_nothing(client, ghana_pilot):
    """Any trainer of any country could open any adaptation's feedback (issue 14)."""
    client.force_login(trainer_in("vietnam", username="vietnam-trainer"))

    assert client.get(url(ghana_pilot)).status_code == 404
    assert client.post(url(ghana_pilot), answers()).status_code == 404
    assert not PilotFeedback.objects.exists()


def test_a_trainer_from_elsewhere_who_delivered_the_adaptation_gives_feedback(client, ghana_pilot):
    visitor = trainer_in("vietnam", username="visiting-trainer")
    session = TrainingSessionFactory(group=ProducerGroupFactory(country=country("ghana")))
    session.trainers.add(visitor)
    SessionModule.objects.create(session=session, module=ghana_pilot)
    client.force_login(visitor)

    assert client.get(url(ghana_pilot)).status_code == 200


@pytest.mark.parametrize("who", ["vietnam_platform_member", "learner", "committee_member"])
def test_anyone_else_finds_nothing(client, request, who, ghana_pilot):
    client.force_login(request.getfixturevalue(who))

    assert client.get(url(ghana_pilot)).status_code == 404
    assert client.post(url(ghana_pilot), answers()).status_code == 404
    assert not PilotFeedback.objects.exists()


def test_a_visitor_is_asked_to_sign_in(client, ghana_pilot):
    response = client.get(url(ghana_pilot))

    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_service_checks_the_permission_again(vietnam_platform_member, ghana_pilot):
    with pytest.raises(PermissionDenied):
        pilot_feedback_record(
            adaptation=ghana_pilot,
            user=vietnam_platform_member,
            rating=4,
            what_worked="Yes",
            what_to_change="No",
        )
    assert not PilotFeedback.objects.exists()


def test_a_draft_adaptation_takes_no_feedback(client, trainer, backpack):
    # Published so trainers could open it, but the platform has not started piloting it.
    draft = adapted(generic(backpack, "QM-01"), "ghana", status=DRAFT)
    client.force_login(trainer)

    with pytest.raises(ValidationError) as refused:
        pilot_feedback_record(
            adaptation=draft, user=trainer, rating=4, what_worked="Yes", what_to_change="No"
        )
    form = client.get(url(draft))
    posted = client.post(url(draft), answers())

    message = "“Module QM-01” is still a draft. Feedback opens once the national platform"
    assert refused.value.messages[0].startswith(message)
    assert message in form.content.decode() and 'name="rating"' not in form.content.decode()
    assert posted.status_code == 200 and message in posted.content.decode()
    assert not PilotFeedback.objects.exists()


def test_an_unpublished_adaptation_is_not_found(client, trainer, backpack):
    unpublished = module_adapt(
        source=generic(backpack, "QM-01"), country=country("ghana"), user=platform_member("ghana")
    )
    client.force_login(trainer)

    assert client.get(url(unpublished)).status_code == 404


# Bad input: named, and nothing stored


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("rating", "0", "Select a valid choice."),
        ("rating", "6", "Select a valid choice."),
        ("rating", "", "This field is required."),
        ("what_worked", "", "This field is required."),
        ("what_to_change", "   ", "This field is required."),
        ("participants", "0", "greater than or equal to 1"),
    ],
)
def test_bad_answers_are_named_and_nothing_is_stored(
    client, trainer, ghana_pilot, field, value, error
):
    client.force_login(trainer)

    response = client.post(url(ghana_pilot), answers(**{field: value}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert error in response.context["form"].errors[field][0]
    assert "Please correct the problems below." in response.content.decode()
    assert not PilotFeedback.objects.exists()


def test_a_delivery_in_the_future_is_refused(client, trainer, ghana_pilot):
    client.force_login(trainer)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    response = client.post(url(ghana_pilot), answers(delivered_on=tomorrow.isoformat()))

    assert response.context["form"].errors == {
        "delivered_on": ["The date cannot be in the future."]
    }
    assert not PilotFeedback.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rating": 6}, "rating"),
        ({"rating": 0}, "rating"),
        ({"what_worked": "  "}, "what_worked"),
        ({"delivered_on": FromToday(3)}, "delivered_on"),
    ],
)
def test_the_service_names_the_bad_field_too(trainer, ghana_pilot, changes, field):
    fields = {"rating": 4, "what_worked": "Yes", "what_to_change": "No"} | on_the_day(changes)

    with pytest.raises(ValidationError) as refused:
        pilot_feedback_record(adaptation=ghana_pilot, user=trainer, **fields)

    assert list(refused.value.message_dict) == [field]
    assert not PilotFeedback.objects.exists()


# The committee's report: numbers per generic module across countries

MARCH = datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC)


def feedback(adaptation, rating, change, *, day, user):
    """Feedback recorded on the `day`th of March, so "newest" is known."""
    made = pilot_feedback_record(
        adaptation=adaptation,
        user=user,
        rating=rating,
        what_worked="The exercises.",
        what_to_change=change,
    )
    PilotFeedback.objects.filter(pk=made.pk).update(
        created_at=MARCH + datetime.timedelta(days=day - 1)
    )
    return made


@pytest.fixture
def pilots(backpack, trainer):
    """QM-01 piloted in Ghana (ratings 4, 5) and Vietnam (1, 2, 3, 2); PO-01 in Ghana (3).

    QM-01: 6 feedbacks, average 17 / 6; Ghana 2 at 4.5, Vietnam 4 at 2.0.
    PO-01: 1 feedback at 3.0.
    """
    qm, po = generic(backpack, "QM-01"), generic(backpack, "PO-01")
    qm_ghana, qm_vietnam = adapted(qm, "ghana"), adapted(qm, "vietnam", status=APPROVED)
    po_ghana = adapted(po, "ghana")
    feedback(qm_ghana, 4, "Ghana: shorter", day=1, user=trainer)
    feedback(qm_vietnam, 1, "Vietnam: translate the forms", day=2, user=trainer)
    feedback(qm_ghana, 5, "Ghana: more pictures", day=3, user=trainer)
    feedback(qm_vietnam, 2, "Vietnam: fewer words", day=4, user=trainer)
    feedback(qm_vietnam, 3, "Vietnam: a local buyer", day=5, user=trainer)
    feedback(qm_vietnam, 2, "Vietnam: rainy-season dates", day=6, user=trainer)
    feedback(po_ghana, 3, "Ghana: name the cooperative law", day=7, user=trainer)


def by_code(summaries):
    return {summary.code: summary for summary in summaries}


def test_feedback_is_counted_and_averaged_per_generic_module_and_country(pilots):
    summaries = pilot_feedback_summary(countries=Country.objects.all())

    assert [s.code for s in summaries] == ["PO-01", "QM-01"]
    qm, po = by_code(summaries)["QM-01"], by_code(summaries)["PO-01"]
    assert (qm.title, qm.feedback_count) == ("Module QM-01", 6)
    assert qm.average_rating == pytest.approx(17 / 6)
    assert [(r.country.slug, r.feedback_count, r.average_rating) for r in qm.countries] == [
        ("ghana", 2, 4.5),
        ("vietnam", 4, 2.0),
    ]
    assert (po.feedback_count, po.average_rating) == (1, 3.0)
    assert [(r.country.slug, r.feedback_count) for r in po.countries] == [("ghana", 1)]


def test_the_five_newest_suggestions_are_quoted_with_country_and_date(pilots):
    qm = by_code(pilot_feedback_summary(countries=Country.objects.all()))["QM-01"]

    assert [(c.text, c.country.slug, c.recorded_on.day) for c in qm.latest_changes] == [
        ("Vietnam: rainy-season dates", "vietnam", 6),
        ("Vietnam: a local buyer", "vietnam", 5),
        ("Vietnam: fewer words", "vietnam", 4),
        ("Ghana: more pictures", "ghana", 3),
        ("Vietnam: translate the forms", "vietnam", 2),
    ]  # "Ghana: shorter", the oldest of six, is left out


def test_one_countrys_summary_counts_only_its_feedback(pilots):
    qm = by_code(pilot_feedback_summary(countries=Country.objects.filter(slug="ghana")))["QM-01"]

    assert (qm.feedback_count, qm.average_rating) == (2, 4.5)
    assert [r.country.slug for r in qm.countries] == ["ghana"]
    assert [c.text for c in qm.latest_changes] == ["Ghana: more pictures", "Ghana: shorter"]


def test_the_summarys_queries_do_not_grow_with_feedback(
    backpack, trainer, pilots, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        pilot_feedback_summary(countries=Country.objects.all())

    more = adapted(generic(backpack, "ENV-01"), "vietnam")
    for day in range(1, 21):
        feedback(more, day % 5 + 1, f"Change {day}", day=day, user=trainer)
    with django_assert_max_num_queries(4):
        summaries = pilot_feedback_summary(countries=Country.objects.all())
    assert by_code(summaries)["ENV-01"].feedback_count == 20


def test_the_report_page_queries_do_not_grow_with_feedback(
    client, backpack, trainer, committee_member, pilots, django_assert_max_num_queries
):
    client.force_login(committee_member)
    client.get(reverse(REPORT))  # warm the caches (site, locales, menus) first
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(REPORT))
    # Counted now: the next request empties Django's query log, which the capture reads.
    few_count = len(few.captured_queries)

    for code in ("ENV-01", "GAP-01", "MKT-01"):
        more = adapted(generic(backpack, code), "vietnam")
        for day in range(1, 11):
            feedback(more, 4, f"{code} change {day}", day=day, user=trainer)
    # The new pages change the content and people versions: what is kept until they
    # change is read again once, so only what grows with the feedback is compared.
    client.get(reverse(REPORT))
    with django_assert_max_num_queries(few_count):
        response = client.get(reverse(REPORT))
    assert len(response.context["summaries"]) == 5


# The report's permissions


def test_the_committee_reads_every_countrys_feedback(client, committee_member, pilots):
    client.force_login(committee_member)

    response = client.get(reverse(REPORT))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Module QM-01" in page and "Module PO-01" in page
    assert "Vietnam: rainy-season dates" in page and "Ghana: more pictures" in page
    assert "Ghana: shorter" not in page  # the sixth newest of QM-01


def test_a_platform_reads_only_its_own_country_even_when_it_asks_for_another(
    client, ghana_platform_member, pilots
):
    client.force_login(ghana_platform_member)

    own = client.get(reverse(REPORT))
    forged = client.get(reverse(REPORT), {"country": country("vietnam").pk})

    for response in (own, forged):
        qm = by_code(response.context["summaries"])["QM-01"]
        assert (qm.feedback_count, [r.country.slug for r in qm.countries]) == (2, ["ghana"])
        assert "Vietnam:" not in response.content.decode()


def test_the_committee_filters_by_country(client, committee_member, pilots):
    client.force_login(committee_member)

    response = client.get(reverse(REPORT), {"country": country("vietnam").pk})

    assert [s.code for s in response.context["summaries"]] == ["QM-01"]


def test_the_report_downloads_as_csv_one_row_per_module_and_country(client, superuser, pilots):
    client.force_login(superuser)

    response = client.get(reverse(REPORT), {"export": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert lines == [
        "Code,Generic module,Country,Feedback,Average rating",
        "PO-01,Module PO-01,Ghana,1,3.0",
        "QM-01,Module QM-01,Ghana,2,4.5",
        "QM-01,Module QM-01,Vietnam,4,2.0",
    ]


@pytest.mark.parametrize("who", ["trainer", "learner"])
def test_roles_without_the_admin_are_sent_to_sign_in(client, request, who, pilots):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(REPORT))

    assert response.status_code == 302 and "/admin/login/" in response.url


def test_an_admin_user_with_no_role_is_refused_and_has_no_menu_item(client, pilots):
    editor = UserFactory(username="editor")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    response = client.get(reverse(REPORT))

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    assert reverse(REPORT) not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("who", ["committee_member", "ghana_platform_member"])
def test_the_report_is_in_the_reports_menu(client, request, who, backpack):
    client.force_login(request.getfixturevalue(who))

    assert reverse(REPORT) in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_adapted_page_offers_feedback_to_trainers_and_shows_the_thanks(
    client, backpack, trainer, learner, ghana_platform_member
):
    from adaptation.models import AdaptedModulePage
    from adaptation.services import module_adapt
    from modules.factories import TrainingModulePageFactory
    from reference.models import Country

    generic = TrainingModulePageFactory(parent=backpack, code="FB-01")
    generic.save_revision().publish()
    adaptation = module_adapt(
        source=generic, country=Country.objects.get(slug="ghana"), user=ghana_platform_member
    )
    adaptation.adaptation_status = AdaptedModulePage.Status.PILOTING
    adaptation.save_revision().publish()
    page_url = AdaptedModulePage.objects.get(pk=adaptation.pk).url

    client.force_login(trainer)
    assert "Give pilot feedback" in client.get(page_url).content.decode()
    client.force_login(learner)
    assert "Give pilot feedback" not in client.get(page_url).content.decode()


# --- The session it came from (issue 7) -------------------------------------------------


@pytest.fixture
def delivered_pilot(ghana_pilot, trainer):
    """A session `trainer` delivered to a Ghanaian group, covering the pilot adaptation."""
    from organisation_levels.factories import ProducerGroupFactory
    from training_delivery.factories import TrainingSessionFactory
    from training_delivery.models import SessionModule

    group = ProducerGroupFactory(name="Kumasi growers")
    session = TrainingSessionFactory(
        group=group, recorded_by=trainer, method="national-call", women_count=7, men_count=5
    )
    session.trainers.add(trainer)
    SessionModule.objects.create(session=session, module=ghana_pilot)
    return session


def test_feedback_names_its_session_and_takes_the_delivery_facts_from_it(
    client, trainer, ghana_pilot, delivered_pilot
):
    client.force_login(trainer)
    page = client.get(url(ghana_pilot))
    assert "Kumasi growers" in page.content.decode()

    response = client.post(
        url(ghana_pilot),
        {
            "rating": 4,
            "what_worked": "Clear",
            "what_to_change": "Shorter",
            "session": delivered_pilot.pk,
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    feedback = PilotFeedback.objects.get()
    assert feedback.session == delivered_pilot
    assert (feedback.delivered_on, feedback.delivery_method.slug, feedback.participants) == (
        delivered_pilot.date,
        "call",
        12,
    )


def test_one_feedback_per_person_and_session(trainer, ghana_pilot, delivered_pilot):
    fields = {"rating": 4, "what_worked": "Clear", "what_to_change": "Shorter"}
    pilot_feedback_record(adaptation=ghana_pilot, user=trainer, session=delivered_pilot, **fields)

    with pytest.raises(ValidationError) as refusal:
        pilot_feedback_record(
            adaptation=ghana_pilot, user=trainer, session=delivered_pilot, **fields
        )

    assert "already given feedback on this session" in str(refusal.value)


def test_someone_elses_session_cannot_be_named(ghana_pilot, delivered_pilot):
    other = trainer_in("ghana", username="other-ghana-trainer")

    with pytest.raises(ValidationError) as refusal:
        pilot_feedback_record(
            adaptation=ghana_pilot,
            user=other,
            session=delivered_pilot,
            rating=3,
            what_worked="x",
            what_to_change="y",
        )

    assert "session" in refusal.value.message_dict


def test_the_thank_you_is_at_the_top_of_the_page_not_below_the_modules_header(
    client, trainer, ghana_pilot
):
    """Issue 23, point 7: on a phone the module's header fills the screen; a confirmation
    under it was out of sight."""
    client.force_login(trainer)

    page = client.post(url(ghana_pilot), answers(), follow=True).content.decode()

    main = page[page.index('<main id="main"') :]
    assert "Thank you. Your feedback on QM-01 is recorded." in main
    assert main.index("Thank you.") < main.index("<h1>")
