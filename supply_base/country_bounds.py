"""A bounding box per country: the "inside the country" check of plots and loss layers.

A box, not the border: a border file per country would be data to ship and keep up to
date, and a box already catches what goes wrong in practice (latitude and longitude
swapped, a sign lost, a plot typed in the wrong country). Boxes are generous by a
fraction of a degree, from the countries' extreme points; a country not listed here is
not checked, and the import says so (decision 0029-supply-base-geometry). A setting,
SUPPLY_BASE_COUNTRY_BOUNDS, adds or replaces boxes by ISO code.
"""

from django.conf import settings

# ISO 3166 code: (west, south, east, north) in degrees of longitude and latitude.
COUNTRY_BOUNDS = {
    "BR": (-74.1, -33.9, -34.7, 5.4),  # Brazil
    "CI": (-8.7, 4.3, -2.4, 10.8),  # Côte d'Ivoire
    "GH": (-3.4, 4.6, 1.3, 11.3),  # Ghana
    "ID": (94.9, -11.1, 141.1, 6.2),  # Indonesia
    "MM": (92.1, 9.5, 101.2, 28.6),  # Myanmar
    "TH": (97.3, 5.5, 105.7, 20.5),  # Thailand
    "VN": (102.1, 8.1, 109.6, 23.5),  # Vietnam
    "CM": (8.4, 1.6, 16.3, 13.1),  # Cameroon
    "CO": (-79.1, -4.3, -66.8, 12.6),  # Colombia
    "ET": (32.9, 3.3, 48.1, 15.0),  # Ethiopia
    "KE": (33.9, -4.8, 41.95, 5.1),  # Kenya
    "LR": (-11.6, 4.3, -7.3, 8.6),  # Liberia
    "MY": (99.6, 0.8, 119.3, 7.4),  # Malaysia
    "NG": (2.6, 4.2, 14.7, 13.9),  # Nigeria
    "PE": (-81.4, -18.4, -68.6, -0.0),  # Peru
    "UG": (29.5, -1.5, 35.1, 4.3),  # Uganda
}


def country_bounds(iso_code: str) -> tuple[float, float, float, float] | None:
    """The box of the country with this ISO code, or None when none is known."""
    boxes = {**COUNTRY_BOUNDS, **getattr(settings, "SUPPLY_BASE_COUNTRY_BOUNDS", {})}
    return boxes.get((iso_code or "").upper())
