"""Consent that means something (issue 18, point 6; decision 0023).

- A farmer without consent is shown by gender and age band only: their name stays in
  the platform's admin and leaves the server nowhere else (`Farmer.shared_name`).
- Each consent names the text and version agreed to, the day, and who recorded it;
  a withdrawal keeps the row and says when and by whom. The farmer row is saved with
  it, so the trainer app's next download carries the change to every phone.
- A platform exports everything stored about a farmer (a zip of JSON) and erases it:
  the farmer row stays as an anonymous row (gender and birth year, which the
  dashboards count by; no name, no member code, no consent), so figures do not change.
"""

import datetime
import io
import json
import re
import uuid
import zipfile

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from training_delivery.models import (
    Attendance,
    ConsentText,
    Farmer,
    FarmerConsent,
    SessionModule,
    TrainingSession,
)

ERASED_MARK = "[…]"


class ConsentError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def farmers_of_platform(*, user) -> QuerySet[Farmer]:
    """Farmers whose data `user` may export and erase: their platform's country's."""
    if not user.is_active:
        return Farmer.objects.none()
    if user.is_superuser:
        return Farmer.objects.all()
    return Farmer.objects.filter(group__country__national_platform_group__in=user.groups.all())


def consent_text_current(*, country_id: int, language: str) -> ConsentText | None:
    """The country's latest text in this language, else in English, else in any."""
    texts = ConsentText.objects.filter(country_id=country_id).order_by("-created_at", "-pk")
    return (
        texts.filter(language=language).first()
        or texts.filter(language="en").first()
        or texts.first()
    )


@transaction.atomic
def consent_give(*, farmer: Farmer, text: ConsentText | None, given_on: datetime.date, by):
    """Records that the farmer agreed to `text` on `given_on`."""
    if farmer.erased_at:
        raise ConsentError(_("This farmer's data was erased."))
    if given_on > timezone.localdate():
        raise ConsentError(_("The date cannot be in the future."))
    if text is not None and text.country_id != farmer.group.country_id:
        raise ConsentError(_("This consent text is for another country."))
    consent = FarmerConsent.objects.create(
        farmer=farmer, text=text, given_on=given_on, recorded_by=by
    )
    farmer.consent_given, farmer.consent_date = True, given_on
    farmer.save(update_fields=["consent_given", "consent_date", "updated_at"])
    return consent


@transaction.atomic
def consent_withdraw(*, farmer: Farmer, by) -> None:
    """The farmer withdrew: their name leaves every phone at its next download (the
    changed row is sent again, without the name)."""
    now = timezone.now()
    FarmerConsent.objects.filter(farmer=farmer, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=by
    )
    farmer.consent_given, farmer.consent_date = False, None
    farmer.save(update_fields=["consent_given", "consent_date", "updated_at"])


def _user_name(user) -> str | None:
    return user.get_username() if user else None


def farmer_data(*, farmer: Farmer) -> dict:
    """Everything stored about the farmer, as JSON-ready data."""
    consents = [
        {
            "given_on": consent.given_on.isoformat(),
            "recorded_at": consent.recorded_at.isoformat(),
            "recorded_by": _user_name(consent.recorded_by),
            "text": (
                {
                    "version": consent.text.version,
                    "language": consent.text.language,
                    "wording": consent.text.text,
                }
                if consent.text
                else None
            ),
            "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            "withdrawn_by": _user_name(consent.withdrawn_by),
        }
        for consent in farmer.consents.select_related("text", "recorded_by", "withdrawn_by")
    ]
    attendance = (
        Attendance.objects.filter(farmer=farmer)
        .select_related("session", "session__group")
        .order_by("session__date", "session__starts_at")
    )
    modules = {}
    for row in SessionModule.objects.filter(
        session__in=[each.session_id for each in attendance]
    ).select_related("module"):
        modules.setdefault(row.session_id, []).append(row.module.title)
    sessions = [
        {
            "session": str(each.session.uuid),
            "date": each.session.date.isoformat(),
            "starts_at": each.session.starts_at.isoformat(),
            "ends_at": each.session.ends_at.isoformat(),
            "method": each.session.method,
            "group": each.session.group.name,
            "place": each.session.place,
            "modules": sorted(modules.get(each.session_id, [])),
            "pre_score": each.pre_score,
            "post_score": each.post_score,
        }
        for each in attendance
    ]
    content_type = ContentType.objects.get_for_model(Farmer)
    history = [
        {"at": entry.timestamp.isoformat(), "action": entry.action, "label": entry.label}
        for entry in ModelLogEntry.objects.filter(
            content_type=content_type, object_id=str(farmer.pk)
        ).order_by("timestamp")
    ]
    return {
        "farmer": {
            "id": farmer.pk,
            "group": farmer.group.name,
            "country": farmer.group.country.name,
            "member_code": farmer.member_code,
            "name": farmer.name,
            "gender": farmer.gender,
            "birth_year": farmer.birth_year,
            "consent_given": farmer.consent_given,
            "consent_date": farmer.consent_date.isoformat() if farmer.consent_date else None,
            "removed_at": farmer.removed_at.isoformat() if farmer.removed_at else None,
            "added_at": farmer.created_at.isoformat(),
            "changed_at": farmer.updated_at.isoformat(),
        },
        "consents": consents,
        "attendance": sessions,
        "history": history,
    }


def farmer_export_zip(*, farmer: Farmer) -> bytes:
    """A zip with farmer.json: what a farmer asking for their data is given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "farmer.json", json.dumps(farmer_data(farmer=farmer), ensure_ascii=False, indent=2)
        )
        archive.writestr(
            "README.txt",
            _(
                "Everything Backpack stores about this farmer: their roster entry, their "
                "consents and the sessions they attended, with their scores."
            ),
        )
    return buffer.getvalue()


def _redact(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), ERASED_MARK, text, flags=re.IGNORECASE)
    return text


@transaction.atomic
def farmer_erase(*, farmer: Farmer, by) -> None:
    """Erases the farmer's personal data. Their attendance stays, tied to an anonymous
    row that keeps only gender and birth year, so every figure stays as it was."""
    farmer = Farmer.objects.select_for_update().get(pk=farmer.pk)
    if farmer.erased_at:
        return
    # The name (and the member code) may have been typed into a session's notes or a
    # module's feedback: those words go too.
    names = [each for each in {farmer.name.strip(), farmer.member_code.strip()} if len(each) >= 3]
    session_ids = list(farmer.attendance.values_list("session_id", flat=True))
    if names:
        for session in TrainingSession.objects.filter(pk__in=session_ids).exclude(notes=""):
            redacted = _redact(session.notes, names)
            if redacted != session.notes:
                TrainingSession.objects.filter(pk=session.pk).update(notes=redacted)
        for row in SessionModule.objects.filter(session__in=session_ids).exclude(feedback=""):
            redacted = _redact(row.feedback, names)
            if redacted != row.feedback:
                SessionModule.objects.filter(pk=row.pk).update(feedback=redacted)
    farmer.consents.all().delete()
    content_type = ContentType.objects.get_for_model(Farmer)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(farmer.pk)).delete()
    now = timezone.now()
    farmer.name = ""
    farmer.member_code = f"erased-{uuid.uuid4().hex[:12]}"
    farmer.consent_given, farmer.consent_date = False, None
    farmer.removed_at = farmer.removed_at or now
    farmer.erased_at = now
    farmer.save()
    # Not logged: a log entry would name what was erased.
