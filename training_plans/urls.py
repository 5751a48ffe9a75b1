from django.urls import path

from training_plans import views

app_name = "training_plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_new, name="new"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/edit/", views.plan_edit, name="edit"),
    path("<int:plan_id>/items/add/", views.item_add, name="item_add"),
    path("<int:plan_id>/items/<int:item_id>/", views.item_edit, name="item_edit"),
    path(
        "<int:plan_id>/items/<int:item_id>/move/<direction>/",
        views.item_move,
        name="item_move",
    ),
    path("<int:plan_id>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<int:plan_id>/actions/add/", views.action_edit, name="action_add"),
    path("<int:plan_id>/actions/<int:action_id>/", views.action_edit, name="action_edit"),
    path(
        "<int:plan_id>/actions/<int:action_id>/remove/", views.action_remove, name="action_remove"
    ),
    path("<int:plan_id>/reviews/add/", views.review_edit, name="review_add"),
    path("<int:plan_id>/reviews/<int:year>/", views.review_edit, name="review_edit"),
    path("<int:plan_id>/next/", views.plan_next, name="next"),
    path(
        "<int:plan_id>/export.<file_format>",
        views.plan_export,
        name="export",
    ),
]
