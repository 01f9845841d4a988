"""``jambicrawl sites``: the registered sites."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from jambicrawl.cli.common import EXIT_OK, registry_from, registry_options, set_handler

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sites", parents=[registry_options()], help="list the registered sites"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per site")
    set_handler(parser, run)


def run(args: argparse.Namespace) -> int:
    sites = list(registry_from(args))
    if args.json:
        for site in sites:
            print(json.dumps(asdict(site), ensure_ascii=False))
        return EXIT_OK
    rows = [("SITE", "NAME", "FAMILY", "HOST")]
    rows += [(s.key, s.name, s.family, s.hosts[0]) for s in sites]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[3]
        )
    return EXIT_OK
