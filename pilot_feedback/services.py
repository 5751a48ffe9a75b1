"""Writes for pilot feedback (issue 4, point 6)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from adaptation.models import AdaptedModulePage
from pilot_feedback.models import PilotFeedback
from pilot_feedback.selectors import (
    pilot_feedback_allowed,
    pilot_feedback_closed_reason,
    pilot_feedback_sessions,
)
from reference.models import DeliveryMethod

# A session's method (training_delivery.SessionMethod) as the modules' delivery-method
# taxonomy names it: the taxonomy has one "call" for national and international ones.
SESSION_METHOD_TO_DELIVERY_METHOD = {
    "farmer-field-school": "farmer-field-school",
    "workshop": "workshop",
    "one-to-one": "one-to-one",
    "national-call": "call",
    "international-call": "call",
}


def _attended(session) -> int | None:
    listed = session.attendance.count()
    counted = sum(
        count or 0 for count in (session.women_count, session.men_count, session.other_count)
    )
    return (listed or counted) or None


@transaction.atomic
def pilot_feedback_record(
    *,
    adaptation: AdaptedModulePage,
    user,
    rating: int,
    what_worked: str,
    what_to_change: str,
    delivered_on: datetime.date | None = None,
    delivery_method: DeliveryMethod | None = None,
    participants: int | None = None,
    session=None,
) -> PilotFeedback:
    """Record one delivery's feedback on an adapted module that is being piloted or is approved.

    Checked again here, whatever the caller checked: the user may give feedback on
    this adaptation (else PermissionDenied), the adaptation is published and not a
    draft, and the answers are valid (else ValidationError, naming the field). A
    person may record several feedbacks on one adaptation, one per delivery.
    """
    # Read again: the status may have changed since the caller loaded the page.
    adaptation = AdaptedModulePage.objects.get(pk=adaptation.pk)
    if not pilot_feedback_allowed(user=user, adaptation=adaptation):
        raise PermissionDenied(_("You may not give feedback on this adapted module."))
    closed_reason = pilot_feedback_closed_reason(adaptation=adaptation)
    if closed_reason:
        raise ValidationError(closed_reason)

    if session is not None:
        if (
            not pilot_feedback_sessions(user=user, adaptation=adaptation)
            .filter(pk=session.pk)
            .exists()
        ):
            raise ValidationError(
                {"session": _("Choose a session you delivered in which this module was covered.")}
            )
        if PilotFeedback.objects.filter(author=user, session=session).exists():
            raise ValidationError(
                {"session": _("You have already given feedback on this session.")}
            )
        delivered_on = delivered_on or session.date
        delivery_method = (
            delivery_method
            or DeliveryMethod.objects.originals()
            .filter(slug=SESSION_METHOD_TO_DELIVERY_METHOD.get(session.method))
            .first()
        )
        participants = participants or _attended(session)

    feedback = PilotFeedback(
        adaptation=adaptation,
        author=user,
        rating=rating,
        # Blank answers are no answers: "   " must fail "required" like "".
        what_worked=(what_worked or "").strip(),
        what_to_change=(what_to_change or "").strip(),
        delivered_on=delivered_on,
        delivery_method=delivery_method,
        participants=participants,
        session=session,
    )
    feedback.full_clean()
    feedback.save()
    return feedback
