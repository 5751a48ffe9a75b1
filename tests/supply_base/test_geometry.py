"""Geometry checks and geodesic areas: each refusal says what is wrong."""

import pytest

from supply_base.geometry import GeometryError, geodesic_area_ha, geometry_check

from .conftest import LAT, LON, polygon, square


def test_a_hundred_metre_square_measures_about_a_hectare_on_the_ellipsoid():
    checked = geometry_check(polygon(), country_iso="GH")
    # 0.0009° of latitude is ~99.5 m; of longitude at 6.7° N ~99.5 m as well.
    assert 0.97 < checked.area_ha < 1.0
    assert checked.area_ha == pytest.approx(geodesic_area_ha(checked.shape))
    assert checked.geometry["type"] == "Polygon"


def test_the_same_square_in_degrees_is_smaller_far_from_the_equator():
    # Geodesic, not planar: a degree square shrinks towards the poles.
    near = geometry_check(polygon(square(lon=100.0, lat=10.0)), country_iso="")
    far = geometry_check(polygon(square(lon=100.0, lat=60.0)), country_iso="")
    assert far.area_ha < near.area_ha * 0.6


@pytest.mark.parametrize(
    ("geometry", "words"),
    [
        (polygon(square()[:-1]), "is not closed"),
        (
            polygon(
                [
                    [LON, LAT],
                    [LON + 0.001, LAT + 0.001],
                    [LON + 0.001, LAT],
                    [LON, LAT + 0.001],
                    [LON, LAT],
                ]
            ),
            "crosses itself",
        ),
        (polygon(square(side=0.00005)), "a plot is expected to measure from 0.01 to 1000"),
        (polygon(square(side=0.5)), "a plot is expected to measure"),
        (polygon(square(lon=2.35, lat=48.85)), "is outside GH"),
        ({"type": "Point", "coordinates": [6.69, -1.62]}, "is outside GH"),
        ({"type": "Point", "coordinates": [200, 6.69]}, "off the globe"),
        ({"type": "Point", "coordinates": [6.69, 120]}, "swapped"),
        ({"type": "LineString", "coordinates": [[LON, LAT], [LON, LAT + 1]]}, "not a LineString"),
        ({"type": "Point", "coordinates": ["a", 1]}, "not a number"),
        (polygon([[LON, LAT], [LON + 0.001, LAT], [LON, LAT]]), "3 points"),
    ],
)
def test_bad_geometry_is_refused_with_a_clear_message(geometry, words):
    with pytest.raises(GeometryError) as refused:
        geometry_check(geometry, country_iso="GH")
    assert words in refused.value.message


def test_the_plausible_area_is_a_setting(settings):
    settings.SUPPLY_BASE_MAX_PLOT_HA = 0.5
    with pytest.raises(GeometryError, match=r"from 0\.01 to 0\.5 ha"):
        geometry_check(polygon(), country_iso="GH")


def test_a_one_part_multipolygon_is_a_polygon():
    checked = geometry_check(
        {"type": "MultiPolygon", "coordinates": [[square()]]}, country_iso="GH"
    )
    assert checked.geometry["type"] == "Polygon"
