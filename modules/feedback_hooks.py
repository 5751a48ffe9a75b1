"""Admin hooks for pilot feedback: the "Pilot feedback" report in the Reports menu.

Wagtail loads only `wagtail_hooks.py`; modules/wagtail_hooks.py imports this file.
"""

from wagtail import hooks

from modules import feedback_report


@hooks.register("register_admin_urls")
def register_pilot_feedback_report_urls():
    return feedback_report.urlpatterns


@hooks.register("register_reports_menu_item")
def register_pilot_feedback_report_menu_item():
    return feedback_report.pilot_feedback_menu_item()
