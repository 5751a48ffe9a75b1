"""Admin hooks for pilot feedback: the "Pilot feedback" report in the Reports menu, and the
"Give pilot feedback" button on an adapted module's page."""

from django.urls import reverse
from wagtail import hooks

from adaptation.models import ADAPTED_MODULE_PAGE_CONTEXT, AdaptedModulePage
from pilot_feedback import reports
from pilot_feedback.selectors import pilot_feedback_allowed


@hooks.register("register_admin_urls")
def register_pilot_feedback_report_urls():
    return reports.urlpatterns


@hooks.register("register_reports_menu_item")
def register_pilot_feedback_report_menu_item():
    return reports.pilot_feedback_menu_item()


@hooks.register(ADAPTED_MODULE_PAGE_CONTEXT)
def offer_pilot_feedback(*, page, request):
    """Trainers and the country's platform give feedback on an adaptation being delivered."""
    may_give_feedback = page.adaptation_status != AdaptedModulePage.Status.DRAFT and (
        pilot_feedback_allowed(user=request.user, adaptation=page)
    )
    return {
        "may_give_feedback": may_give_feedback,
        "feedback_url": reverse("pilot_feedback:new", args=[page.pk]) if may_give_feedback else "",
    }
