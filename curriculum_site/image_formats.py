"""HEIF (iPhone photos) opened and saved by Pillow as before, with pillow-heif loaded only
when a HEIF file is met (issue 19: a worker under 150 MiB; decision 0037, fifth pass).

Willow, imported when Django starts (Wagtail's images app), imports pillow-heif's plugin,
which loads libheif and the x265 encoder and registers HEIF with Pillow: about 5 MiB in
every web process, for a format no public page shows. Imported before Willow is, this
module hides pillow-heif while Willow imports (Willow treats it as not installed), then
registers HEIF with Pillow through stand-ins under the same name, extensions and MIME type:

- opening: a file whose header is an ISO media file (`ftyp`, as every HEIF is) loads
  pillow-heif, which replaces the stand-ins with its own registration, and is then opened
  by pillow-heif's own check and reader; any other file is left to the next plugin at
  once, as pillow-heif's check would (an AVIF or MP4 file loads pillow-heif, then goes on
  to Pillow's own plugin, as before);
- saving as HEIF (a `format-heic` rendition): loads pillow-heif, then saves with it.

If pillow-heif is already loaded, or not installed, nothing is replaced.
`tests/curriculum_site/test_worker_imports.py` fails if a worker loads it again after
serving the public pages, and checks that a HEIC photo still opens and saves."""

import importlib.util
import sys

from PIL import Image

HEIF = "HEIF"  # pillow-heif's format name (HeifImageFile.format)
HEIF_EXTENSIONS = (".heic", ".heics", ".heif", ".heifs", ".hif")
HEIF_MIME = "image/heif"


def pillow_heif_registered() -> None:
    """pillow-heif loaded and registered with Pillow (its own registration, as Willow's
    import of `pillow_heif.HeifImagePlugin` does)."""
    from pillow_heif import HeifImagePlugin  # noqa: F401  (registers itself)


def _may_be_heif(prefix: bytes) -> bool:
    return prefix[4:8] == b"ftyp"


def _open(fp, filename):
    pillow_heif_registered()
    factory, accept = Image.OPEN[HEIF]
    if factory is _open or (accept is not None and not accept(fp.read(16))):
        # Not a HEIF file: Pillow tries its next plugin, as after pillow-heif's own check.
        raise SyntaxError("not a HEIF file")
    fp.seek(0)
    return factory(fp, filename)


def _save(image, fp, filename):
    _saved_by(Image.SAVE, image, fp, filename)


def _save_all(image, fp, filename):
    _saved_by(Image.SAVE_ALL, image, fp, filename)


def _saved_by(savers: dict, image, fp, filename) -> None:
    pillow_heif_registered()
    save = savers.get(HEIF)
    if save in (_save, _save_all, None):
        # pillow-heif registers no saver when its libheif cannot encode: as Pillow answers
        # for a format nobody saves.
        savers.pop(HEIF, None)
        raise KeyError(HEIF)
    save(image, fp, filename)


def _register_on_first_use() -> None:
    Image.register_open(HEIF, _open, _may_be_heif)
    Image.register_save(HEIF, _save)
    Image.register_save_all(HEIF, _save_all)
    Image.register_mime(HEIF, HEIF_MIME)
    Image.register_extensions(HEIF, list(HEIF_EXTENSIONS))


def _willow_without_pillow_heif() -> None:
    if "willow" in sys.modules or "pillow_heif" in sys.modules:
        return  # too late, or already loaded: Willow registered pillow-heif itself
    if importlib.util.find_spec("pillow_heif") is None:
        return
    sys.modules["pillow_heif"] = None  # `import pillow_heif` raises ImportError meanwhile
    try:
        import willow  # noqa: F401
    finally:
        if sys.modules.get("pillow_heif", False) is None:
            del sys.modules["pillow_heif"]
    _register_on_first_use()


_willow_without_pillow_heif()
