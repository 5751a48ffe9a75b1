"""The shape of an uploaded session: types, ranges and the rules within one session.

These checks need no database, so a batch of 500 sessions is checked without a
query; what needs the database (the group, its roster, the modules, the trainers)
is checked in `services.sessions_sync` for the whole batch at once. The paper
import builds the same dictionaries from spreadsheet rows and runs the same checks,
so a session is held to one set of rules however it arrives.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from training_delivery.models import Gender, SessionMethod
from training_delivery.models.roster import EARLIEST_BIRTH_YEAR

MAX_ATTENDANCE = 500
MAX_MODULES = 20
MAX_TRAINERS = 10
MAX_WALK_INS = 100
EARLIEST_SESSION_DATE = datetime.date(2000, 1, 1)
# Ids are database keys; a larger number could only be a forgery and would overflow a query.
MAX_ID = 2**63 - 1
# A phone in Indonesia or Vietnam is up to 14 hours ahead of the server's UTC
# date; a session dated "tomorrow" in UTC may be today where it happened.
FUTURE_DATE_TOLERANCE = datetime.timedelta(days=1)


class AttendeeSerializer(serializers.Serializer):
    member_code = serializers.CharField(max_length=40)
    pre_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )
    post_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )


class WalkInSerializer(serializers.Serializer):
    """A farmer at the session who is not on the roster, added on the phone (decision 0023)."""

    uuid = serializers.UUIDField(help_text="Made on the device; the same on every retry.")
    consent = serializers.BooleanField(default=False)
    name = serializers.CharField(
        max_length=150,
        required=False,
        allow_blank=True,
        default="",
        help_text="Only with consent; without it the name is not sent.",
    )
    gender = serializers.ChoiceField(choices=Gender.choices, default=Gender.UNSTATED)
    birth_year = serializers.IntegerField(
        min_value=EARLIEST_BIRTH_YEAR, max_value=2100, required=False, allow_null=True
    )
    pre_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )
    post_score = serializers.IntegerField(
        min_value=0, max_value=100, required=False, allow_null=True
    )

    def validate(self, data):
        if data.get("name") and not data.get("consent"):
            raise serializers.ValidationError(
                {"name": [_("Without the farmer's consent, leave the name out.")]}
            )
        if data.get("consent") and not data.get("name"):
            raise serializers.ValidationError({"name": [_("Give the farmer's name.")]})
        return data


class ModuleCoveredSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The module page's id, as downloaded."
    )
    feedback_rating = serializers.IntegerField(
        min_value=1, max_value=5, required=False, allow_null=True
    )
    feedback = serializers.CharField(max_length=4000, required=False, allow_blank=True)


class HeadCountSerializer(serializers.Serializer):
    women = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    men = serializers.IntegerField(min_value=0, max_value=10000, default=0)
    other = serializers.IntegerField(min_value=0, max_value=10000, default=0)


class SessionUploadSerializer(serializers.Serializer):
    """One session as the trainer app (or a paper-form row) describes it."""

    uuid = serializers.UUIDField(help_text="Made on the device; the same on every retry.")
    group = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text="The producer group's id."
    )
    trainers = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        required=False,
        max_length=MAX_TRAINERS,
        help_text="User ids of the trainers; the uploader when left out.",
    )
    date = serializers.DateField()
    starts_at = serializers.TimeField()
    ends_at = serializers.TimeField()
    method = serializers.ChoiceField(choices=SessionMethod.choices)
    language = serializers.ChoiceField(choices=settings.LANGUAGES)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=5, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )
    modules = ModuleCoveredSerializer(many=True, allow_empty=False, max_length=MAX_MODULES)
    attendance = AttendeeSerializer(many=True, required=False, max_length=MAX_ATTENDANCE)
    walk_ins = WalkInSerializer(many=True, required=False, max_length=MAX_WALK_INS)
    counts = HeadCountSerializer(required=False, allow_null=True)
    notes = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")

    def validate_date(self, value):
        if value > timezone.now().date() + FUTURE_DATE_TOLERANCE:
            raise serializers.ValidationError(_("The date is in the future."))
        if value < EARLIEST_SESSION_DATE:
            raise serializers.ValidationError(_("The date is before the year 2000."))
        return value

    def validate(self, data):
        errors = {}
        if data["ends_at"] <= data["starts_at"]:
            errors["ends_at"] = [_("The session must end after it starts.")]
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            errors["longitude"] = [_("Give both latitude and longitude, or neither.")]
        attendance = data.get("attendance") or []
        walk_ins = data.get("walk_ins") or []
        counts = data.get("counts")
        counted = Counter(attendee["member_code"] for attendee in attendance)
        repeated = sorted(code for code, times in counted.items() if times > 1)
        if repeated:
            errors["attendance"] = [
                _("These farmers are listed twice: %(codes)s.") % {"codes": ", ".join(repeated)}
            ]
        if walk_ins and counts:
            errors["counts"] = [
                _("Give either head counts or farmers, not both: a walk-in farmer is listed.")
            ]
        elif attendance and counts:
            errors["counts"] = [
                _(
                    "Give either the attendance list or head counts, not both: with a list, the "
                    "counts come from the roster."
                )
            ]
        elif not attendance and not walk_ins and not (counts and sum(counts.values())):
            errors["attendance"] = [_("No one attended: give the attendance list or head counts.")]
        module_ids = [module["id"] for module in data["modules"]]
        if len(set(module_ids)) != len(module_ids):
            errors["modules"] = [_("A module is listed twice.")]
        trainers = data.get("trainers") or []
        if len(set(trainers)) != len(trainers):
            errors["trainers"] = [_("A trainer is listed twice.")]
        if errors:
            raise serializers.ValidationError(errors)
        return data


class SessionBatchSerializer(serializers.Serializer):
    """The body of a sync upload: the sessions recorded on the device since the last one."""

    # Items are checked one by one (services.sessions_shape_check), each with its own result.
    sessions = serializers.ListField(allow_empty=False)
