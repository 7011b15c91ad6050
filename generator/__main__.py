"""Command line: `python -m generator lint|generate|diff|build`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import QUIRKS, ROOT, SPEC
from generator.layout import Layout
from generator.problems import StepFailedError


def _say(message: str) -> None:
    """Print progress and findings to stderr (stdout carries only a diff)."""
    print(message, file=sys.stderr)  # noqa: T201 - the CLI's job is to print


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run one command, and turn its findings into an exit code."""
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    lint_parser = commands.add_parser("lint", help="lint spec/openapi.yaml and spec/quirks.yaml")
    lint_parser.add_argument("spec", nargs="?", type=Path, default=SPEC, help="the OpenAPI file (default: %(default)s)")
    lint_parser.add_argument("--quirks", type=Path, default=QUIRKS, help="the quirk catalogue (default: %(default)s)")

    generate_parser = commands.add_parser("generate", help="regenerate generated/ from the spec (atomically)")
    generate_parser.add_argument(
        "spec", nargs="?", type=Path, default=SPEC, help="the OpenAPI file (default: %(default)s)"
    )

    diff_parser = commands.add_parser("diff", help="diff a fresh render against generated/; exit 1 if they differ")
    diff_parser.add_argument("spec", nargs="?", type=Path, default=SPEC, help="the OpenAPI file (default: %(default)s)")
    diff_parser.add_argument("--quick", action="store_true", help="only compare the manifest's hashes, render nothing")

    build_parser = commands.add_parser("build", help="build the iqm-finance-client sdist and wheel into dist/")
    build_parser.add_argument("--outdir", type=Path, default=None, help="where to put them (default: dist/)")

    args = parser.parse_args(argv)
    if args.command == "lint":
        from generator import lint as lint_module  # noqa: PLC0415 - lint's tools are installed only in its session

        findings = lint_module.lint(args.spec, args.quirks)
        for finding in findings:
            _say(str(finding))
        _say(f"lint: {len(findings)} finding(s) in {args.spec}")
        return 1 if findings else 0
    try:
        if args.command == "generate":
            return _generate(Layout.at(ROOT, args.spec))
        if args.command == "diff":
            return _diff(Layout.at(ROOT, args.spec), quick=args.quick)
        if args.command == "build":
            return _build(Layout.at(ROOT), args.outdir)
    except StepFailedError as error:
        _say(f"{args.command}: {error}")
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands first


def _generate(layout: Layout) -> int:
    """Regenerate generated/ and say what happened."""
    from generator.generate import generate  # noqa: PLC0415 - keeps `build` free of openapi-python-client

    _say(f"generate: {layout.show(layout.spec)} -> generated/")
    result = generate(layout, report=_say)
    total = sum(seconds for _, seconds in result.timings)
    state = "updated" if result.changed else "unchanged"
    _say(f"generate: generated/ {state}: {result.files} files, version {result.version}, {total:.1f} s")
    return 0


def _diff(layout: Layout, *, quick: bool) -> int:
    """Print the drift of generated/ (a unified diff on stdout); 1 when there is any."""
    from generator import diff  # noqa: PLC0415

    if quick:
        stale = diff.stale(layout)
        _say(f"diff: generated/ is stale: {', '.join(stale)} changed" if stale else "diff: generated/ is current")
        return 1 if stale else 0
    _say(f"diff: {layout.show(layout.spec)} -> temporary directory, compared with generated/")
    drift = diff.diff(layout, report=_say)
    if not drift.changed:
        _say("diff: generated/ is up to date")
        return 0
    sys.stdout.write(drift.text)
    _say(f"diff: {len(drift.changed)} file(s) of generated/ differ from the spec: run `nox -s generate` and commit")
    return 1


def _build(layout: Layout, outdir: Path | None) -> int:
    """Build and check the sdist and wheel, and print their hashes for pinning."""
    from generator.build import build  # noqa: PLC0415

    _say("build: generated/ -> sdist and wheel")
    built = build(layout, outdir, report=_say)
    _say(f"build: iqm-finance-client {built.version}, SOURCE_DATE_EPOCH={built.source_date_epoch} ({built.epoch_from})")
    for path, sha256 in built.artifacts:
        _say(f"  {layout.show(path) if path.is_relative_to(layout.root) else path}  sha256:{sha256}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
