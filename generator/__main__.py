"""Command line: `python -m generator lint` (later: generate, diff, build)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import QUIRKS, SPEC
from generator import lint as lint_module


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run one command, and turn its findings into an exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    lint_parser = commands.add_parser("lint", help="lint spec/openapi.yaml and spec/quirks.yaml")
    lint_parser.add_argument("spec", nargs="?", type=Path, default=SPEC, help="the OpenAPI file (default: %(default)s)")
    lint_parser.add_argument("--quirks", type=Path, default=QUIRKS, help="the quirk catalogue (default: %(default)s)")

    args = parser.parse_args(argv)
    if args.command == "lint":
        findings = lint_module.lint(args.spec, args.quirks)
        for finding in findings:
            print(finding, file=sys.stderr)  # noqa: T201 - the CLI's job is to print findings
        print(f"lint: {len(findings)} finding(s) in {args.spec}", file=sys.stderr)  # noqa: T201
        return 1 if findings else 0
    return 2  # pragma: no cover - argparse rejects unknown commands first


if __name__ == "__main__":
    sys.exit(main())
