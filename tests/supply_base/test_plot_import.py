"""Importing plots from GeoJSON, KML and zipped shapefiles: good files stored whole, each
kind of bad one refused naming the feature, and nothing stored."""

import io
import zipfile

import pytest
import shapefile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from supply_base.geo_files import GeoFileError
from supply_base.models import Plot, PlotImport, PlotSource, Tenure, TenureDocument
from supply_base.plot_import import plot_import

from .conftest import LAT, LON, collection, feature, polygon, square

pytestmark = pytest.mark.django_db


def run(group, user, data, name="plots.geojson"):
    return plot_import(group=group, file_name=name, data=data, user=user)


def test_a_good_geojson_stores_every_plot_with_its_area_and_tenure(group, farmers, platform, cocoa):
    data = collection(
        feature(
            polygon(),
            member_code="ac-001",
            name="North field",
            crop="Cocoa",
            tenure_document="Land title",
        ),
        feature(
            {"type": "Point", "coordinates": [LON + 0.01, LAT]},
            Member_Code="AC-002",
            area_ha="2,5",
            tenure="not documented",
        ),
    )
    report = run(group, platform, data)
    assert report.problems == [] and report.added == 2
    north = Plot.objects.get(name="North field")
    assert north.farmer == farmers["ama"] and north.commodity == cocoa
    assert north.tenure == Tenure.DOCUMENTED and north.tenure_document == TenureDocument.TITLE
    assert 0.97 < float(north.area_ha) < 1.0
    assert north.source == PlotSource.IMPORTED and north.imported_from.plots == 2
    point = Plot.objects.get(farmer=farmers["kojo"])
    assert point.area_ha == pytest.approx(2.5) and point.tenure == Tenure.UNDOCUMENTED


def kml(*placemarks) -> bytes:
    body = "".join(placemarks)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{body}</Document></kml>'
    ).encode()


def placemark(name, code, ring):
    coordinates = " ".join(f"{lon},{lat},0" for lon, lat in ring)
    return (
        f"<Placemark><name>{name}</name><ExtendedData>"
        f'<Data name="member_code"><value>{code}</value></Data></ExtendedData>'
        "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
        f"{coordinates}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
    )


def test_a_kml_from_google_earth_is_read(group, farmers, platform):
    report = run(group, platform, kml(placemark("River plot", "AC-001", square())), "plots.kml")
    assert report.problems == [] and Plot.objects.get().name == "River plot"


def test_a_kml_with_an_entity_is_refused(group, farmers, platform):
    bomb = b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaa">]><kml>&a;</kml>'
    with pytest.raises(GeoFileError, match="entities or a DTD"):
        run(group, platform, bomb, "plots.kml")


def shapefile_zip(rings_and_codes, *, prj=None) -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("MEMBER_COD", "C", size=20)
        writer.field("NAME", "C", size=40)
        for ring, code, name in rings_and_codes:
            writer.poly([ring])
            writer.record(code, name)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("plots/plots.shp", shp.getvalue())
        zipped.writestr("plots/plots.shx", shx.getvalue())
        zipped.writestr("plots/plots.dbf", dbf.getvalue())
        if prj:
            zipped.writestr("plots/plots.prj", prj)
    return archive.getvalue()


def test_a_zipped_shapefile_is_read(group, farmers, platform):
    # Shapefiles wind outer rings clockwise.
    ring = list(reversed(square()))
    data = shapefile_zip([(ring, "AC-001", "Hill")])
    report = run(group, platform, data, "plots.zip")
    # "MEMBER_COD": a .dbf cuts field names at ten letters.
    assert report.problems == []
    assert Plot.objects.get().name == "Hill"


def test_a_zipped_shapefile_in_utm_is_turned_into_longitude_and_latitude(group, farmers, platform):
    from pyproj import CRS, Transformer

    to_utm = Transformer.from_crs(4326, 32630, always_xy=True)
    ring = [list(to_utm.transform(lon, lat)) for lon, lat in reversed(square())]
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("MEMBER_COD", "C", size=20)
        writer.poly([ring])
        writer.record("AC-001")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        for extension, buffer in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            zipped.writestr(f"utm.{extension}", buffer.getvalue())
        zipped.writestr("utm.prj", CRS.from_epsg(32630).to_wkt("WKT1_ESRI"))
    report = run(group, platform, archive.getvalue(), "utm.zip")
    assert report.problems == []
    plot = Plot.objects.get()
    assert plot.longitude == pytest.approx(LON + 0.00045, abs=1e-4)
    assert 0.97 < float(plot.area_ha) < 1.0


