"""Signals of field delivery that other apps may listen to."""

from django.dispatch import Signal

# Sent after sessions were stored without per-row signals (the bulk upload of the trainer
# app and paper imports): `session_ids`, the sessions inserted with their modules and
# attendance. Monitoring keeps its delivery figures up to date from it (decision 0036).
sessions_written = Signal()

# Sent after roster rows were changed without per-row signals (the roster import's
# bulk update): `farmer_ids`. Monitoring copies gender and birth year from them.
farmers_written = Signal()
