"""/api/v1/scorm/: commits from the module page."""

from django.urls import path

from scorm import api

urlpatterns = [path("scorm/commits/", api.CommitBatchView.as_view(), name="scorm_commits")]
