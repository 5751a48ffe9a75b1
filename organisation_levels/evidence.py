"""What an evidence upload may be, and how a stored one is handed back.

Evidence is a photo of a register, a scanned procedure or a spreadsheet. The
allow-list is short on purpose: nothing a browser would run (HTML, SVG, scripts),
and the first bytes must match the extension, so a renamed file is refused with
a message that names it. Files are always sent back as downloads, except photos.
"""

import mimetypes
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES_PER_UPLOAD = 5

_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0",)  # old Word and Excel files
# Extension → the ways such a file may begin (None: plain text, checked as UTF-8).
SIGNATURES: dict[str, tuple[bytes, ...] | None] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF-",),
    "docx": _ZIP,
    "xlsx": _ZIP,
    "odt": _ZIP,
    "ods": _ZIP,
    "doc": _OLE,
    "xls": _OLE,
    "txt": None,
    "csv": None,
}
SHOWN_INLINE = {"jpg", "jpeg", "png", "webp"}


@dataclass(frozen=True)
class CheckedUpload:
    upload: object
    name: str
    size: int


def evidence_uploads_check(uploads) -> list[CheckedUpload]:
    """Every problem with the uploaded files, each naming its file; else the files."""
    problems = []
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        problems.append(
            _("Attach at most %(count)s files at a time.") % {"count": MAX_FILES_PER_UPLOAD}
        )
    checked = []
    for upload in uploads:
        problem = upload_problem(upload)
        if problem:
            problems.append(problem)
        else:
            checked.append(
                CheckedUpload(upload=upload, name=_short_name(upload.name), size=upload.size)
            )
    if problems:
        raise ValidationError(problems)
    return checked


def _short_name(name: str, limit: int = 200) -> str:
    """At most `limit` characters, always keeping the extension that was checked."""
    if len(name) <= limit:
        return name
    stem, extension = name.rsplit(".", 1)
    return f"{stem[: limit - len(extension) - 1]}.{extension}"


def upload_problem(upload, *, extensions=None, max_bytes=None) -> str | None:
    """What is wrong with one uploaded file, in words naming it; None when it is fine.

    `extensions` narrows the allow-list (session photos take images only).
    """
    allowed = sorted(extensions or SIGNATURES)
    max_bytes = max_bytes or MAX_FILE_BYTES
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        return _("“%(name)s”: this type of file is not accepted. Use %(types)s.") % {
            "name": name,
            "types": ", ".join(allowed),
        }
    if upload.size == 0:
        return _("“%(name)s” is empty.") % {"name": name}
    if upload.size > max_bytes:
        return _("“%(name)s” is larger than %(megabytes)s MB.") % {
            "name": name,
            "megabytes": max_bytes // (1024 * 1024),
        }
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = SIGNATURES[extension]
    if signatures is None:
        matches = _looks_like_text(head)
    elif extension == "webp":
        # RIFF is a family (WAV, AVI…); WebP names itself at bytes 8 to 12.
        matches = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    else:
        matches = head.startswith(signatures)
    if not matches:
        return _("“%(name)s” is not really a .%(extension)s file, or it is damaged.") % {
            "name": name,
            "extension": extension,
        }
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        # The sample may end inside a character; drop at most three trailing bytes.
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3
    return True


def evidence_response(evidence) -> FileResponse:
    """The stored file, as a download (photos inline), never interpreted by the browser."""
    extension = evidence.original_name.rsplit(".", 1)[-1].lower()
    content_type = mimetypes.guess_type(evidence.original_name)[0] or "application/octet-stream"
    try:
        stored = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        stored,
        as_attachment=extension not in SHOWN_INLINE,
        filename=evidence.original_name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
