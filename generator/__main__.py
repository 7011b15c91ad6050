"""Command line: `python -m generator lint|generate|diff|build`."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import QUIRKS, ROOT, SPEC
from generator.layout import Layout
from generator.problems import StepFailedError

if TYPE_CHECKING:
    from generator.diff.command import Outcome

DIFF_USAGE = """\
  diff                 what spec/openapi.yaml changes against the merge-base with main (or HEAD), on stderr,
                       then the drift check of generated/ (exit 1 when generated/ is stale)
  diff SPEC            the drift check of generated/ against SPEC
  diff OLD NEW         the semantic diff: the HTTP API and the Python API of the client, classified
                       (breaking: major, compatible: minor, documentation: patch); OLD and NEW are files
                       or git-ref:path. A git-ref side's Python API is the package committed in its generated/
                       (when its manifest names that very spec), so a change to overrides/ alone shows; a file
                       side is rendered with this checkout's templates. Exit 0 whatever it finds; 1 when a spec
                       cannot be loaded, a view could not run (the report says why), or --check-version fails.
                       --format github prints GitHub Actions annotations (::error at each breaking change's
                       line in NEW); --changelog FILE writes NEW's Keep a Changelog entry into FILE
"""


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

    diff_parser = commands.add_parser(
        "diff",
        help="what a spec change does to the API and the client, and the drift check of generated/",
        description=DIFF_USAGE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    diff_parser.add_argument("specs", nargs="*", metavar="SPEC", help="none, one (drift check) or OLD NEW")
    diff_parser.add_argument("--quick", action="store_true", help="drift check: compare the manifest's hashes only")
    diff_parser.add_argument(
        "--format",
        choices=("markdown", "json", "github"),
        default=None,
        help="OLD NEW: the report format (github: Actions annotations at each change's line in NEW)",
    )
    diff_parser.add_argument(
        "--changelog",
        type=Path,
        default=None,
        metavar="CHANGELOG.md",
        help="OLD NEW: write (or update) the Keep a Changelog entry of NEW's info.version in this file",
    )
    diff_parser.add_argument("--output", type=Path, default=None, help="OLD NEW: write the report here, not to stdout")
    diff_parser.add_argument(
        "--check-version", action="store_true", help="exit 1 when NEW's info.version is lower than the change needs"
    )
    diff_parser.add_argument(
        "--no-python-api", action="store_true", help="skip rendering OLD and NEW for the Python API diff"
    )

    build_parser = commands.add_parser("build", help="build the iqm-finance-client sdist and wheel into dist/")
    build_parser.add_argument("--outdir", type=Path, default=None, help="where to put them (default: dist/)")

    args = parser.parse_args(argv)
    if args.command == "lint":
        from generator import lint as lint_module  # noqa: PLC0415 - lint's tools are installed only in its session

        result = lint_module.run(args.spec, args.quirks)
        for finding in result.findings:
            _say(str(finding))
        for skipped in result.skipped:
            _say(f"lint: not checked: {skipped}")
        _say(f"lint: {len(result.findings)} finding(s) in {args.spec}")
        return 1 if result.findings else 0
    try:
        if args.command == "generate":
            return _generate(Layout.at(ROOT, args.spec))
        if args.command == "diff":
            return _diff_command(parser, args)
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


def _diff_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the form of `diff` its arguments select: against the base, the drift check, or OLD NEW."""
    specs: list[str] = args.specs
    if len(specs) > 2:  # noqa: PLR2004 - OLD and NEW
        parser.error("diff takes no spec, one spec (the drift check), or OLD NEW")
    if len(specs) == 2:  # noqa: PLR2004 - OLD and NEW
        if args.quick:
            parser.error("--quick belongs to the drift check, not to OLD NEW")
        options = _ReportOptions(
            args.format or "markdown", args.output, args.check_version, not args.no_python_api, args.changelog
        )
        return _semantic(Layout.at(ROOT), specs[0], specs[1], options)
    if args.format or args.output or args.changelog:
        parser.error("--format, --output and --changelog belong to `diff OLD NEW`")
    if specs:
        if args.check_version:
            parser.error("--check-version needs OLD NEW, or no spec (against the base)")
        return _drift(Layout.at(ROOT, Path(specs[0])), quick=args.quick)
    layout = Layout.at(ROOT)
    version_ok = True
    if not args.quick:
        version_ok = _against_base(layout, check_version=args.check_version, python_api=not args.no_python_api)
    drifted = _drift(layout, quick=args.quick)
    return drifted or (0 if version_ok else 1)


