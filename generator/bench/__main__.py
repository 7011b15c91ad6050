"""Command line: `python -m generator.bench` (what `nox -s bench` runs); writes docs/benchmarks.md."""

from __future__ import annotations

import argparse
import shlex
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Final

from generator.bench import (
    baselines,
    bulk,
    decode,
    encode,
    generation,
    imports,
    machine,
    per_request,
    profile,
    report,
    subject,
    timing,
)
from generator.layout import DEFAULT

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from generator.bench.results import Measurement

MEASUREMENTS: Final = ("decode", "encode", "import", "request", "bulk", "generate")
MIN_RUNS: Final = 5


def _say(message: str) -> None:
    """Print progress to stderr."""
    print(message, file=sys.stderr, flush=True)  # noqa: T201 - the CLI's job is to print


def _sizes(text: str) -> tuple[int, ...]:
    """Parse `1000,10000` into sizes."""
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        message = f"not a comma-separated list of record counts: {text!r}"
        raise argparse.ArgumentTypeError(message) from None
    if not sizes or min(sizes) < 1:
        message = f"record counts must be 1 or more: {text!r}"
        raise argparse.ArgumentTypeError(message)
    return sizes


def _positive(text: str) -> int:
    """Parse a count of 1 or more."""
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        value = 0
    if value < 1:
        message = f"expected a whole number of 1 or more, got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return value


def _only(text: str) -> tuple[str, ...]:
    """Parse `decode,import` into measurement names."""
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(set(names) - set(MEASUREMENTS))
    if unknown or not names:
        message = f"choose from {', '.join(MEASUREMENTS)}; got {text!r}"
        raise argparse.ArgumentTypeError(message)
    return names


def parser() -> argparse.ArgumentParser:
    """Build the command line's parser (`nox -s bench -- --help`)."""
    parser = argparse.ArgumentParser(
        prog="python -m generator.bench", description=__doc__, formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--sizes", type=_sizes, default=(1_000, 10_000, 100_000), help="records per decoded body")
    parser.add_argument("--runs", type=_positive, default=MIN_RUNS, help="timed runs of each variant")
    parser.add_argument("--encode-count", type=_positive, default=10_000, help="bodies per encode run")
    parser.add_argument("--requests", type=_positive, default=2_000, help="GETs per per-request run")
    parser.add_argument("--bulk-records", type=_positive, default=10_000, help="records of the bulk export")
    parser.add_argument("--page-delay", type=float, default=0.05, help="seconds the bulk export's server takes a page")
    parser.add_argument("--import-runs", type=_positive, default=20, help="fresh interpreters per import variant")
    parser.add_argument("--generation-runs", type=_positive, default=MIN_RUNS, help="regenerations per generator")
    parser.add_argument("--target-size", type=_positive, default=10_000, help="the decode size the targets read")
    parser.add_argument("--only", type=_only, default=MEASUREMENTS, help=f"some of {','.join(MEASUREMENTS)}")
    parser.add_argument(
        "--clock", choices=("cpu", "wall"), default="cpu", help="CPU seconds of the work, or wall-clock seconds"
    )
    parser.add_argument("--no-nox", action="store_true", help="time `python -m generator generate`, not nox")
    parser.add_argument("--client-dir", type=Path, default=subject.DEFAULT_DIR, help="holds iqm_finance_client")
    parser.add_argument("--output", type=Path, default=DEFAULT.root / "docs" / "benchmarks.md", help="the report")
    parser.add_argument(
        "--profile", type=Path, default=None, help="also profile the client's decode of --target-size records into this"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="a check that all runs: allow fewer than 5 runs, no warm-up processes"
    )
    return parser


def run(args: argparse.Namespace, work: Path) -> list[Measurement]:
    """Build the baselines and take every measurement asked for, in the order of the report."""
    client = subject.load(args.client_dir)
    clock = timing.CPU if args.clock == "cpu" else timing.WALL
    _say(f"bench: baselines (stock client, pydantic models) -> {work}")
    built = baselines.build(work / "baselines")
    steps: dict[str, Callable[[], list[Measurement]]] = {
        "decode": lambda: decode.measure(args.sizes, args.runs, client, built, clock),
        "encode": lambda: [encode.measure(args.encode_count, args.runs, client, built, clock)],
        "import": lambda: [
            imports.measure(
                args.import_runs,
                imports.prepare(work / "imports", args.client_dir, built.stock_dir),
                clock,
                warm_up=not args.smoke,
            )
        ],
        "request": lambda: per_request.measure(args.requests, args.runs, client),
        "bulk": lambda: [
            bulk.measure(args.bulk_records, args.runs, client, page_delay=args.page_delay, warm_up=not args.smoke)
        ],
        "generate": lambda: [
            generation.measure(
                args.generation_runs, work / "generation", clock=clock, use_nox=not args.no_nox, warm_up=not args.smoke
            )
        ],
    }
    measurements: list[Measurement] = []
    for name in MEASUREMENTS:
        if name in args.only:
            _say(f"bench: {name}")
            taken = steps[name]()
            for measurement in taken:
                _say(f"  {measurement.title}: {report.duration(measurement.subject.sample.median)}")
            measurements.extend(taken)
    if args.profile is not None:
        _say(f"bench: profiling the client's decode of {args.target_size:,} records -> {args.profile}")
        profile.profile_decode(args.target_size, client, args.profile)
    return measurements


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench and write the report; print the targets."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(arguments)
    few = min(args.runs, args.import_runs, args.generation_runs)
    if few < MIN_RUNS and not args.smoke:
        _say(f"bench: medians need at least {MIN_RUNS} runs (pass --smoke for a check that everything runs)")
        return 2
    load_before = machine.load_average()
    with tempfile.TemporaryDirectory(prefix="iqm-bench-") as work:
        measurements = run(args, Path(work))
    found = report.targets(measurements, args.target_size)
    context = report.Context(
        command=shlex.join(["nox", "-s", "bench", *(["--", *arguments] if arguments else [])]),
        runs=few,
        clock=args.clock,
        machine=machine.describe(),
        load_before=load_before,
        load_after=machine.load_average(),
        smoke=args.smoke,
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(report.render(measurements, found, context), encoding="utf-8", newline="\n")
    verdicts = {True: "met   ", False: "MISSED", None: "      "}
    for target in found:
        _say(f"  {verdicts[target.met]} {target.goal}: {target.measured}")
    _say(f"bench: wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
