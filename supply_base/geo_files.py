"""Reading uploaded map files into features: GeoJSON, KML, and zipped shapefiles.

Each reader returns `Feature`s numbered from 1 as the file holds them, with their
properties and GeoJSON geometry (or why the geometry could not be read), or raises
GeoFileError for a file unfit as a whole. Nothing here decides whether a feature is a
good plot: geometry.py and the imports do.

- GeoJSON: the standard library's json; longitude and latitude by definition (RFC 7946).
- KML: defusedxml, because an uploaded XML file may carry entity bombs or external
  entities (the same rule as SCORM manifests); KML is longitude and latitude too.
- Shapefiles: pyshp, pure Python (no GDAL to install); a .prj other than longitude and
  latitude on WGS 84 is transformed with pyproj, so a file saved in UTM comes out right.
"""

import io
import json
import struct
import zipfile
from dataclasses import dataclass, field

import shapefile
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.utils.translation import gettext as _

from curriculum_site.lazy_modules import lazy_module

# Imported on first use: a web worker need not carry it (curriculum_site/lazy_modules.py).
pyproj = lazy_module("pyproj")

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_FEATURES = 20_000
KML_NS = "{http://www.opengis.net/kml/2.2}"


class GeoFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Feature:
    number: int
    properties: dict = field(default_factory=dict)
    geometry: dict | None = None
    problem: str = ""  # why the geometry could not be read

    @property
    def label(self) -> str:
        """How a message names the feature: its number, and its name when it has one."""
        name = ""
        for key in ("name", "Name", "NAME", "plot_name", "title"):
            if str(self.properties.get(key) or "").strip():
                name = str(self.properties[key]).strip()
                break
        if name:
            return _("Feature %(number)s (“%(name)s”)") % {"number": self.number, "name": name}
        return _("Feature %(number)s") % {"number": self.number}