@dataclass(frozen=True)
class _ReportOptions:
    """How `diff OLD NEW` reports: format, output file, the version check, and whether to render the Python API."""

    format: str
    output: Path | None
    check_version: bool
    python_api: bool
    changelog: Path | None = None


def _semantic(layout: Layout, old_spec: str, new_spec: str, options: _ReportOptions) -> int:
    """Write the report of `diff OLD NEW`: exit 0 whatever it finds; 1 when a spec, a view or the version fails."""
    from generator.diff import command as diff_command  # noqa: PLC0415
    from generator.diff import report  # noqa: PLC0415

    outcome = diff_command.semantic(layout, old_spec, new_spec, python_api=options.python_api, report=_say)
    if not isinstance(outcome, diff_command.Outcome):
        for problem in outcome:
            _say(f"diff: {problem}")
        return 1
    if options.format == "json":
        text = report.to_json(outcome.diff, outcome.views, outcome.notes)
    elif options.format == "github":
        from generator.diff import github  # noqa: PLC0415

        source = outcome.new_source
        file = github.annotation_file(outcome.new, from_git=source is not None and source.ref is not None)
        text = github.to_github(outcome.diff, source.index if source else None, file)
    else:
        text = report.to_markdown(outcome.diff, old=outcome.old, new=outcome.new, notes=outcome.notes)
    if options.output is None:
        sys.stdout.write(text)
    else:
        options.output.parent.mkdir(parents=True, exist_ok=True)
        options.output.write_text(text, encoding="utf-8", newline="\n")
        _say(f"diff: report written to {options.output}")
    if options.changelog is not None and not _write_changelog(outcome, options.changelog):
        return 1
    return _verdict(outcome, check_version=options.check_version)


def _write_changelog(outcome: Outcome, path: Path) -> bool:
    """Write (or update) the changelog entry of NEW's version; False when NEW has no version to write it for."""
    import datetime as dt  # noqa: PLC0415

    from generator.diff import changelog  # noqa: PLC0415

    version = outcome.diff.new_version
    if not version:
        _say(f"diff: {outcome.new} has no info.version: no changelog entry written")
        return False
    today = dt.datetime.now(tz=dt.UTC).date().isoformat()
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    text = changelog.update(existing, version, changelog.entry(version, today, outcome.diff.changes))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    _say(f"diff: the {version} entry of {path} written")
    return True


def _verdict(outcome: Outcome, *, check_version: bool) -> int:
    """Say what a diff found and which view did not run; 1 when one did not, or the version is too low."""
    from generator.diff import bump  # noqa: PLC0415

    for problem in outcome.problems:
        _say(f"diff: {problem}")
    breaking = sum(change.breaking for change in outcome.diff.changes)
    summary = f"{outcome.diff.bump} ({len(outcome.diff.changes)} change(s), {breaking} breaking)"
    _say(f"diff: {outcome.old} -> {outcome.new}: {summary}")
    status = 0 if outcome.complete else 1
    if not check_version:
        return status
    verdict = bump.check_version(outcome.diff)
    _say(f"diff: {verdict.message}")
    return status if verdict.ok else 1


def _against_base(layout: Layout, *, check_version: bool, python_api: bool) -> bool:
    """Report (on stderr) what the working tree changes against the base; False when a view or the version fails."""
    from generator.diff import command as diff_command  # noqa: PLC0415
    from generator.diff import report  # noqa: PLC0415

    outcome = diff_command.against_base(layout, python_api=python_api, report=_say)
    if not isinstance(outcome, diff_command.Outcome):
        _say(f"diff: {outcome}")
        return True
    _say(report.to_markdown(outcome.diff, old=outcome.old, new=outcome.new, notes=outcome.notes).rstrip("\n"))
    return _verdict(outcome, check_version=check_version) == 0


def _drift(layout: Layout, *, quick: bool) -> int:
    """Print the drift of generated/ (a unified diff on stdout); 1 when there is any."""
    from generator.diff import drift as drift_check  # noqa: PLC0415

    if quick:
        stale = drift_check.stale(layout)
        _say(f"diff: generated/ is stale: {', '.join(stale)} changed" if stale else "diff: generated/ is current")
        return 1 if stale else 0
    _say(f"diff: {layout.show(layout.spec)} -> temporary directory, compared with generated/")
    drift = drift_check.diff(layout, report=_say)
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
