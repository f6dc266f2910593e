"""Keep photos and files citizens send as evidence: size and type checked, stored by hash.

The type comes from the bytes themselves (magic numbers), not from what the sender claims."""

import asyncio
import hashlib
from dataclasses import dataclass
from pathlib import Path

from bot.messages import Attachment

# Magic prefix → (content type, file extension).
_SIGNATURES: dict[bytes, tuple[str, str]] = {
    b"\xff\xd8\xff": ("image/jpeg", "jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "png"),
    b"GIF87a": ("image/gif", "gif"),
    b"GIF89a": ("image/gif", "gif"),
    b"%PDF-": ("application/pdf", "pdf"),
}


class EvidenceRejected(Exception):
    """The file cannot be kept; `notice` names the polite answer."""

    def __init__(self, notice: str) -> None:
        super().__init__(notice)
        self.notice = notice


@dataclass(frozen=True)
class EvidenceStore:
    root: Path
    max_bytes: int

    def check_declared(self, size: int | None) -> None:
        if size is not None and size > self.max_bytes:
            raise EvidenceRejected("evidence_too_large")

    async def keep(self, data: bytes, *, kind: str, name: str | None) -> Attachment:
        """Check and store the bytes; the attachment's ref is the stored file's name."""
        self.check_declared(len(data))
        content_type, extension = sniff(data)
        digest = hashlib.sha256(data).hexdigest()
        path = self.root / f"{digest}.{extension}"
        await asyncio.to_thread(_write_once, path, data)
        return Attachment(
            kind=kind, content_type=content_type, size=len(data), name=name, ref=path.name
        )


def sniff(data: bytes) -> tuple[str, str]:
    for magic, found in _SIGNATURES.items():
        if data.startswith(magic):
            return found
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    raise EvidenceRejected("evidence_bad_type")


def _write_once(path: Path, data: bytes) -> None:
    # Content-addressed: the same file sent twice is stored once.
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        temporary = path.with_suffix(".part")
        temporary.write_bytes(data)
        temporary.replace(path)
