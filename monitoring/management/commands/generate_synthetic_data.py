"""Fill the database with national-scale synthetic field data, to benchmark dashboards and reports.

    python manage.py generate_synthetic_data            # 10,000 groups, 1,000,000 attendance rows
    python manage.py generate_synthetic_data --groups 5 --farmers 40 --sessions 30 --attendance 200
    python manage.py generate_synthetic_data --replace  # delete the previous set first

What is generated, over two years (--year and the year before):

- producer groups named "Synthetic group NNNNNN", spread over the existing countries
  (weighted towards the big cocoa and coffee countries), in a few regions per country,
  growing one or two of the country's commodities; the synthetic trainer is assigned
  to every group;
- farmers on their rosters (about 45% women, birth years 1950-2005 with some missing,
  consent given with a date), member codes unique in each group; group sizes vary a lot,
  as real cooperatives do;
- training sessions, bigger groups getting more of them: mixed methods, one to four
  hours, one to three live modules each, delivered by the synthetic trainer; about 85%
  with a roster attendance list (pre- and post-scores, post usually higher), the others
  with head counts by gender;
- one to three confirmed level assessments per group, answered so the rubric gives the
  level stored (levels mostly stable, some moving up);
- an open improvement cycle with three to eight items for about half of the groups;
- national needs assessments per country and year, needs assessments for about 20% of
  the groups, risk assessments for some groups and for each region used.

Everything is recognisable: group names start with "Synthetic group ", and the assessments
not tied to a group (national needs, regional risks) have a source starting with
"Synthetic ". A second run is refused unless --replace is given, which deletes the previous
set first. The same --seed gives the same data. Rows are written with bulk_create in
batches of --batch, in one transaction: a failed run leaves nothing behind.
"""

import datetime
import math
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.db.models import CharField
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from modules.models import TrainingModulePage
from monitoring.delivery_figures import figures_rebuild
from monitoring.management import refuse_production
from organisation_levels.models import (
    ImprovementCycle,
    ImprovementItem,
    LevelAssessment,
    ProducerGroup,
)
from organisation_levels.scoring import level_compute, rubric_questions
from organisation_levels.selectors import active_rubric
from reference import roles
from reference.models import Commodity, Country, NeedArea, OrganisationLevel, Theme
from training_delivery.models import (
    Attendance,
    Farmer,
    SessionMethod,
    SessionModule,
    SessionSource,
    SessionTrainer,
    TrainingSession,
)
from training_plans.models import (
    NeedRating,
    NeedsAssessment,
    RiskAssessment,
    RiskRating,
    TrainingPlan,
)

GROUP_PREFIX = "Synthetic group "
SOURCE_PREFIX = "Synthetic "
TRAINER_USERNAME = "synthetic-trainer"
ASSESSOR_USERNAME = "synthetic-assessor"


@dataclass(frozen=True)
class CountryProfile:
    """What makes a country's groups look like that country's."""

    weight: float
    regions: tuple[str, ...]
    commodities: dict[str, float]  # commodity slug → how common
    centre: tuple[float, float]  # rough middle of the producing areas (latitude, longitude)
    spread: float  # degrees around the centre
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]


