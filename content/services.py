"""Writes for site content: the page tree, the seed curriculum, the demo accounts."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site

from adaptation.services import national_curricula_ensure
from content.models import HomePage
from content.seed import SEED_DIRECTORY, SeedError, SeedModule, seed_modules_read
from modules.blocks import ModuleBodyBlock
from modules.models import BackpackPage, ModulePrerequisite, TrainingModulePage
from modules.services import backpack_permissions_apply
from modules.stream_data import stream_in_block_format, stream_keeping_item_ids
from reference import roles
from reference.models import Country

HOME_INTRO = (
    "<p>Backpack is a shared set of training modules for smallholder producer groups. "
    "The technical committee writes each module once; national platforms adapt it to their "
    "country, language and to the organisation level of each group.</p>"
)
# Built once: every body the seed writes is brought to the block format through it.
MODULE_BODY = ModuleBodyBlock()

BACKPACK_INTRO = (
    "<p>Every generic module, for every level of producer organisation. "
    "Filter by level, theme, need or risk, commodity, standard and delivery method.</p>"
)


@dataclass
class SeedResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    # Modules someone has changed in the CMS since the seed wrote them: left as they are.
    kept: list[str] = field(default_factory=list)


@transaction.atomic
def site_structure_ensure() -> BackpackPage:
    """The home page as the site root, and the backpack under it. Safe to run again."""
    locale = Locale.get_default()
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        # Wagtail's starter "Welcome" page (a plain Page) gives way to our home page; its
        # Site goes with it and is made again below.
        Page.objects.filter(depth=2, content_type=ContentType.objects.get_for_model(Page)).delete()
        home = Page.get_first_root_node().add_child(
            instance=HomePage(title="Training for producer groups", slug="home", intro=HOME_INTRO)
        )
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"root_page": home, "hostname": "localhost", "site_name": "Backpack"},
        )

    backpack = BackpackPage.objects.child_of(home).first()
    if backpack is None:
        backpack = home.add_child(
            instance=BackpackPage(title="The backpack", slug="backpack", intro=BACKPACK_INTRO)
        )
        backpack.save_revision().publish()
    backpack_permissions_apply(backpack=backpack)
    national_curricula_ensure(home=home)
    return backpack


@transaction.atomic
def seed_curriculum_load(*, directory: Path = SEED_DIRECTORY) -> SeedResult:
    """Create or update one published module per seed file.

    A module the committee has edited in the CMS (its latest revision has an author)
    or that is under review is never overwritten: the CMS is where the curriculum
    lives once it exists. Unchanged modules are left alone. All files are checked
    first (content.seed.SeedError lists every problem) and written in one
    transaction, so a bad file changes nothing.
    """
    seeds = seed_modules_read(directory=directory)
    backpack = site_structure_ensure()
    result = SeedResult()

    pages: dict[str, TrainingModulePage] = {}
    _check_addresses_free(seeds, backpack)
    for seed in seeds:
        page = TrainingModulePage.objects.child_of(backpack).filter(code=seed.code).first()
        if page is None:
            # Saved as an empty draft first so other modules can point at it as a prerequisite.
            page = backpack.add_child(instance=_draft_for(seed))
            result.created.append(seed.code)
        pages[seed.code] = page

    for seed in seeds:
        page = pages[seed.code]
        if seed.code not in result.created:
            if not _still_as_seeded(page):
                result.kept.append(seed.code)
                continue
            if _matches(page, seed, pages):
                result.unchanged.append(seed.code)
                continue
        _apply(page, seed, pages)
        page.save_revision(log_action=True).publish()
        if seed.code not in result.created:
            result.updated.append(seed.code)
    return result


def _check_addresses_free(seeds: list[SeedModule], backpack: BackpackPage) -> None:
    """A new module's address (its code) must not be taken by another page."""
    taken = dict(backpack.get_children().values_list("slug", "id"))
    seeded = set(TrainingModulePage.objects.child_of(backpack).values_list("code", flat=True))
    clashes = [
        f"{seed.source}: the address /{slugify(seed.code)}/ is already used by another page."
        for seed in seeds
        if seed.code not in seeded and slugify(seed.code) in taken
    ]
    if clashes:
        raise SeedError(clashes)


def _still_as_seeded(page: TrainingModulePage) -> bool:
    """Nobody has edited the module since the seed wrote it (seed revisions have no user)."""
    latest = page.get_latest_revision()
    return (latest is None or latest.user_id is None) and not page.workflow_in_progress


def _draft_for(seed: SeedModule) -> TrainingModulePage:
    return TrainingModulePage(
        title=seed.title,
        # Codes are stable and short: good addresses for printed handouts and SMS.
        slug=slugify(seed.code),
        code=seed.code,
        summary=seed.summary,
        duration_minutes=seed.duration_minutes,
        objectives=[("objective", text) for text in seed.objectives],
        body=[],
        live=False,
    )


