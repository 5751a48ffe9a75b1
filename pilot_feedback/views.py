"""The pilot-feedback page for trainers and national platforms, on their phones.

Thin: the form validates, the selectors decide, the service writes. An adaptation
the user may not give feedback on is "not found", never "forbidden", so the page
does not tell who may do what on which adaptations.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from adaptation.models import AdaptedModulePage
from pilot_feedback.forms import PilotFeedbackForm
from pilot_feedback.models import PilotFeedback
from pilot_feedback.selectors import (
    adaptation_country,
    pilot_feedback_allowed,
    pilot_feedback_closed_reason,
)
from pilot_feedback.services import pilot_feedback_record


@login_required
def pilot_feedback_new(request, page_id):
    # An unpublished adaptation has no page to come from or go back to: not found.
    adaptation = get_object_or_404(AdaptedModulePage.objects.live().public(), pk=page_id)
    if not pilot_feedback_allowed(user=request.user, adaptation=adaptation):
        raise Http404
    closed_reason = pilot_feedback_closed_reason(adaptation=adaptation)
    form = PilotFeedbackForm(
        request.POST or None, instance=PilotFeedback(adaptation=adaptation, author=request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            pilot_feedback_record(adaptation=adaptation, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            # The draft rule (or a status changed since the page was read) is about the
            # whole form; field errors land on their fields.
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Thank you. Your feedback on %(code)s is recorded.") % {"code": adaptation.code},
            )
            return redirect(adaptation.get_url(request) or "/")
    return render(
        request,
        "pilot_feedback/feedback_form.html",
        {
            "adaptation": adaptation,
            "country": adaptation_country(adaptation=adaptation),
            "form": form,
            "closed_reason": closed_reason,
        },
    )
