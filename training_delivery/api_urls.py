"""The sync API of the trainer app (issue 7)."""

urlpatterns = []
