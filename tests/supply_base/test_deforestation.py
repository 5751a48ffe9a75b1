"""Forest-loss layers flag the plots overlapping loss after the cut-off, with the overlap
measured geodesically; the benchmark command runs."""

import datetime
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from supply_base.deforestation import forest_loss_upload, overlaps
from supply_base.geo_files import GeoFileError
from supply_base.models import DeforestationFlag, ForestLossLayer, Plot
from supply_base.plot_import import plot_import
from supply_base.selectors import risk_evidence_for_group

from .conftest import LAT, LON, SIDE, collection, feature, polygon, square

pytestmark = pytest.mark.django_db
CUT_OFF = datetime.date(2020, 12, 31)


@pytest.fixture
def plots(group, farmers, platform):
    report = plot_import(
        group=group,
        file_name="plots.geojson",
        data=collection(
            feature(polygon(), member_code="AC-001", name="North", tenure="documented"),
            feature(polygon(square(lon=LON + 0.01)), member_code="AC-002", name="Far"),
            feature(
                {"type": "Point", "coordinates": [LON + 0.02 + SIDE / 2, LAT + SIDE / 2]},
                member_code="AC-002",
                name="Dot",
                area_ha="1",
                tenure="documented",
            ),
        ),
        user=platform,
    )
    assert report.problems == []
    return {plot.name: plot for plot in Plot.objects.all()}


def upload(ghana, platform, data, **extra):
    return forest_loss_upload(
        country=ghana,
        name=extra.pop("name", "GFW loss"),
        source="Global Forest Watch",
        cut_off_date=CUT_OFF,
        file_name=extra.pop("file_name", "loss.geojson"),
        data=data,
        user=platform,
    )


def test_a_plot_half_in_loss_after_the_cut_off_is_flagged_with_half_its_area(
    ghana, platform, plots
):
    # The east half of "North" (about half a hectare), and the point plot "Dot".
    half = square(lon=LON + SIDE / 2, lat=LAT, side=SIDE)
    around_dot = square(lon=LON + 0.02, lat=LAT, side=SIDE)
    # Loss before the cut-off over "Far": left out.
    old = square(lon=LON + 0.01, lat=LAT, side=SIDE)
    report = upload(
        ghana,
        platform,
        collection(
            feature(polygon(half), loss_year=23),
            feature(polygon(around_dot), loss_date="2022-05-01"),
            feature(polygon(old), loss_year=2019),
        ),
    )
    assert report.problems == [] and report.flagged == 2 and report.left_out == 1
    north = DeforestationFlag.objects.get(plot=plots["North"])
    assert float(north.overlap_ha) == pytest.approx(float(plots["North"].area_ha) / 2, rel=0.02)
    assert DeforestationFlag.objects.get(plot=plots["Dot"]).overlap_ha == 0
    assert not DeforestationFlag.objects.filter(plot=plots["Far"]).exists()

    evidence = risk_evidence_for_group(plots["North"].farmer.group)
    assert evidence.plots_total == 3
    assert [each.plot_name for each in evidence.flagged_plots] == ["North", "Dot"]
    assert evidence.flagged_plots[0].member_code == "AC-001"
    assert evidence.flagged_plots[0].cut_off_date == "2020-12-31"
    assert [each.plot_name for each in evidence.undocumented_tenure] == ["Far"]


def test_a_plot_imported_after_the_layer_is_checked_against_it(ghana, group, farmers, platform):
    upload(ghana, platform, collection(feature(polygon(square(side=SIDE * 3)))))
    client_report = plot_import(
        group=group,
        file_name="late.geojson",
        data=collection(feature(polygon(), member_code="AC-001", name="Late")),
        user=platform,
    )
    # The admin screen checks new plots; the service is called here as the screen does.
    from supply_base.deforestation import plots_check

    plots_check(plots=client_report.plots)
    assert DeforestationFlag.objects.get().plot.name == "Late"


def test_plots_touching_loss_only_along_an_edge_are_not_flagged():
    import shapely

    plot = shapely.box(0, 0, 1, 1)
    beside = shapely.box(1, 0, 2, 1)
    assert overlaps([plot], [beside]) == {}


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (collection(feature(polygon(square(lon=2.35, lat=48.85)))), "outside Ghana"),
        (
            collection(feature({"type": "LineString", "coordinates": [[LON, LAT], [LON, 7]]})),
            "not a LineString",
        ),
        (collection(feature(polygon(), loss_date="yesterday")), "not a date"),
    ],
)
def test_a_bad_layer_stores_nothing(ghana, platform, plots, data, words):
    report = upload(ghana, platform, data)
    assert report.layer is None and words in report.problems[0].message
    assert report.problems[0].message.startswith("Feature 1")
    assert not ForestLossLayer.objects.exists() and not DeforestationFlag.objects.exists()


def test_a_geotiff_is_refused_with_the_reason(ghana, platform):
    with pytest.raises(GeoFileError, match="GeoJSON"):
        upload(ghana, platform, b"II*\x00", file_name="loss.tif")


def test_the_same_layer_twice_is_refused(ghana, platform, plots):
    data = collection(feature(polygon()))
    assert upload(ghana, platform, data).layer
    assert "already uploaded" in upload(ghana, platform, data).problems[0].message


def test_the_upload_screen_flags_plots(client, ghana, platform, plots):
    client.force_login(platform)
    response = client.post(
        reverse("supply_base_forest_loss_upload"),
        {
            "country": ghana.pk,
            "name": "GFW 2021-2025",
            "cut_off_date": "2020-12-31",
            "file": SimpleUploadedFile("loss.geojson", collection(feature(polygon()))),
        },
    )
    assert response.status_code == 302
    assert DeforestationFlag.objects.get().plot == plots["North"]
    listing = client.get(reverse(Plot.snippet_viewset.get_url_name("list")))
    assert "of forest loss" in listing.text


def test_the_eudr_export_names_only_consenting_producers(
    client, scope, plots, platform, committee_member
):
    client.force_login(platform)
    response = client.get(reverse("supply_base_scope_eudr", args=[scope.pk]))
    assert response["Content-Type"] == "application/geo+json"
    document = json.loads(response.content)
    assert document["type"] == "FeatureCollection" and len(document["features"]) == 3
    by_place = {each["properties"]["ProductionPlace"]: each for each in document["features"]}
    north = by_place["North"]
    assert north["geometry"]["type"] == "Polygon"
    assert north["properties"]["ProducerName"] == "Ama Owusu"  # consented
    assert north["properties"]["ProducerCountry"] == "GH"
    assert 0.97 < north["properties"]["Area"] < 1.0
    # Kojo did not consent: his plots carry no name at all.
    assert "ProducerName" not in by_place["Far"]["properties"]
    assert "Kojo" not in response.content.decode()
    # The committee reads every country's scopes, and exports them too.
    client.force_login(committee_member)
    assert client.get(reverse("supply_base_scope_eudr", args=[scope.pk])).status_code == 200


def test_the_benchmark_runs_tiny():
    out = io.StringIO()
    call_command("benchmark_deforestation", plots=300, losses=30, stdout=out)
    assert "deforestation check (STRtree + overlaps)" in out.getvalue()
    assert "plots: 300; loss polygons: 30" in out.getvalue()
