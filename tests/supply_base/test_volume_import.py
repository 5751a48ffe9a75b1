"""Volumes bought per farmer and season, from the buyer's spreadsheet."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from curriculum_site.spreadsheets import ImportRow
from supply_base.models import FarmerVolume
from supply_base.volume_import import volume_import

pytestmark = pytest.mark.django_db


def rows(*values):
    keys = ("group", "member_code", "season", "commodity", "volume_kg")
    return [
        ImportRow(number, dict(zip(keys, row, strict=True))) for number, row in enumerate(values, 2)
    ]


def test_volumes_are_stored_and_a_second_file_updates_them(scope, farmers, platform):
    report = volume_import(
        scope=scope,
        rows=rows(
            ("", "AC-001", "2025/26", "cocoa", "1,250.5"), ("", "ac-002", "2025/26", "Cocoa", "300")
        ),
        user=platform,
    )
    assert report.problems == [] and report.added == 2
    assert FarmerVolume.objects.get(farmer=farmers["ama"]).volume_kg == Decimal("1250.50")
    again = volume_import(
        scope=scope, rows=rows(("", "AC-001", "2025/26", "cocoa", "1300")), user=platform
    )
    assert (again.added, again.updated) == (0, 1)
    assert FarmerVolume.objects.get(farmer=farmers["ama"]).volume_kg == Decimal("1300.00")


def test_each_bad_row_is_named_by_row_and_column_and_nothing_is_stored(scope, farmers, platform):
    report = volume_import(
        scope=scope,
        rows=rows(
            ("", "AC-001", "2025/26", "cocoa", "100"),
            ("", "AC-404", "2025/26", "cocoa", "100"),
            ("", "AC-002", "2025/26", "coffee", "100"),
            ("", "AC-002", "", "cocoa", "lots"),
            ("Elsewhere Co-op", "AC-002", "2025/26", "cocoa", "1"),
            ("", "AC-001", "2025/26", "cocoa", "5"),
        ),
        user=platform,
    )
    found = {(problem.row, problem.column): problem.message for problem in report.problems}
    assert "No farmer with member code AC-404" in found[(3, "Member code")]
    assert "not a commodity of this scope" in found[(4, "Commodity")]
    assert "season is empty" in found[(5, "Season")]
    assert "number of kilograms" in found[(5, "Volume (kg)")]
    assert "not a producer group of this scope" in found[(6, "Producer group")]
    assert "also on row 2" in found[(7, "Member code")]
    assert not FarmerVolume.objects.exists()


def test_the_admin_screen_takes_a_csv(client, scope, farmers, platform):
    client.force_login(platform)
    csv = b"Member code,Season,Commodity,Volume (kg)\nAC-001,2025/26,Cocoa,900\n"
    response = client.post(
        reverse("supply_base_volume_import"),
        {"scope": scope.pk, "file": SimpleUploadedFile("volumes.csv", csv)},
    )
    assert response.status_code == 302
    assert FarmerVolume.objects.get().volume_kg == Decimal("900.00")
    template = client.get(reverse("supply_base_volume_template", args=["xlsx"]))
    assert template.status_code == 200


def test_another_countrys_platform_cannot_import_into_the_scope(
    client, scope, farmers, vietnam_platform
):
    client.force_login(vietnam_platform)
    csv = b"Member code,Season,Commodity,Volume (kg)\nAC-001,2025/26,Cocoa,900\n"
    response = client.post(
        reverse("supply_base_volume_import"),
        {"scope": scope.pk, "file": SimpleUploadedFile("volumes.csv", csv)},
    )
    assert "Select a valid choice" in response.text and not FarmerVolume.objects.exists()