def geo_file_read(*, name: str, data: bytes) -> list[Feature]:
    """The features of an uploaded file, by its extension."""
    if len(data) > MAX_FILE_BYTES:
        raise GeoFileError(
            _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    lowered = name.lower()
    if lowered.endswith((".geojson", ".json")):
        features = geojson_read(data)
    elif lowered.endswith(".kml"):
        features = kml_read(data)
    elif lowered.endswith(".zip"):
        features = shapefile_zip_read(data)
    else:
        raise GeoFileError(
            _("Upload a GeoJSON (.geojson), KML (.kml) or zipped shapefile (.zip) file.")
        )
    if not features:
        raise GeoFileError(_("The file holds no features."))
    if len(features) > MAX_FEATURES:
        raise GeoFileError(
            _("The file holds more than %(limit)s features.") % {"limit": MAX_FEATURES}
        )
    return features


# --- GeoJSON ----------------------------------------------------------------------------


def geojson_read(data: bytes) -> list[Feature]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise GeoFileError(_("The file is not text in UTF-8: save it again as GeoJSON.")) from None
    except json.JSONDecodeError as error:
        raise GeoFileError(
            _("The file is not valid JSON (line %(line)s, column %(column)s: %(reason)s).")
            % {"line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from None
    if not isinstance(document, dict):
        raise GeoFileError(_("The file is JSON but not GeoJSON: it must be a FeatureCollection."))
    kind = document.get("type")
    if kind == "Feature":
        items = [document]
    elif kind == "FeatureCollection" and isinstance(document.get("features"), list):
        items = document["features"]
    elif kind in {"Point", "Polygon", "MultiPolygon"}:
        items = [{"type": "Feature", "properties": {}, "geometry": document}]
    else:
        raise GeoFileError(_("The file is JSON but not GeoJSON: it must be a FeatureCollection."))
    if len(items) > MAX_FEATURES:
        raise GeoFileError(
            _("The file holds more than %(limit)s features.") % {"limit": MAX_FEATURES}
        )
    crs = document.get("crs")
    if crs and "CRS84" not in json.dumps(crs) and "4326" not in json.dumps(crs):
        raise GeoFileError(
            _(
                "The file is in another coordinate system (%(crs)s): save it as GeoJSON in "
                "longitude and latitude (WGS 84, EPSG:4326)."
            )
            % {"crs": json.dumps(crs)[:80]}
        )
    features = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or item.get("type") != "Feature":
            features.append(Feature(number, problem=_("This item is not a GeoJSON Feature.")))
            continue
        properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
        geometry = item.get("geometry")
        features.append(
            Feature(
                number,
                properties,
                geometry if isinstance(geometry, dict) else None,
                "" if isinstance(geometry, dict) else _("The feature has no geometry."),
            )
        )
    return features


# --- KML --------------------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _kml_coordinates(text: str | None) -> list[list[float]]:
    points = []
    for chunk in (text or "").split():
        parts = chunk.split(",")
        if len(parts) < 2:
            raise ValueError(chunk)
        points.append([float(parts[0]), float(parts[1])])
    return points


def _kml_polygon(element) -> list[list[list[float]]]:
    rings = []
    for boundary in element:
        if _local(boundary.tag) not in {"outerBoundaryIs", "innerBoundaryIs"}:
            continue
        for ring in boundary.iter():
            if _local(ring.tag) == "coordinates":
                coordinates = _kml_coordinates(ring.text)
                if _local(boundary.tag) == "outerBoundaryIs":
                    rings.insert(0, coordinates)
                else:
                    rings.append(coordinates)
    return rings


def _kml_geometry(placemark) -> dict | None:
    shapes = []
    for element in placemark.iter():
        tag = _local(element.tag)
        if tag == "Polygon":
            shapes.append({"type": "Polygon", "coordinates": _kml_polygon(element)})
        elif tag == "Point":
            for child in element.iter():
                if _local(child.tag) == "coordinates":
                    points = _kml_coordinates(child.text)
                    if points:
                        shapes.append({"type": "Point", "coordinates": points[0]})
    if len(shapes) == 1:
        return shapes[0]
    if shapes and all(each["type"] == "Polygon" for each in shapes):
        return {"type": "MultiPolygon", "coordinates": [each["coordinates"] for each in shapes]}
    return None


def kml_read(data: bytes) -> list[Feature]:
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise GeoFileError(
            _("The KML file declares entities or a DTD, which are not accepted.")
        ) from None
    except ElementTree.ParseError as error:
        raise GeoFileError(
            _("The file is not valid KML (XML): %(reason)s.") % {"reason": str(error)}
        ) from None
    if _local(root.tag) != "kml":
        raise GeoFileError(_("The file is XML but not KML."))
    features = []
    for number, placemark in enumerate(
        (each for each in root.iter() if _local(each.tag) == "Placemark"), start=1
    ):
        properties = {}
        for element in placemark:
            if _local(element.tag) == "name" and element.text:
                properties["name"] = element.text.strip()
        for element in placemark.iter():
            tag = _local(element.tag)
            if tag == "Data" and element.get("name"):
                value = next((c.text for c in element if _local(c.tag) == "value"), "")
                properties[element.get("name")] = (value or "").strip()
            elif tag == "SimpleData" and element.get("name"):
                properties[element.get("name")] = (element.text or "").strip()
        try:
            geometry = _kml_geometry(placemark)
        except ValueError:
            features.append(Feature(number, properties, None, _("A coordinate is not a number.")))
            continue
        features.append(
            Feature(
                number,
                properties,
                geometry,
                "" if geometry else _("The placemark has no point or polygon."),
            )
        )
        if len(features) > MAX_FEATURES:
            raise GeoFileError(
                _("The file holds more than %(limit)s features.") % {"limit": MAX_FEATURES}
            )
    return features


# --- Zipped shapefiles ------------------------------------------------------------------


def _zip_members(data: bytes) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise GeoFileError(_("The file is not a zip archive.")) from None
    infos = [info for info in archive.infolist() if not info.is_dir()]
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise GeoFileError(_("The zip archive unpacks to far more than a map of plots needs."))
    wanted = {}
    for info in infos:
        base = info.filename.rsplit("/", 1)[-1]
        if base.startswith(".") or "__MACOSX" in info.filename:
            continue
        stem, _dot, extension = base.rpartition(".")
        if extension.lower() in {"shp", "shx", "dbf", "prj", "cpg"}:
            wanted.setdefault(stem, {})[extension.lower()] = info
    shapes = {stem: parts for stem, parts in wanted.items() if "shp" in parts}
    if not shapes:
        raise GeoFileError(_("The zip archive holds no shapefile (.shp)."))
    if len(shapes) > 1:
        raise GeoFileError(
            _("The zip archive holds several shapefiles (%(names)s): upload one at a time.")
            % {"names": ", ".join(sorted(shapes))}
        )
    stem, parts = next(iter(shapes.items()))
    missing = [f".{extension}" for extension in ("shx", "dbf") if extension not in parts]
    if missing:
        raise GeoFileError(
            _("The shapefile %(name)s lacks its %(files)s file: zip them all together.")
            % {"name": f"{stem}.shp", "files": " ".join(missing)}
        )
    return {extension: archive.read(info) for extension, info in parts.items()}


def _transformer(prj: bytes | None):
    if not prj:
        return None
    try:
        source = pyproj.CRS.from_wkt(prj.decode("utf-8", "replace"))
    except pyproj.exceptions.CRSError:
        raise GeoFileError(
            _("The shapefile's .prj file names no coordinate system we know.")
        ) from None
    target = pyproj.CRS.from_epsg(4326)
    if source.is_geographic and source.equals(target, ignore_axis_order=True):
        return None
    if source.is_geographic and source.ellipsoid and source.ellipsoid.name.startswith("WGS 84"):
        return None
    return pyproj.Transformer.from_crs(source, target, always_xy=True)


def _transform(geometry: dict, transformer) -> dict:
    def convert(value):
        if value and isinstance(value[0], int | float):
            lon, lat = transformer.transform(value[0], value[1])
            return [lon, lat]
        return [convert(each) for each in value]

    return {"type": geometry["type"], "coordinates": convert(list(geometry["coordinates"]))}


def _as_lists(value):
    if isinstance(value, list | tuple):
        return [_as_lists(each) for each in value]
    return value


def shapefile_zip_read(data: bytes) -> list[Feature]:
    parts = _zip_members(data)
    transformer = _transformer(parts.get("prj"))
    encoding = (parts.get("cpg") or b"utf-8").decode("ascii", "replace").strip() or "utf-8"
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(parts["shp"]),
            shx=io.BytesIO(parts["shx"]),
            dbf=io.BytesIO(parts["dbf"]),
            encoding=encoding,
            encodingErrors="replace",
        )
        if len(reader) > MAX_FEATURES:
            raise GeoFileError(
                _("The file holds more than %(limit)s features.") % {"limit": MAX_FEATURES}
            )
        records = list(reader.iterShapeRecords())
    except (shapefile.ShapefileException, struct.error, LookupError, ValueError) as error:
        raise GeoFileError(
            _("The shapefile cannot be read: %(reason)s.") % {"reason": str(error)}
        ) from None
    features = []
    for number, record in enumerate(records, start=1):
        properties = record.record.as_dict()
        if record.shape.shapeType == shapefile.NULL:
            features.append(Feature(number, properties, None, _("The feature has no geometry.")))
            continue
        geometry = record.shape.__geo_interface__
        geometry = {"type": geometry["type"], "coordinates": _as_lists(geometry["coordinates"])}
        if transformer is not None:
            geometry = _transform(geometry, transformer)
        features.append(Feature(number, properties, geometry))
    return features
