"""The download half of sync: what changed for a trainer since their device last asked.

The device keeps a cursor from each download and sends it back next time. The
cursor is signed (a forged or damaged one is refused, not trusted) and holds the
time of the download and the groups the trainer had then:

- groups are always sent whole (a trainer has a handful): the device replaces its list;
- a group new since the cursor gets its whole roster, the others only the farmers
  changed since (removals included, marked `removed`);
- modules published since are sent, and the ids of every usable module, so the
  device can drop what was unpublished.

Changes are read from a little before the cursor's time (`OVERLAP`): a row saved
in a transaction that committed just after the previous download still arrives.
The device stores by id, so a row sent twice is harmless; a row missed would not be.
"""

import datetime

from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from modules.models import TrainingModulePage
from training_delivery.models import Farmer, age_band
from training_delivery.selectors import (
    farmers_changed,
    group_level_paths,
    groups_of_trainer,
    modules_usable_in,
)

OVERLAP = datetime.timedelta(minutes=5)
CURSOR_SALT = "training_delivery.sync-cursor"


class SyncCursorError(Exception):
    pass


def _cursor_read(cursor: str | None, *, user) -> tuple[datetime.datetime | None, set[int]]:
    if not cursor:
        return None, set()
    try:
        content = signing.loads(cursor, salt=CURSOR_SALT)
        # A cursor is one person's: another's would hide rosters this person never had.
        if content["u"] != user.pk:
            raise ValueError
        return parse_datetime(content["t"]), set(content["g"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise SyncCursorError(
            _(
                "The sync cursor is not one this server gave out. Download everything again "
                "by leaving the cursor out."
            )
        ) from None


def _module_rows(pages, *, kind, since, countries=None) -> list[dict]:
    if since is not None:
        pages = pages.filter(last_published_at__gt=since)
    pages = list(pages.select_related("locale").order_by("path"))
    # An adaptation names the generic module it adapts (by its translation key), so the
    # app offers the group's country's adaptation instead of the generic module, and
    # says which one a session delivered.
    adapts = {}
    if kind == "adapted" and pages:
        sources = TrainingModulePage.objects.filter(
            pk__in={page.source_id for page in pages}
        ).values_list("pk", "translation_key")
        adapts = {pk: str(key) for pk, key in sources}
    rows = []
    for page in pages:
        rows.append(
            {
                "id": page.pk,
                "kind": kind,
                "code": page.code,
                "title": page.title,
                "summary": page.summary,
                "duration_minutes": page.duration_minutes,
                "language": page.locale.language_code,
                # Translations of one module share this key: the app shows the one in
                # the trainer's language.
                "translation_key": str(page.translation_key),
                "country": page.country_id if kind == "adapted" else None,
                "country_name": (countries or {}).get(page.country_id, "")
                if kind == "adapted"
                else "",
                "adapts": adapts.get(page.source_id) if kind == "adapted" else None,
                "url": page.get_url(),
                # The app fetches a module's content again when this changes.
                "version": page.last_published_at.isoformat() if page.last_published_at else "",
            }
        )
    return rows


def sync_changes(*, user, cursor: str | None) -> dict:
    """Everything the device should update, and the cursor for next time."""
    now = timezone.now()
    since, known_group_ids = _cursor_read(cursor, user=user)
    read_from = since - OVERLAP if since else None
    groups = list(groups_of_trainer(user=user).prefetch_related("country__languages"))
    group_ids = [group.pk for group in groups]
    paths = group_level_paths(group_ids=group_ids)
    new_group_ids = [pk for pk in group_ids if pk not in known_group_ids]
    farmers = list(farmers_changed(groups=new_group_ids, since=None)) if new_group_ids else []
    old_group_ids = [pk for pk in group_ids if pk in known_group_ids]
    if old_group_ids:
        farmers += list(farmers_changed(groups=old_group_ids, since=read_from))

    country_ids = {group.country_id for group in groups}
    known_countries = {group.country_id for group in groups if group.pk in known_group_ids}
    generic, adapted = modules_usable_in(country_ids=country_ids)
    # A group in a country new to the device brings that country's adaptations, however
    # long ago they were published: the modules are then sent whole.
    modules_since = read_from if country_ids <= known_countries else None

    modules = _module_rows(
        generic.only(
            "pk",
            "code",
            "title",
            "summary",
            "duration_minutes",
            "locale",
            "url_path",
            "translation_key",
            "path",
            "last_published_at",
        ),
        kind="generic",
        since=modules_since,
    ) + _module_rows(
        adapted.only(
            "pk",
            "code",
            "title",
            "summary",
            "duration_minutes",
            "locale",
            "url_path",
            "translation_key",
            "path",
            "last_published_at",
            "country",
            "source",
        ),
        kind="adapted",
        since=modules_since,
        countries={group.country_id: group.country.name for group in groups},
    )
    return {
        "cursor": signing.dumps(
            {"u": user.pk, "t": now.isoformat(), "g": group_ids}, salt=CURSOR_SALT
        ),
        "full": since is None,
        "groups": [
            {
                "id": group.pk,
                "name": group.name,
                "country": group.country.name,
                "country_id": group.country_id,
                "region": group.region,
                # The app keeps itself offline in each of these (decision 0023).
                "languages": sorted(
                    locale.language_code for locale in group.country.languages.all()
                ),
                # The group's level and the modules of its path: those the app keeps to
                # read offline (issue 18, point 1); sessions may still cover any module.
                **paths[group.pk],
            }
            for group in groups
        ],
        "farmers": [
            {
                "id": farmer.pk,
                "group": farmer.group_id,
                "member_code": farmer.member_code,
                # Without consent the name stays on the server (decision 0023): the phone
                # shows the farmer by gender and age band, and the birth year stays too.
                "name": farmer.shared_name,
                "consent": farmer.consent_given,
                "gender": farmer.gender,
                "age_band": age_band(farmer.birth_year, now.year),
                "birth_year": farmer.birth_year if farmer.consent_given else None,
                "removed": farmer.removed_at is not None,
            }
            for farmer in farmers
        ],
        "modules": modules,
        # Every farmer id of the trainer's groups, removed ones included: a farmer deleted
        # (a typing slip) or no longer in these groups is dropped by the device.
        "farmer_ids": sorted(
            Farmer.objects.filter(group__in=group_ids).values_list("pk", flat=True)
        ),
        "module_ids": sorted(
            list(generic.values_list("pk", flat=True)) + list(adapted.values_list("pk", flat=True))
        ),
    }