def _apply(page: TrainingModulePage, seed: SeedModule, pages: dict) -> None:
    page.title = seed.title
    page.summary = seed.summary
    page.duration_minutes = seed.duration_minutes
    page.objectives = [("objective", text) for text in seed.objectives]
    page.body = _body_keeping_block_ids(page, seed.body)
    for name, terms in seed.terms.items():
        setattr(page, name, terms)
    page.prerequisite_links = [
        ModulePrerequisite(prerequisite=pages[code], sort_order=order)
        for order, code in enumerate(seed.prerequisite_codes)
    ]


def _body_keeping_block_ids(page: TrainingModulePage, raw_blocks: list[dict]) -> list[dict]:
    """Reuse the id of a block that keeps its place and type (and of each list item that
    keeps its place), so adaptations and translations still find them; stored with ids
    on every list item, as wagtail-localize needs to offer the items to translators."""
    existing = list(page.body.raw_data) if page.body else []
    return stream_in_block_format(
        stream_block=MODULE_BODY,
        raw=stream_keeping_item_ids(new=raw_blocks, old=existing),
    )


def _matches(page: TrainingModulePage, seed: SeedModule, pages: dict) -> bool:
    if not page.live or page.has_unpublished_changes:
        return False
    same_fields = (
        page.title == seed.title
        and page.summary == seed.summary
        and page.duration_minutes == seed.duration_minutes
        and [block.value for block in page.objectives] == seed.objectives
        and _comparable(_normalised(page.body.raw_data)) == _comparable(_normalised(seed.body))
    )
    if not same_fields:
        return False
    for name, terms in seed.terms.items():
        if {term.pk for term in getattr(page, name).all()} != {term.pk for term in terms}:
            return False
    current = list(page.prerequisite_links.order_by("sort_order").values_list("prerequisite_id"))
    return current == [(pages[code].pk,) for code in seed.prerequisite_codes]


def _normalised(raw_blocks) -> list:
    return stream_in_block_format(stream_block=MODULE_BODY, raw=raw_blocks)


def _comparable(data):
    """Stream data without the generated block ids, for comparing content."""
    if isinstance(data, Mapping):
        return {key: _comparable(value) for key, value in data.items() if key != "id"}
    if isinstance(data, Sequence) and not isinstance(data, str):
        return [_comparable(item) for item in data]
    return data


DEMO_PASSWORD = "backpack-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    groups: tuple[str, ...] = ()
    superuser: bool = False
    # People pick each other by name (a plan's trainer, a group's managers): the demo's
    # people have names, so the pickers never fall back to user names (issue 23).
    name: tuple[str, str] = ("", "")


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Administrator (everything)", superuser=True, name=("Site", "Admin")),
    DemoAccount(
        "committee",
        "Technical committee: writes modules",
        (roles.TECHNICAL_COMMITTEE,),
        name=("Amara", "Diallo"),
    ),
    DemoAccount(
        "reviewer",
        "Technical committee: approves modules",
        (roles.TECHNICAL_COMMITTEE,),
        name=("Bao", "Tran"),
    ),
    DemoAccount("ghana", "National platform of Ghana", ("country:ghana",), name=("Ama", "Owusu")),
    DemoAccount(
        "trainer",
        "Trainer: sees facilitator notes",
        (roles.TRAINERS,),
        name=("Kwame", "Mensah"),
    ),
    DemoAccount(
        "manager",
        "Producer group manager",
        (roles.PRODUCER_GROUP_MANAGERS,),
        name=("Abena", "Asante"),
    ),
    DemoAccount("viewer", "Monitoring viewer", (roles.MONITORING_VIEWERS,), name=("Sofia", "Lind")),
    DemoAccount("learner", "Learner (signed in, no role)", name=("Kofi", "Boateng")),
)


@transaction.atomic
def demo_accounts_ensure(*, password: str = DEMO_PASSWORD) -> list[DemoAccount]:
    """Create or reset the demo accounts, one per role, all with the demo password."""
    User = get_user_model()
    # Hashed once for all eight: the production hasher takes about a quarter of a CPU-second
    # a hash by design, and these accounts share a published password anyway.
    hashed = make_password(password)
    for account in DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(
            username=account.username,
            defaults={"email": f"{account.username}@example.org"},
        )
        user.is_superuser = user.is_staff = account.superuser
        user.is_active = True
        if not user.first_name and not user.last_name:
            user.first_name, user.last_name = account.name
        user.password = hashed
        user.save()
        user.groups.set([_group(name) for name in account.groups])
    return list(DEMO_ACCOUNTS)


def _group(name: str) -> Group:
    if name.startswith("country:"):
        return Country.objects.get(slug=name.removeprefix("country:")).national_platform_group
    return Group.objects.get(name=name)
