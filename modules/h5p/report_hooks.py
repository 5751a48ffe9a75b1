"""Admin hooks for the H5P tracking reports. Wagtail loads only `wagtail_hooks.py`;
modules/wagtail_hooks.py imports this file."""

from wagtail import hooks

from modules.h5p import reports


@hooks.register("register_admin_urls")
def register_h5p_report_urls():
    return reports.urlpatterns


@hooks.register("register_reports_menu_item")
def register_h5p_activity_report_menu_item():
    return reports.menu_items()[0]


@hooks.register("register_reports_menu_item")
def register_h5p_module_report_menu_item():
    return reports.menu_items()[1]