def test_a_zip_without_its_dbf_is_refused(group, farmers, platform):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("plots.shp", b"x")
        zipped.writestr("plots.shx", b"x")
    with pytest.raises(GeoFileError, match=r"lacks its \.dbf"):
        run(group, platform, archive.getvalue(), "plots.zip")


def test_broken_json_is_refused_with_its_line(group, farmers, platform):
    with pytest.raises(GeoFileError, match="not valid JSON \\(line 1"):
        run(group, platform, b'{"type": "FeatureCollection", "features": [', "plots.geojson")
    assert not Plot.objects.exists()


@pytest.mark.parametrize(
    ("bad", "column", "words"),
    [
        (
            feature(polygon(square()[:-1]), member_code="AC-001", name="Open"),
            "geometry",
            "not closed",
        ),
        (
            feature(
                polygon(
                    [
                        [LON, LAT],
                        [LON + 0.001, LAT + 0.001],
                        [LON + 0.001, LAT],
                        [LON, LAT + 0.001],
                        [LON, LAT],
                    ]
                ),
                member_code="AC-001",
                name="Bow tie",
            ),
            "geometry",
            "crosses itself",
        ),
        (
            feature(polygon(square(lon=2.35, lat=48.85)), member_code="AC-001", name="Paris"),
            "geometry",
            "outside GH",
        ),
        (
            feature(polygon(square(side=0.4)), member_code="AC-001", name="Estate"),
            "geometry",
            "is expected to measure",
        ),
        (
            feature(polygon(), member_code="AC-999", name="Stranger"),
            "member_code",
            "No farmer with member code AC-999",
        ),
        (feature(polygon(), name="Nobody's"), "member_code", "names no farmer"),
        (
            feature({"type": "Point", "coordinates": [LON, LAT]}, member_code="AC-001", name="Dot"),
            "geometry",
            "needs its area",
        ),
        (
            feature(polygon(), member_code="AC-001", name="Bananas", crop="Durian"),
            "commodity",
            "not a commodity",
        ),
    ],
)
def test_one_bad_feature_stores_nothing_and_is_named(group, farmers, platform, bad, column, words):
    good = feature(polygon(square(lon=LON + 0.01)), member_code="AC-002", name="Good")
    report = run(group, platform, collection(good, bad))
    assert report.added == 0
    [problem] = report.problems
    assert problem.row == 2 and problem.column == column
    assert words in problem.message
    assert problem.message.startswith("Feature 2 (")
    assert not Plot.objects.exists() and not PlotImport.objects.exists()


def test_the_same_file_twice_is_refused(group, farmers, platform):
    data = collection(feature(polygon(), member_code="AC-001"))
    assert run(group, platform, data).added == 1
    again = run(group, platform, data)
    assert again.added == 0 and "already imported" in again.problems[0].message
    assert Plot.objects.count() == 1


def test_the_admin_screen_lists_the_problems_and_stores_nothing(client, group, farmers, platform):
    client.force_login(platform)
    data = collection(feature(polygon(square()[:-1]), member_code="AC-001", name="Open"))
    response = client.post(
        reverse("supply_base_plot_import"),
        {"group": group.pk, "file": SimpleUploadedFile("plots.geojson", data)},
    )
    assert response.status_code == 200
    assert "Nothing was imported" in response.text and "Feature 1 (“Open”)" in response.text
    assert not Plot.objects.exists()
    good = collection(feature(polygon(), member_code="AC-001", name="Closed"))
    response = client.post(
        reverse("supply_base_plot_import"),
        {"group": group.pk, "file": SimpleUploadedFile("plots.geojson", good)},
    )
    assert response.status_code == 302 and Plot.objects.get().name == "Closed"


def test_a_file_of_another_kind_is_refused_on_the_form(client, group, farmers, platform):
    client.force_login(platform)
    response = client.post(
        reverse("supply_base_plot_import"),
        {"group": group.pk, "file": SimpleUploadedFile("plots.txt", b"hello")},
    )
    assert "Upload a GeoJSON" in response.text


def test_another_countrys_platform_cannot_import_into_the_group(
    client, group, farmers, vietnam_platform
):
    client.force_login(vietnam_platform)
    response = client.post(
        reverse("supply_base_plot_import"),
        {
            "group": group.pk,
            "file": SimpleUploadedFile(
                "p.geojson", collection(feature(polygon(), member_code="AC-001"))
            ),
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.text
    assert not Plot.objects.exists()
