from django import template
from django.urls import reverse

from adaptation.selectors import adaptation_is_behind, adaptation_slot_report

register = template.Library()


@register.simple_tag
def adaptation_slot_report_for(page):
    """For the adapted module's edit screen: empty slots, and whether upstream moved on."""
    if page is None or not page.pk:
        return {"total": 0, "empty": [], "behind": False}
    report = adaptation_slot_report(adaptation=page)
    return {
        "total": report.total,
        "empty": report.empty,
        "behind": adaptation_is_behind(adaptation=page),
        "compare_url": reverse("modules_adaptation_upstream", args=[page.pk]),
    }
