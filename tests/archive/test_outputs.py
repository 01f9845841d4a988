"""``index``, ``wacz`` and ``export`` outputs: whole or absent, and errors that name them.

Ctrl-C is a real SIGINT to a real command, sent once the command is writing its output: the
test makes the temporary name a FIFO whose pipe holds 4 KB and never reads it, so the
command is certainly stuck mid-write when the signal arrives (no timing involved).
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from jambicrawl.atomic import partial_path
from tests.replay.archives import jambicrawl_archive
from tests.replay.test_export import stored_versions

if TYPE_CHECKING:
    from pathlib import Path

CASES = ["tribunjambi/multi-page-2", "jambione/kur-triwulan-i-two-authors",
         "antarajambi/layout-2015", "antarajambi/current-layout-jsonld"]  # fmt: skip
EARLIER = b"an earlier complete output\n"


def jambicrawl(*argv: str) -> list[str]:
    return [sys.executable, "-m", "jambicrawl", *argv]


@pytest.fixture
def warcs(tmp_path: Path) -> Path:
    folder = tmp_path / "warcs"
    folder.mkdir()
    jambicrawl_archive(folder / "a.warc.gz", CASES[:2])
    jambicrawl_archive(folder / "b.warc.gz", CASES[2:])
    return folder


@pytest.fixture
def state_archive(tmp_path: Path) -> Path:
    return stored_versions(tmp_path / "state")


@pytest.fixture
def damaged(warcs: Path) -> Path:
    whole = (warcs / "b.warc.gz").read_bytes()
    (warcs / "b.warc.gz").write_bytes(whole[: len(whole) * 2 // 3])
    return warcs


def test_index_of_a_damaged_archive_is_partial_and_names_the_records(damaged: Path) -> None:
    done = subprocess.run(jambicrawl("index", str(damaged)), capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert lines
    assert all(line.startswith(f"jambicrawl: {damaged / 'b.warc.gz'}: offset ") for line in lines)
    assert (damaged / "index.cdxj").read_text("utf-8").count("\n") >= 1  # a.warc.gz is there
    assert "Traceback" not in done.stderr


def test_wacz_of_a_damaged_archive_is_refused_in_one_line(damaged: Path, tmp_path: Path) -> None:
    output = tmp_path / "jambi.wacz"
    done = subprocess.run(
        jambicrawl("wacz", str(damaged), "-o", str(output)), capture_output=True, text=True
    )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert "b.warc.gz: offset" in done.stderr
    assert not output.exists()
    assert not partial_path(output).exists()


@pytest.mark.parametrize("command", ["index", "wacz", "export"])
def test_a_write_error_names_the_output(
    command: str, warcs: Path, state_archive: Path, tmp_path: Path
) -> None:
    output = tmp_path / "missing-folder" / "out"
    source = state_archive if command == "export" else warcs
    done = subprocess.run(
        jambicrawl(command, str(source), "-o", str(output)), capture_output=True, text=True
    )
    assert done.returncode in (1, 2), done.stderr
    assert done.stderr.startswith(f"jambicrawl: {output}: cannot write"), done.stderr
    assert len(done.stderr.splitlines()) == 1


def _interrupt_while_writing(argv: list[str], output: Path) -> subprocess.CompletedProcess[str]:
    """Runs the command with its temporary output a FIFO nobody drains; sends SIGINT as soon
    as it has started writing (the FIFO is readable) and returns how it ended."""
    fifo = partial_path(output)
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        fcntl.fcntl(reader, fcntl.F_SETPIPE_SZ, 4096)
        process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while not select.select([reader], [], [], 1.0)[0]:
            if process.poll() is not None:
                stdout, stderr = process.communicate()
                pytest.fail(f"ended without writing to {fifo.name}: {stdout} {stderr}")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
    finally:
        os.close(reader)
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr)


@pytest.mark.parametrize("command", ["index", "wacz", "export"])
def test_ctrl_c_while_writing_keeps_the_earlier_output_and_leaves_no_temporary_file(
    command: str, warcs: Path, state_archive: Path, tmp_path: Path
) -> None:
    output = tmp_path / f"out.{command}"
    output.write_bytes(EARLIER)
    source = state_archive if command == "export" else warcs
    done = _interrupt_while_writing(jambicrawl(command, str(source), "-o", str(output)), output)
    assert done.returncode == 130, done.stderr
    assert done.stderr == "jambicrawl: interrupted\n"
    assert output.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
