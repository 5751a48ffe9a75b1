"""A roster and a few delivered sessions for the demo group, so `make demo` shows field work.

The demo trainer is assigned to the demo group: signed in as `trainer`, the trainer
app downloads its roster and can record sessions for it.
"""

import datetime
import uuid

from django.db import transaction
from django.utils import timezone

from modules.selectors import published_modules
from organisation_levels.models import CountryPerson
from training_delivery.models import Farmer, SessionMethod
from training_delivery.services import sessions_sync

ROSTER = [
    ("ACFC-001", "Akosua Boateng", "female", 1978),
    ("ACFC-002", "Kwabena Owusu", "male", 1969),
    ("ACFC-003", "Ama Serwaa", "female", 1985),
    ("ACFC-004", "Yaw Mensah", "male", 1990),
    ("ACFC-005", "Abena Agyeman", "female", 1972),
    ("ACFC-006", "Kofi Asante", "male", 1981),
    ("ACFC-007", "Efua Darko", "female", 1995),
    ("ACFC-008", "Kwame Badu", "male", 1964),
]
# Made once from a fixed namespace, so running the demo command again finds them known.
DEMO_NAMESPACE = uuid.UUID("5f0c2a52-7f57-4a86-9d1c-3e0b8d1f7a10")


@transaction.atomic
def demo_field_delivery_ensure(*, group, trainer) -> None:
    """Assign the demo trainer to `group`, give it a roster and two past sessions."""
    group.trainers.add(trainer)
    CountryPerson.objects.get_or_create(country=group.country, person=trainer)
    group.save()
    consent_on = timezone.localdate() - datetime.timedelta(days=200)
    for code, name, gender, birth_year in ROSTER:
        Farmer.objects.get_or_create(
            group=group,
            member_code=code,
            defaults={
                "name": name,
                "gender": gender,
                "birth_year": birth_year,
                "consent_given": True,
                "consent_date": consent_on,
            },
        )
    modules = list(published_modules().order_by("code")[:2])
    if not modules:
        return
    today = timezone.localdate()
    sessions = [
        {
            "uuid": str(uuid.uuid5(DEMO_NAMESPACE, f"{group.pk}-{number}")),
            "group": group.pk,
            "date": (today - datetime.timedelta(days=days_ago)).isoformat(),
            "starts_at": "09:00",
            "ends_at": "11:30",
            "method": method,
            "language": "en",
            "place": "Group demonstration plot",
            "modules": [{"id": module.pk, "feedback_rating": 4}],
            "attendance": [
                {"member_code": code, "pre_score": 40 + 5 * index, "post_score": 65 + 4 * index}
                for index, (code, *_rest) in enumerate(ROSTER[:attendees])
            ],
            "notes": "",
        }
        for number, (module, days_ago, method, attendees) in enumerate(
            [
                (modules[0], 45, SessionMethod.FARMER_FIELD_SCHOOL, 8),
                (modules[-1], 12, SessionMethod.WORKSHOP, 6),
            ]
        )
    ]
    sessions_sync(user=trainer, sessions=sessions)
