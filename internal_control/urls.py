"""A group's internal control page, in the visitor's language (issue 21)."""

from django.urls import path

from internal_control import views

app_name = "internal_control"
urlpatterns = [
    path("", views.group_internal_control, name="group"),
    path("approved-members.xlsx", views.approved_list_download, name="approved_list"),
    path(
        "non-conformities/<int:nc_id>/close/",
        views.non_conformity_close_view,
        name="close_non_conformity",
    ),
]
