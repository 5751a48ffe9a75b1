"""/api/v1/h5p/: statements and resume state from the module page."""

from django.urls import path

from h5p import api

urlpatterns = [
    path("h5p/statements/", api.StatementBatchView.as_view(), name="h5p_statements"),
    path("h5p/state/", api.ResumeStateView.as_view(), name="h5p_state"),
]
