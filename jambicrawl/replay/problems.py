"""A record that could not be used: where it is and why, in one line."""

from __future__ import annotations

from dataclasses import dataclass

from jambicrawl.errors import Problem


@dataclass(frozen=True, slots=True)
class RecordProblem(Problem):
    """One bad record (or a file that holds none): reported, counted, skipped."""

    #: The file as it was given (a folder's files as found in it).
    file: str
    #: Byte offset of the record in the file (of the gzip member for a ``.warc.gz``).
    offset: int
    reason: str

    def where(self) -> str:
        return f"{self.file}: offset {self.offset}"
