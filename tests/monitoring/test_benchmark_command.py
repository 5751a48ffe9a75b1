"""The monitoring benchmark runs on whatever data is there and prints its figures."""

import io

import pytest
from django.core.management import CommandError, call_command

from monitoring.models import StateOfPlayReport
from organisation_levels.factories import ProducerGroupFactory
from training_delivery.factories import TrainingSessionFactory


def test_the_benchmark_prints_time_and_queries_for_each_dashboard_and_the_report(backpack):
    TrainingSessionFactory(group=ProducerGroupFactory())
    out = io.StringIO()

    call_command("benchmark_monitoring", "--repeat", "1", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Monitoring benchmark on ")
    for name in ("Global dashboard", "Country dashboard: Ghana", "Group dashboard", "Excel"):
        line = next(line for line in lines if name in line)
        assert " s " in line and "queries" in line
    assert any("Yearly state-of-play report" in line and "PDF" in line for line in lines)
    assert not StateOfPlayReport.objects.exists()  # its own report is cleaned away


def test_the_benchmark_needs_data(db):
    with pytest.raises(CommandError, match="generate_synthetic_data"):
        call_command("benchmark_monitoring")