COUNTRY_PROFILES = {
    "ghana": CountryProfile(
        0.24,
        ("Ashanti", "Western North", "Eastern", "Bono", "Central"),
        {"cocoa": 0.85, "palm-oil": 0.15},
        (6.7, -1.6),
        1.5,
        ("Akosua", "Ama", "Abena", "Efua", "Adwoa", "Esi"),
        ("Kwame", "Kofi", "Kwabena", "Yaw", "Kwaku", "Kojo"),
        ("Mensah", "Owusu", "Boateng", "Asante", "Agyeman", "Darko", "Badu", "Appiah"),
    ),
    "cote-divoire": CountryProfile(
        0.24,
        ("Nawa", "Haut-Sassandra", "Gôh", "Mé", "Indénié-Djuablin"),
        {"cocoa": 0.6, "coffee": 0.15, "natural-rubber": 0.15, "palm-oil": 0.1},
        (6.5, -6.0),
        1.5,
        ("Aya", "Adjoua", "Affoué", "Mariam", "Awa", "Aminata"),
        ("Koffi", "Kouassi", "Yao", "Konan", "Moussa", "Seydou"),
        ("Kouadio", "Koné", "Traoré", "N'Guessan", "Yao", "Ouattara", "Bamba", "Coulibaly"),
    ),
    "indonesia": CountryProfile(
        0.16,
        ("Aceh", "North Sumatra", "Lampung", "South Sulawesi", "Bali"),
        {"palm-oil": 0.35, "coffee": 0.3, "natural-rubber": 0.2, "cocoa": 0.15},
        (-2.0, 110.0),
        6.0,
        ("Siti", "Dewi", "Sri", "Ni Made", "Rahmawati", "Wulan"),
        ("Budi", "Agus", "Made", "Joko", "Wayan", "Hendra"),
        ("Saputra", "Siregar", "Nasution", "Hasibuan", "Wijaya", "Lubis", "Harahap"),
    ),
    "vietnam": CountryProfile(
        0.14,
        ("Đắk Lắk", "Lâm Đồng", "Gia Lai", "Đắk Nông", "Sơn La"),
        {"coffee": 0.7, "tea": 0.2, "natural-rubber": 0.1},
        (12.7, 108.0),
        2.0,
        ("Lan", "Hương", "Mai", "Thảo", "Hoa", "Ngọc"),
        ("Minh", "Hùng", "Tuấn", "Dũng", "Nam", "Phúc"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng"),
    ),
    "brazil": CountryProfile(
        0.10,
        ("Minas Gerais", "Espírito Santo", "Bahia", "Pará", "São Paulo"),
        {"coffee": 0.8, "cocoa": 0.2},
        (-19.5, -43.5),
        3.0,
        ("Maria", "Ana", "Francisca", "Antônia", "Adriana", "Juliana"),
        ("José", "João", "Antônio", "Francisco", "Carlos", "Paulo"),
        ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves"),
    ),
    "thailand": CountryProfile(
        0.07,
        ("Chiang Rai", "Chiang Mai", "Chumphon", "Nan"),
        {"natural-rubber": 0.5, "coffee": 0.2, "palm-oil": 0.2, "tea": 0.1},
        (17.5, 99.5),
        2.0,
        ("Somchai", "Malee", "Siriporn", "Nok", "Kanya", "Ratana"),
        ("Somsak", "Prasert", "Wichai", "Anan", "Boonmee", "Chaiya"),
        ("Srisuk", "Wongsa", "Kaewmanee", "Chaiyaphum", "Thongdee", "Saelim"),
    ),
    "myanmar": CountryProfile(
        0.05,
        ("Shan", "Mandalay", "Kachin", "Chin"),
        {"tea": 0.4, "coffee": 0.4, "natural-rubber": 0.2},
        (21.5, 97.0),
        2.0,
        ("Aye Aye", "Hnin", "Khin", "Su Su", "Thida", "Nilar"),
        ("Aung", "Kyaw", "Min", "Zaw", "Htet", "Thura"),
        ("Win", "Oo", "Naing", "Htun", "Myint", "Lwin"),
    ),
}
# A country added in the CMS after the seed: a small share of groups, generic names.
OTHER_COUNTRY = CountryProfile(
    0.03,
    ("Northern", "Southern", "Eastern", "Western", "Central"),
    {},
    (0.0, 0.0),
    5.0,
    ("Mary", "Grace", "Fatima", "Rose"),
    ("John", "Peter", "Ali", "Samuel"),
    ("Farmer", "Grower", "Field", "Hill"),
)

METHOD_WEIGHTS = {
    SessionMethod.FARMER_FIELD_SCHOOL: 0.40,
    SessionMethod.WORKSHOP: 0.30,
    SessionMethod.ONE_TO_ONE: 0.12,
    SessionMethod.NATIONAL_CALL: 0.12,
    SessionMethod.INTERNATIONAL_CALL: 0.06,
}
PLACES = {
    SessionMethod.FARMER_FIELD_SCHOOL: ("Demonstration plot", "Member farm", "Group field"),
    SessionMethod.WORKSHOP: ("Group meeting hall", "Community centre", "School building"),
    SessionMethod.ONE_TO_ONE: ("Member farm", "Group office"),
    SessionMethod.NATIONAL_CALL: ("Phone call",),
    SessionMethod.INTERNATIONAL_CALL: ("Video call",),
}
ROSTER_SHARE = 0.85  # sessions with an attendance list; the others count heads
SCORED_SHARE = 0.8  # roster sessions where the knowledge check was taken
GROUP_SIZE_SIGMA = 0.8  # spread of group sizes (log-normal): a few groups are very big
MAX_ATTENDEES = 40  # nobody trains more people than that at once
WOMEN_SHARE = 0.45
GENDER_WEIGHTS = {"female": WOMEN_SHARE, "male": 0.53, "other": 0.01, "unstated": 0.01}

IMPROVEMENT_ITEMS = (
    ("plan", "Agree the internal inspection checklist"),
    ("plan", "Write the group's quality policy"),
    ("plan", "Elect the internal control committee"),
    ("do", "Inspect every member farm once"),
    ("do", "Keep sales records in the group register"),
    ("do", "Train the new members on the group's rules"),
    ("do", "Map the farm boundaries of the members"),
    ("do", "Set up a common drying area"),
    ("check", "Compare inspection results with last year"),
    ("check", "Review the cash book with the members"),
    ("check", "Audit the traceability records"),
    ("act", "Update the rules after the review"),
    ("act", "Plan sanctions for repeated breaches"),
)
ITEM_OWNERS = ("Secretary", "Treasurer", "Chairperson", "Internal inspectors", "Committee")


@dataclass
class Reference:
    """What the seed curriculum provides and the synthetic rows point at."""

    countries: list[Country]
    languages: dict[int, list[str]]  # country id → its language codes, main one first
    commodity_ids: dict[str, int]  # slug → id
    module_ids: list[int]
    rubric_id: int
    profiles_by_rank: list[list["AnswerProfile"]]  # one list per reachable level, low to high
    support_area_ids: list[int]
    core_risk_ids: list[int]
    theme_ids: list[int]
    trainer_id: int
    assessor_id: int


@dataclass(frozen=True)
class AnswerProfile:
    """Answers to the rubric and what the rubric makes of them."""

    level_id: int
    answers: dict
    scores: list
    holding_back: list


@dataclass
class GroupPlan:
    number: int
    country: Country
    profile: CountryProfile
    region: str
    size_weight: float
    farmer_count: int = 0
    session_count: int = 0
    pk: int | None = None
    farmer_ids: list[int] = field(default_factory=list)


@dataclass
class SessionPlan:
    group: GroupPlan
    method: str
    roster: bool
    attendees: int = 0


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """`items` in lists of `size` (itertools.batched is Python 3.12)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Every table the command writes to.
GENERATED_MODELS = (
    ProducerGroup,
    ProducerGroup._meta.get_field("commodities").remote_field.through,
    ProducerGroup._meta.get_field("trainers").remote_field.through,
    Farmer,
    TrainingSession,
    SessionTrainer,
    SessionModule,
    Attendance,
    LevelAssessment,
    ImprovementCycle,
    ImprovementItem,
    NeedsAssessment,
    NeedRating,
    RiskAssessment,
    RiskRating,
)
# What the deletion removes that Wagtail's reference index may hold entries for.
DELETED_MODELS = (
    ProducerGroup,
    Farmer,
    TrainingSession,
    LevelAssessment,
    ImprovementCycle,
    ImprovementItem,
    NeedsAssessment,
    NeedRating,
    RiskAssessment,
    RiskRating,
    TrainingPlan,
)


def forget_deleted_references(model) -> None:
    """Remove the reference-index entries from and to rows of `model` that no longer exist,
    as Wagtail's post_delete receiver would have done row by row."""
    content_type = ContentType.objects.get_for_model(model)
    # The index keeps object ids as text.
    existing = model.objects.annotate(key=Cast("pk", CharField())).values("key")
    ReferenceIndex.objects.filter(base_content_type=content_type).exclude(
        object_id__in=existing
    ).delete()
    ReferenceIndex.objects.filter(to_content_type=content_type).exclude(
        to_object_id__in=existing
    ).delete()


def spread(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Split `total` into len(weights) whole parts proportional to the weights, summing exactly."""
    if not weights:
        return []
    whole = sum(weights)
    parts = [int(total * weight / whole) for weight in weights]
    # The rounding leftovers go to buckets drawn by weight, so the total is exact.
    for index in rng.choices(range(len(weights)), weights=weights, k=total - sum(parts)):
        parts[index] += 1
    return parts


def weighted(rng: random.Random, choices: dict):
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def random_day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


class Command(BaseCommand):
    help = (
        "Fill the database with national-scale synthetic groups, farmers, sessions, attendance, "
        "assessments and plans, to benchmark dashboards and the yearly report."
    )

    def add_arguments(self, parser):
        parser.add_argument("--groups", type=int, default=10_000, help="Producer groups.")
        parser.add_argument("--farmers", type=int, default=100_000, help="Farmers, in all.")
        parser.add_argument("--sessions", type=int, default=100_000, help="Training sessions.")
        parser.add_argument(
            "--attendance",
            type=int,
            default=1_000_000,
            help="Attendance rows wanted, roughly (group sizes may not allow exactly that).",
        )
        parser.add_argument(
            "--year", type=int, default=2026, help="Main year; the year before is filled too."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same data.")
        parser.add_argument("--batch", type=int, default=5000, help="Rows per INSERT.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the synthetic data of an earlier run first.",
        )

    def handle(self, *args, **options):
        refuse_production()
        started = time.perf_counter()
        self._check_numbers(options)
        existing = ProducerGroup.objects.filter(name__startswith=GROUP_PREFIX).count()
        if existing and not options["replace"]:
            raise CommandError(
                f"Synthetic data is already in the database ({existing} synthetic groups). "
                "Run again with --replace to delete it and generate a new set."
            )
        reference = self._reference()
        # One transaction: a run that fails half-way (or is interrupted) leaves nothing.
        with transaction.atomic():
            if options["replace"]:
                # Also when no group is left: national assessments may remain from a set
                # whose groups were deleted by hand.
                self._delete_synthetic(batch=options["batch"])
                self._say(f"Deleted the previous synthetic data ({existing} groups)", started)
            SyntheticDataset(
                rng=random.Random(options["seed"]),
                reference=reference,
                options=options,
                say=lambda message: self._say(message, started),
            ).generate()
            # Written in bulk, without the signals that keep the dashboard's delivery
            # figures: made from the new rows at once (decision 0036).
            figures_rebuild()
            self._say("delivery figures rebuilt", started)
        self._refresh_statistics()
        self._say("table statistics refreshed", started)
        self._report_counts()
        self.stdout.write(
            self.style.SUCCESS(f"Synthetic data generated in {time.perf_counter() - started:.1f} s")
        )

    def _check_numbers(self, options):
        if options["groups"] < 1:
            raise CommandError("--groups must be at least 1.")
        for name in ("farmers", "sessions", "attendance"):
            if options[name] < 0:
                raise CommandError(f"--{name} cannot be negative.")
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1.")
        if not 1901 <= options["year"] <= 2200:
            raise CommandError("--year must be a year such as 2026.")

    def _say(self, message: str, started: float) -> None:
        self.stdout.write(f"[{time.perf_counter() - started:7.1f} s] {message}")
        # Under DEBUG every query's SQL is kept; the bulk INSERTs would fill memory.
        reset_queries()

    # --- What the data points at -------------------------------------------------------

    def _reference(self) -> Reference:
        countries = list(Country.objects.order_by("pk"))
        if not countries:
            raise CommandError("No countries: run `manage.py migrate` first (it seeds them).")
        levels = list(OrganisationLevel.objects.originals().order_by("rank"))
        rubric = active_rubric()
        if not levels or rubric is None:
            raise CommandError(
                "No organisation levels or no active level rubric: run `manage.py migrate` first "
                "(it seeds both)."
            )
        module_ids = self._live_module_ids()
        return Reference(
            countries=countries,
            languages=self._country_languages(),
            commodity_ids=dict(Commodity.objects.originals().values_list("slug", "pk")),
            module_ids=module_ids,
            rubric_id=rubric.pk,
            profiles_by_rank=answer_profiles(rubric, levels),
            support_area_ids=self._need_area_ids(NeedArea.Kind.SUPPORT_AREA),
            core_risk_ids=self._need_area_ids(NeedArea.Kind.CORE_RISK),
            theme_ids=list(Theme.objects.originals().order_by("pk").values_list("pk", flat=True)),
            trainer_id=self._user(TRAINER_USERNAME, "Trainer", role=roles.TRAINERS).pk,
            assessor_id=self._user(ASSESSOR_USERNAME, "Assessor").pk,
        )

    def _live_module_ids(self) -> list[int]:
        ids = self._module_ids()
        if not ids:
            # Sessions cover real modules; the seed curriculum is the usual source of them.
            self.stdout.write("No live training modules: loading the seed curriculum first.")
            call_command("load_seed_curriculum", stdout=self.stdout)
            ids = self._module_ids()
        if not ids:
            raise CommandError(
                "There are still no live training modules after `load_seed_curriculum`; "
                "publish some modules first."
            )
        return ids

    def _module_ids(self) -> list[int]:
        return list(TrainingModulePage.objects.live().order_by("pk").values_list("pk", flat=True))

    def _country_languages(self) -> dict[int, list[str]]:
        languages = defaultdict(list)
        rows = Country.languages.through.objects.order_by("locale__language_code").values_list(
            "country_id", "locale__language_code"
        )
        for country_id, code in rows:
            languages[country_id].append(code)
        # The seed gives Myanmar Burmese and English: the national language comes first.
        return {pk: sorted(codes, key=lambda code: code == "en") for pk, codes in languages.items()}

    def _need_area_ids(self, kind: str) -> list[int]:
        return list(
            NeedArea.objects.originals()
            .filter(kind=kind)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def _user(self, username: str, last_name: str, role: str | None = None):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": "Synthetic", "last_name": last_name}
        )
        if created:
            # Nobody signs in as a synthetic user.
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if role and (group := Group.objects.filter(name=role).first()):
            user.groups.add(group)
        return user

    # --- Removing an earlier run ---------------------------------------------------------

    def _delete_synthetic(self, *, batch: int) -> None:
        """Children first, a slice of groups at a time, so no delete loads a million rows.

        Wagtail's reference index listens to the deletion of sessions, farmers, groups and
        assessments and spends two queries on each row (minutes for a million rows): it is
        switched off meanwhile, and the entries of the deleted rows removed at the end.
        """
        group_ids = list(
            ProducerGroup.objects.filter(name__startswith=GROUP_PREFIX)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with disable_reference_index_auto_update():
            # About a tenth of --batch groups: their attendance is then a few --batch of rows.
            for chunk in chunks(group_ids, max(1, batch // 10)):
                self._delete_groups(chunk)
            # National and regional assessments belong to no group: their source marks them.
            for model in (NeedsAssessment, RiskAssessment):
                model.objects.filter(group__isnull=True, source__startswith=SOURCE_PREFIX).delete()
        for model in DELETED_MODELS:
            forget_deleted_references(model)

    def _delete_groups(self, group_ids: list[int]) -> None:
        # Attendance first: a farmer who attended is protected from deletion.
        Attendance.objects.filter(session__group_id__in=group_ids).delete()
        TrainingSession.objects.filter(group_id__in=group_ids).delete()
        Farmer.objects.filter(group_id__in=group_ids).delete()
        LevelAssessment.objects.filter(group_id__in=group_ids).delete()
        ImprovementCycle.objects.filter(group_id__in=group_ids).delete()
        NeedsAssessment.objects.filter(group_id__in=group_ids).delete()
        RiskAssessment.objects.filter(group_id__in=group_ids).delete()
        TrainingPlan.objects.filter(group_id__in=group_ids).delete()
        ProducerGroup.objects.filter(pk__in=group_ids).delete()

    def _refresh_statistics(self) -> None:
        """PostgreSQL plans from table statistics that autovacuum refreshes only later: a
        benchmark run right after would be planned for empty tables (and, after --replace,
        meet a million dead rows). VACUUM cannot run inside a transaction (a test's), so
        there only ANALYZE."""
        if connection.vendor != "postgresql":
            return
        statement = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            for model in GENERATED_MODELS:
                cursor.execute(f"{statement} {connection.ops.quote_name(model._meta.db_table)}")

    # --- The result ------------------------------------------------------------------------

    def _report_counts(self) -> None:
        synthetic = {"group__name__startswith": GROUP_PREFIX}
        of_sessions = {"session__group__name__startswith": GROUP_PREFIX}
        national = {"group__isnull": True, "source__startswith": SOURCE_PREFIX}
        counts = [
            ("producer groups", ProducerGroup.objects.filter(name__startswith=GROUP_PREFIX)),
            ("farmers", Farmer.objects.filter(**synthetic)),
            ("training sessions", TrainingSession.objects.filter(**synthetic)),
            ("  with a roster", TrainingSession.objects.filter(**synthetic, men_count=None)),
            ("session modules", SessionModule.objects.filter(**of_sessions)),
            ("session trainers", SessionTrainer.objects.filter(**of_sessions)),
            ("attendance", Attendance.objects.filter(**of_sessions)),
            ("level assessments", LevelAssessment.objects.filter(**synthetic)),
            ("improvement cycles", ImprovementCycle.objects.filter(**synthetic)),
            (
                "improvement items",
                ImprovementItem.objects.filter(cycle__group__name__startswith=GROUP_PREFIX),
            ),
            ("needs assessments (groups)", NeedsAssessment.objects.filter(**synthetic)),
            ("needs assessments (national)", NeedsAssessment.objects.filter(**national)),
            (
                "need ratings",
                NeedRating.objects.filter(assessment__source__startswith=SOURCE_PREFIX),
            ),
            ("risk assessments (groups)", RiskAssessment.objects.filter(**synthetic)),
            ("risk assessments (regional)", RiskAssessment.objects.filter(**national)),
            (
                "risk ratings",
                RiskRating.objects.filter(assessment__source__startswith=SOURCE_PREFIX),
            ),
        ]
        self.stdout.write("Synthetic rows in the database:")
        for label, queryset in counts:
            self.stdout.write(f"  {label:<30}{queryset.count():>10,}")


def answer_profiles(rubric, levels) -> list[list[AnswerProfile]]:
    """Answer sets the rubric places at each level, from weak to strong groups.

    Stored assessments then agree with the rubric: reading one back gives its level.
    Levels no answers reach (a strict rubric) are left out.
    """
    rng = random.Random(0)  # Independent of --seed: the same rubric gives the same profiles.
    options = {
        qid: len(question["options"]) for qid, (_d, question) in rubric_questions(rubric).items()
    }
    found: dict[int, list[AnswerProfile]] = defaultdict(list)
    attempts = 300
    for attempt in range(attempts):
        strength = attempt / (attempts - 1)
        answers = {
            qid: clamp(strength * (count - 1) + rng.gauss(0, 0.6), 0, count - 1)
            for qid, count in options.items()
        }
        result = level_compute(rubric=rubric, answers=answers)
        if len(found[result.level.pk]) < 8:
            found[result.level.pk].append(
                AnswerProfile(
                    level_id=result.level.pk,
                    answers=answers,
                    scores=[{"dimension": s.name, "percent": s.percent} for s in result.scores],
                    holding_back=result.holding_back,
                )
            )
    return [found[level.pk] for level in levels if found[level.pk]]


class SyntheticDataset:
    """Generates and inserts one synthetic data set; one method per kind of row."""

    def __init__(self, *, rng: random.Random, reference: Reference, options: dict, say: Callable):
        self.rng = rng
        self.ref = reference
        self.batch = options["batch"]
        self.targets = options
        self.say = say
        self.start = datetime.date(options["year"] - 1, 1, 1)
        self.end = datetime.date(options["year"], 12, 31)

    def generate(self) -> None:
        groups = self.create_groups()
        self.say(f"{len(groups):,} producer groups")
        self.create_farmers(groups)
        self.say(f"{sum(g.farmer_count for g in groups):,} farmers")
        self.create_sessions(self.plan_sessions(groups))
        self.create_level_assessments(groups)
        self.say("level assessments")
        self.create_improvement_cycles(groups)
        self.say("improvement cycles and items")
        self.create_needs_assessments(groups)
        self.create_risk_assessments(groups)
        self.say("needs and risk assessments")

    def insert(self, model, rows: Iterable) -> list:
        """bulk_create `rows` in batches; the created objects (with their pks) are returned."""
        created = []
        for chunk in chunks(rows, self.batch):
            created.extend(model.objects.bulk_create(chunk, batch_size=self.batch))
        return created

    # --- Groups --------------------------------------------------------------------------

    def create_groups(self) -> list[GroupPlan]:
        countries = self.ref.countries
        weights = [COUNTRY_PROFILES.get(c.slug, OTHER_COUNTRY).weight for c in countries]
        plans = []
        for number in range(1, self.targets["groups"] + 1):
            country = self.rng.choices(countries, weights=weights)[0]
            profile = COUNTRY_PROFILES.get(country.slug, OTHER_COUNTRY)
            plans.append(
                GroupPlan(
                    number=number,
                    country=country,
                    profile=profile,
                    region=self.rng.choice(profile.regions),
                    # Log-normal sizes: most groups small, a few large cooperatives.
                    size_weight=math.exp(self.rng.gauss(0, GROUP_SIZE_SIGMA)),
                )
            )
        sizes = [plan.size_weight for plan in plans]
        for plan, count in zip(
            plans, spread(self.targets["farmers"], sizes, self.rng), strict=True
        ):
            plan.farmer_count = count
        # Bigger groups get more sessions, with some groups trained more than others.
        session_weights = [size * self.rng.uniform(0.6, 1.4) for size in sizes]
        counts = spread(self.targets["sessions"], session_weights, self.rng)
        for plan, count in zip(plans, counts, strict=True):
            plan.session_count = count

        created = self.insert(ProducerGroup, (self.group_row(plan) for plan in plans))
        for plan, group in zip(plans, created, strict=True):
            plan.pk = group.pk
        self.link_groups(plans)
        return plans

    def group_row(self, plan: GroupPlan) -> ProducerGroup:
        # Declared members: the roster and some who never come to training.
        members = plan.farmer_count + self.rng.randint(0, plan.farmer_count // 3 + 2)
        women = round(members * self.rng.uniform(0.3, 0.6))
        latitude, longitude = (
            centre + self.rng.uniform(-plan.profile.spread, plan.profile.spread)
            for centre in plan.profile.centre
        )
        return ProducerGroup(
            name=f"{GROUP_PREFIX}{plan.number:06d}",
            country=plan.country,
            region=plan.region,
            members_women=women,
            members_men=members - women,
            year_formed=(
                None if self.rng.random() < 0.1 else self.rng.randint(1985, self.start.year - 1)
            ),
            contact_name=self.person_name(plan.profile, self.rng.random() < WOMEN_SHARE),
            latitude=Decimal(f"{latitude:.6f}"),
            longitude=Decimal(f"{longitude:.6f}"),
        )

    def link_groups(self, plans: list[GroupPlan]) -> None:
        """Commodities (one or two of the country's) and the synthetic trainer, for each group."""
        commodities = ProducerGroup._meta.get_field("commodities").remote_field.through
        trainers = ProducerGroup._meta.get_field("trainers").remote_field.through
        self.insert(
            commodities,
            (
                commodities(producergroup_id=plan.pk, commodity_id=commodity_id)
                for plan in plans
                for commodity_id in self.commodities_of(plan.profile)
            ),
        )
        self.insert(
            trainers,
            (trainers(producergroup_id=plan.pk, user_id=self.ref.trainer_id) for plan in plans),
        )

    def commodities_of(self, profile: CountryProfile) -> list[int]:
        known = {
            self.ref.commodity_ids[slug]: weight
            for slug, weight in profile.commodities.items()
            if slug in self.ref.commodity_ids
        } or dict.fromkeys(self.ref.commodity_ids.values(), 1.0)
        wanted = min(len(known), 2 if self.rng.random() < 0.3 else 1)
        chosen = []
        while len(chosen) < wanted:
            pick = weighted(self.rng, {pk: w for pk, w in known.items() if pk not in chosen})
            chosen.append(pick)
        return chosen

    def person_name(self, profile: CountryProfile, woman: bool) -> str:
        given = self.rng.choice(profile.women if woman else profile.men)
        return f"{given} {self.rng.choice(profile.surnames)}"

    # --- Farmers -------------------------------------------------------------------------

    def create_farmers(self, groups: list[GroupPlan]) -> None:
        by_group = {plan.pk: plan for plan in groups}
        rows = (
            self.farmer_row(plan, index) for plan in groups for index in range(plan.farmer_count)
        )
        for chunk in chunks(rows, self.batch):
            for farmer in Farmer.objects.bulk_create(chunk, batch_size=self.batch):
                # Kept to draw attendance from the group's own roster.
                by_group[farmer.group_id].farmer_ids.append(farmer.pk)

    def farmer_row(self, plan: GroupPlan, index: int) -> Farmer:
        gender = weighted(self.rng, GENDER_WEIGHTS)
        return Farmer(
            group_id=plan.pk,
            member_code=f"M-{index + 1:04d}",
            name=self.person_name(plan.profile, gender == "female"),
            gender=gender,
            birth_year=None if self.rng.random() < 0.08 else self.rng.randint(1950, 2005),
            consent_given=True,
            # Before any session of the period: consent is asked when a farmer joins.
            consent_date=random_day(
                self.rng, self.start - datetime.timedelta(days=730), self.start
            ),
        )

    # --- Sessions and attendance ---------------------------------------------------------

    def plan_sessions(self, groups: list[GroupPlan]) -> list[SessionPlan]:
        wants_lists = self.targets["attendance"] > 0
        plans = []
        for group in groups:
            for _ in range(group.session_count):
                method = weighted(self.rng, METHOD_WEIGHTS)
                roster = wants_lists and bool(group.farmer_ids) and self.rng.random() < ROSTER_SHARE
                plan = SessionPlan(group=group, method=method, roster=roster)
                if roster and method == SessionMethod.ONE_TO_ONE:
                    # A visit meets one farmer or the group's leaders, whatever the group's size.
                    plan.attendees = min(len(group.farmer_ids), self.rng.randint(1, 3))
                plans.append(plan)
        self.size_roster_sessions(plans)
        return plans

    def size_roster_sessions(self, plans: list[SessionPlan]) -> None:
        """Attendees per roster session, so the total comes near --attendance.

        Each session takes its share of what is still wanted, in proportion to its group's
        roster, with some noise: the remaining budget corrects the drift as it goes. When
        the rosters are too small for the total asked, every session is full and the total
        falls short (reported at the end).
        """
        to_size = [plan for plan in plans if plan.roster and not plan.attendees]
        wanted = self.targets["attendance"] - sum(plan.attendees for plan in plans)
        seats = sum(self.seats(plan) for plan in to_size)
        for plan in to_size:
            share = min(1.0, max(0.0, wanted / seats)) if seats else 0.0
            plan.attendees = clamp(
                self.seats(plan) * share * self.rng.uniform(0.75, 1.25), 1, self.seats(plan)
            )
            wanted -= plan.attendees
            seats -= self.seats(plan)

    def seats(self, plan: SessionPlan) -> int:
        return min(len(plan.group.farmer_ids), MAX_ATTENDEES)

    def create_sessions(self, plans: list[SessionPlan]) -> None:
        attendance_rows = 0
        batches = math.ceil(len(plans) / self.batch) or 1
        for number, chunk in enumerate(chunks(plans, self.batch), start=1):
            sessions = TrainingSession.objects.bulk_create(
                [self.session_row(plan) for plan in chunk], batch_size=self.batch
            )
            self.insert(SessionTrainer, self.trainer_rows(sessions))
            self.insert(SessionModule, self.module_rows(sessions))
            attendance_rows += len(
                self.insert(Attendance, self.attendance_rows(zip(chunk, sessions, strict=True)))
            )
            # About ten progress lines, whatever the scale.
            if number == batches or number % max(1, batches // 10) == 0:
                self.say(
                    f"sessions {min(number * self.batch, len(plans)):,}/{len(plans):,}, "
                    f"attendance {attendance_rows:,}"
                )

    def session_row(self, plan: SessionPlan) -> TrainingSession:
        start_minutes = self.rng.randint(14, 29) * 30  # 07:00 to 14:30
        end_minutes = start_minutes + self.rng.randint(2, 8) * 30  # one to four hours
        session = TrainingSession(
            uuid=self.new_uuid(),
            group_id=plan.group.pk,
            recorded_by_id=self.ref.trainer_id,
            date=random_day(self.rng, self.start, self.end),
            starts_at=datetime.time(*divmod(start_minutes, 60)),
            ends_at=datetime.time(*divmod(end_minutes, 60)),
            method=plan.method,
            language=self.language(plan.group.country),
            place=self.rng.choice(PLACES[plan.method]),
            source=SessionSource.PAPER if self.rng.random() < 0.1 else SessionSource.APP,
            content_hash=f"{self.rng.getrandbits(256):064x}",
        )
        if not plan.roster:
            self.count_heads(session, plan)
        return session

    def count_heads(self, session: TrainingSession, plan: SessionPlan) -> None:
        """Head counts, for a session without a list (a list and counts never go together)."""
        if plan.method == SessionMethod.ONE_TO_ONE:
            people = self.rng.randint(1, 3)
        else:
            people = self.rng.randint(5, 30)
        session.women_count = sum(self.rng.random() < WOMEN_SHARE for _ in range(people))
        session.other_count = 1 if people > 10 and self.rng.random() < 0.1 else 0
        session.men_count = people - session.women_count - session.other_count

    def language(self, country: Country) -> str:
        codes = self.ref.languages.get(country.pk) or ["en"]
        # Mostly the national language; now and then another of the country's languages.
        if len(codes) > 1 and self.rng.random() < 0.1:
            return self.rng.choice(codes[1:])
        return codes[0]

    def new_uuid(self) -> uuid.UUID:
        # From the seeded generator, not uuid4(): the same seed gives the same sessions.
        return uuid.UUID(int=self.rng.getrandbits(128))

    def trainer_rows(self, sessions) -> Iterator[SessionTrainer]:
        for session in sessions:
            yield SessionTrainer(session_id=session.pk, trainer_id=self.ref.trainer_id)

    def module_rows(self, sessions) -> Iterator[SessionModule]:
        modules = self.ref.module_ids
        for session in sessions:
            for module_id in self.rng.sample(modules, min(len(modules), self.rng.randint(1, 3))):
                rated = self.rng.random() < 0.8
                yield SessionModule(
                    session_id=session.pk,
                    module_id=module_id,
                    feedback_rating=(
                        weighted(self.rng, {1: 3, 2: 7, 3: 20, 4: 45, 5: 25}) if rated else None
                    ),
                )

    def attendance_rows(self, pairs) -> Iterator[Attendance]:
        for plan, session in pairs:
            if not plan.roster:
                continue
            scored = self.rng.random() < SCORED_SHARE
            # sample(): each farmer at most once in a session.
            for farmer_id in self.rng.sample(plan.group.farmer_ids, plan.attendees):
                pre, post = self.scores() if scored else (None, None)
                yield Attendance(
                    session_id=session.pk, farmer_id=farmer_id, pre_score=pre, post_score=post
                )

    def scores(self) -> tuple[int, int | None]:
        pre = clamp(self.rng.gauss(48, 15), 0, 100)
        # Mostly a gain; sometimes a farmer left before the check at the end.
        post = None if self.rng.random() < 0.03 else clamp(pre + self.rng.gauss(14, 10), 0, 100)
        return pre, post

    # --- Level assessments ---------------------------------------------------------------

    def create_level_assessments(self, groups: list[GroupPlan]) -> None:
        rows, submitted = [], []
        for plan in groups:
            for when, profile in self.level_history():
                rows.append(
                    LevelAssessment(
                        group_id=plan.pk,
                        rubric_id=self.ref.rubric_id,
                        answers=profile.answers,
                        level_id=profile.level_id,
                        scores=profile.scores,
                        holding_back=profile.holding_back,
                        status=LevelAssessment.Status.CONFIRMED,
                        confirmed_by_id=self.ref.assessor_id,
                        confirmed_at=when + datetime.timedelta(days=self.rng.randint(1, 21)),
                    )
                )
                submitted.append(when)
        created = self.insert(LevelAssessment, rows)
        # auto_now_add overwrites submitted_at on insert: put the real dates back.
        for assessment, when in zip(created, submitted, strict=True):
            assessment.submitted_at = when
        # Small batches: bulk_update writes one CASE branch per row.
        LevelAssessment.objects.bulk_update(created, ["submitted_at"], batch_size=500)

    def level_history(self) -> list[tuple[datetime.datetime, AnswerProfile]]:
        """One to three assessments; a group mostly keeps its level, some move up one."""
        profiles = self.ref.profiles_by_rank
        count = weighted(self.rng, {1: 0.4, 2: 0.4, 3: 0.2})
        latest = self.end - datetime.timedelta(days=30)  # so the confirmation is in the period
        # Sorted as moments, not days: two on one day must still come in order.
        moments = sorted(
            moment(random_day(self.rng, self.start, latest), self.rng.randint(8, 17))
            for _ in range(count)
        )
        rank = min(len(profiles) - 1, weighted(self.rng, {0: 0.35, 1: 0.35, 2: 0.22, 3: 0.08}))
        history = []
        for index, when in enumerate(moments):
            if index and self.rng.random() < 0.3:
                rank = min(len(profiles) - 1, rank + 1)
            history.append((when, self.rng.choice(profiles[rank])))
        return history

    # --- Improvement plans ---------------------------------------------------------------

    def create_improvement_cycles(self, groups: list[GroupPlan]) -> None:
        planned = [plan for plan in groups if self.rng.random() < 0.5]
        cycles = self.insert(ImprovementCycle, (self.cycle_row(plan) for plan in planned))
        self.insert(ImprovementItem, (item for cycle in cycles for item in self.item_rows(cycle)))

    def cycle_row(self, plan: GroupPlan) -> ImprovementCycle:
        middle = self.start + datetime.timedelta(days=(self.end - self.start).days // 2)
        starts_on = random_day(self.rng, self.start, middle)
        return ImprovementCycle(
            group_id=plan.pk,
            number=1,
            title=f"{starts_on.year} quality plan",
            starts_on=starts_on,
            review_on=starts_on + datetime.timedelta(days=self.rng.randint(180, 365)),
            status=ImprovementCycle.Status.OPEN,
        )

    def item_rows(self, cycle: ImprovementCycle) -> Iterator[ImprovementItem]:
        count = self.rng.randint(3, 8)
        for stage, description in self.rng.sample(IMPROVEMENT_ITEMS, count):
            due = random_day(self.rng, cycle.starts_on + datetime.timedelta(days=14), self.end)
            status = self.item_status(due)
            yield ImprovementItem(
                cycle_id=cycle.pk,
                stage=stage,
                description=description,
                owner=self.rng.choice(ITEM_OWNERS),
                due_date=due,
                status=status,
                completed_on=self.completed_on(cycle, due) if status == "done" else None,
            )

    def item_status(self, due: datetime.date) -> str:
        # The data describe the end of --year: items due by then are mostly settled.
        if due < self.end - datetime.timedelta(days=60):
            return weighted(
                self.rng, {"done": 0.65, "in_progress": 0.15, "to_do": 0.12, "dropped": 0.08}
            )
        return weighted(self.rng, {"to_do": 0.5, "in_progress": 0.35, "done": 0.15})

    def completed_on(self, cycle: ImprovementCycle, due: datetime.date) -> datetime.date:
        # About a third are done late.
        completed = due + datetime.timedelta(days=self.rng.randint(-45, 25))
        return min(self.end, max(cycle.starts_on, completed))

    # --- Needs and risks -----------------------------------------------------------------

    def create_needs_assessments(self, groups: list[GroupPlan]) -> None:
        national = [
            NeedsAssessment(
                country=country,
                assessed_on=random_day(
                    self.rng, datetime.date(year, 1, 15), datetime.date(year, 4, 30)
                ),
                source=f"{SOURCE_PREFIX}national needs assessment {year}",
                stakeholders="Commodity board, extension services, cooperatives, buyers",
            )
            for country in self.ref.countries
            for year in (self.start.year, self.end.year)
        ]
        consulted = [
            NeedsAssessment(
                country_id=plan.country.pk,
                group_id=plan.pk,
                assessed_on=random_day(self.rng, self.start, self.end),
                source=f"{SOURCE_PREFIX}field consultation with the members",
            )
            for plan in groups
            if self.rng.random() < 0.2
        ]
        national = self.insert(NeedsAssessment, national)
        consulted = self.insert(NeedsAssessment, consulted)
        ratings = [
            *(r for a in national for r in self.need_ratings(a, areas=3, themes=(3, 6))),
            *(r for a in consulted for r in self.need_ratings(a, areas=1, themes=(1, 4))),
        ]
        self.insert(NeedRating, ratings)

    def need_ratings(self, assessment, *, areas: int, themes: tuple[int, int]) -> list[NeedRating]:
        """Support areas and themes, each once; priorities leaning to high, some 4 and 5."""
        area_ids = self.rng.sample(
            self.ref.support_area_ids, min(areas, len(self.ref.support_area_ids))
        )
        theme_count = min(self.rng.randint(*themes), len(self.ref.theme_ids))
        subjects = [("need_area_id", pk) for pk in area_ids] + [
            ("theme_id", pk) for pk in self.rng.sample(self.ref.theme_ids, theme_count)
        ]
        return [
            NeedRating(
                assessment_id=assessment.pk,
                sort_order=order,
                priority=weighted(self.rng, {1: 0.05, 2: 0.15, 3: 0.3, 4: 0.3, 5: 0.2}),
                **{column: pk},
            )
            for order, (column, pk) in enumerate(subjects)
        ]

    def create_risk_assessments(self, groups: list[GroupPlan]) -> None:
        assessed = [
            RiskAssessment(
                country_id=plan.country.pk,
                group_id=plan.pk,
                region=plan.region,
                assessed_on=random_day(self.rng, self.start, self.end),
                source=f"{SOURCE_PREFIX}field visit",
            )
            for plan in groups
            if self.rng.random() < 0.15
        ]
        regions = dict.fromkeys((plan.country.pk, plan.region) for plan in groups)
        regional = [
            RiskAssessment(
                country_id=country_id,
                region=region,
                assessed_on=random_day(self.rng, datetime.date(self.end.year, 1, 1), self.end),
                source=f"{SOURCE_PREFIX}regional risk assessment {self.end.year}",
            )
            for country_id, region in regions
        ]
        created = self.insert(RiskAssessment, assessed + regional)
        self.insert(RiskRating, (r for a in created for r in self.risk_ratings(a)))

    def risk_ratings(self, assessment) -> Iterator[RiskRating]:
        for order, core_risk_id in enumerate(self.ref.core_risk_ids):
            yield RiskRating(
                assessment_id=assessment.pk,
                sort_order=order,
                core_risk_id=core_risk_id,
                likelihood=weighted(self.rng, {1: 0.15, 2: 0.3, 3: 0.3, 4: 0.15, 5: 0.1}),
                severity=weighted(self.rng, {1: 0.05, 2: 0.2, 3: 0.35, 4: 0.25, 5: 0.15}),
            )
