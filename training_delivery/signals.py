"""Signals of field delivery that other apps may listen to."""

from django.dispatch import Signal

# Sent after sessions were stored without per-row signals (the bulk upload of the trainer
# app and paper imports): `session_ids`, the sessions inserted with their modules and
# attendance. Monitoring keeps its delivery figures up to date from it (decision 0036).
sessions_written = Signal()
