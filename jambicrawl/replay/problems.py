"""A record that could not be used: where it is and why, in one line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One bad record (or a file that holds none): reported, counted, skipped."""

    #: The file as it was given (a folder's files as found in it).
    file: str
    #: Byte offset of the record in the file (of the gzip member for a ``.warc.gz``).
    offset: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: offset {self.offset}: {self.reason}"
