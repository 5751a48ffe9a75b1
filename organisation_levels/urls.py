from django.urls import path

from organisation_levels import views

app_name = "producer_groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("<int:group_id>/", views.group_detail, name="detail"),
    path("<int:group_id>/assess/", views.assessment_new, name="assess"),
    path(
        "<int:group_id>/assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="assessment",
    ),
    path(
        "<int:group_id>/assessments/<int:assessment_id>/confirm/",
        views.assessment_confirm,
        name="assessment_confirm",
    ),
    path(
        "<int:group_id>/assessments/<int:assessment_id>/return/",
        views.assessment_return,
        name="assessment_return",
    ),
    path("<int:group_id>/plan/", views.plan, name="plan"),
    path("<int:group_id>/plan/start/", views.cycle_start, name="cycle_start"),
    path("<int:group_id>/plan/close/", views.cycle_close, name="cycle_close"),
    path("<int:group_id>/plan/items/new/", views.item_edit, name="item_new"),
    path("<int:group_id>/plan/items/<int:item_id>/", views.item_edit, name="item_edit"),
    path(
        "<int:group_id>/evidence/<slug:kind>/<int:evidence_id>/",
        views.evidence_download,
        name="evidence",
    ),
]
