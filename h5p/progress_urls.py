"""The learner's own progress in H5P activities, in the visitor's language."""

from django.urls import path

from h5p import views

app_name = "h5p_progress"
urlpatterns = [path("", views.my_progress, name="mine")]
