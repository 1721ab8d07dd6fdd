"""Checks on evidence: an uploaded file's size, and its type by content as well as by name;
a link's form. `improvements.services.add_evidence` runs them, once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat

# Extension -> the content type its bytes must show. Text formats have no signature, so
# they are checked by decoding instead (see _looks_like_text).
ALLOWED_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".txt": "text/plain",
    ".csv": "text/csv",
}
TEXT_EXTENSIONS = {".txt", ".csv"}
ALLOWED_DESCRIPTION = "PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, CSV or plain text"
#: As long as Evidence.url holds.
MAX_LINK_LENGTH = 500


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str
    original_name: str


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is still text.
        return error.start >= len(head) - 3
    return True


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Raise ValidationError with a message for the user unless the file is acceptable."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            f"\u201c{name}\u201d is not a file type we accept. Upload a {ALLOWED_DESCRIPTION} file."
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(f"The file must be smaller than {filesizeformat(limit)}.")
    if upload.size == 0:
        raise ValidationError(f"\u201c{name}\u201d is empty.")

    upload.seek(0)
    head = upload.read(8192)
    expected = ALLOWED_TYPES[extension]
    if extension in TEXT_EXTENSIONS:
        if not _looks_like_text(head):
            raise ValidationError(f"\u201c{name}\u201d does not contain text, as its name says.")
    else:
        kind = filetype.guess(head)
        if kind is None or kind.mime != expected:
            raise ValidationError(
                f"The content of \u201c{name}\u201d does not match its name: "
                f"it is not a {extension[1:].upper()} file."
            )

    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        content_type=expected, size=upload.size, sha256=digest.hexdigest(), original_name=name
    )


def check_link(url: str) -> None:
    """Raise ValidationError with a message for the user unless `url` is a web link."""
    if len(url) > MAX_LINK_LENGTH:
        raise ValidationError(f"The link must be {MAX_LINK_LENGTH} characters or fewer.")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            "Enter a link starting with https:// or http://, like https://www.example.org"
        ) from None
