"""Writers of exported rows: JSON Lines, CSV and Parquet, columns in :data:`COLUMNS` order.

Each writes through :func:`jambicrawl.atomic.atomic_output`, so that a file by the asked
name is always a whole export.
"""

from __future__ import annotations

import csv
import importlib
import json
from itertools import islice
from typing import TYPE_CHECKING, Any, TextIO

from jambicrawl.atomic import atomic_output
from jambicrawl.export.columns import COLUMN_NAMES, COLUMNS
from jambicrawl.export.rows import ExportError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from pathlib import Path

    from jambicrawl.export.rows import Row

FORMATS = ("jsonl", "csv", "parquet")
#: Parquet rows are written in row groups of this many, so memory stays bounded.
PARQUET_BATCH = 1000

_IMAGE_FIELDS = ("url", "caption")
_CAPTURE_FIELDS = ("url", "captured_at", "warc_file", "record_id", "payload_digest")
_EVIDENCE_FIELDS = ("source", "value", "precision", "raw")


def _jsonl(rows: Iterable[Row], stream: TextIO) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _csv(rows: Iterable[Row], stream: TextIO) -> int:
    writer = csv.writer(stream)
    writer.writerow(COLUMN_NAMES)
    count = 0
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in COLUMN_NAMES])
        count += 1
    return count


def _pyarrow() -> tuple[Any, Any]:
    try:
        return importlib.import_module("pyarrow"), importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise ExportError("--format parquet needs pyarrow: pip install pyarrow") from None


def parquet_schema(pa: Any) -> Any:
    """The Arrow schema of :data:`COLUMNS`."""

    def record(names: tuple[str, ...]) -> Any:
        return pa.list_(pa.struct([(name, pa.string()) for name in names]))

    evidence = pa.list_(
        pa.struct([*((name, pa.string()) for name in _EVIDENCE_FIELDS), ("agrees", pa.bool_())])
    )

    kinds = {
        "string": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "list<string>": pa.list_(pa.string()),
        "list<image>": record(_IMAGE_FIELDS),
        "list<capture>": record(_CAPTURE_FIELDS),
        "list<evidence>": evidence,
    }
    return pa.schema([(column.name, kinds[column.kind]) for column in COLUMNS])


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, PARQUET_BATCH)):
        yield batch


def _parquet(rows: Iterable[Row], path: Path) -> int:
    pa, pq = _pyarrow()
    schema = parquet_schema(pa)
    count = 0
    try:
        with pq.ParquetWriter(str(path), schema) as writer:
            for batch in _batches(rows):
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
            if count == 0:
                writer.write_table(schema.empty_table())
    except pa.ArrowException as exc:
        raise ExportError(f"Parquet: {exc}") from None
    return count


def _text(write: Callable[[Iterable[Row], TextIO], int]) -> Callable[[Iterable[Row], Path], int]:
    def to_path(rows: Iterable[Row], path: Path) -> int:
        with path.open("w", encoding="utf-8", newline="") as stream:
            return write(rows, stream)

    return to_path


_WRITERS: dict[str, Callable[[Iterable[Row], Path], int]] = {
    "jsonl": _text(_jsonl),
    "csv": _text(_csv),
    "parquet": _parquet,
}


def export_rows(rows: Iterable[Row], path: Path, fmt: str) -> int:
    """Write ``rows`` to ``path`` in ``fmt``; returns how many. Raises :class:`ExportError`
    for an unknown format, a missing pyarrow, or a file that cannot be written."""
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if fmt == "parquet":
        _pyarrow()  # fail before any work is done
    try:
        with atomic_output(path) as partial:
            return writer(rows, partial)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except ExportError as exc:  # raised about the temporary file: name the output
        raise ExportError(f"{path}: {exc}") from None
