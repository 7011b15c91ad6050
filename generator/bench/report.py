"""The Markdown report: the targets met or missed, every measurement with its ratios, the machine, the method."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from generator.bench.bulk import ASYNC, SEQUENTIAL
from generator.bench.imports import ADDED, ADDED_CALL, ADDED_DEPENDENCIES
from generator.bench.per_request import RAW_HTTPX
from generator.bench.results import CONSUMER, FROM_JSON, JSON_LOADS, PYDANTIC, STOCK, Measurement, Variant

if TYPE_CHECKING:
    from collections.abc import Sequence

    from generator.bench.machine import Machine

IMPORT_BUDGET: Final = 0.015  # seconds over `import httpx2`
FIRST_CALL_BUDGET: Final = 0.025  # seconds over `import httpx2`: the import, one resource, one request answered
BULK_BUDGET: Final = 1.5  # seconds for the bulk export of 10,000 records
DECODE_RATIO: Final = 0.7  # decode (and Model.from_json) at most this times json.loads
CONSUMER_RATIO: Final = 1.0  # decode, read every timestamp, sum every amount: at most this times json.loads
STOCK_SPEED_UP: Final = 2.0  # decode at least twice as fast as the stock client
REQUEST_BUDGET: Final = 0.05  # fraction over raw httpx2
GENERATION_BUDGET: Final = 5.0  # seconds
_MILLISECOND: Final = 1e-3
_MICROSECOND: Final = 1e-6
TIMES: Final = "\N{MULTIPLICATION SIGN}"


CLOCKS: Final = {
    "cpu": (
        "Times are CPU seconds (`--clock cpu`, the default): what the work costs, whatever else the machine runs;",
        "for a subprocess, its own CPU time and that of the processes it waited for. On an idle machine wall-clock",
        "times are the same or slightly longer (waiting for the disk or a socket is not CPU time).",
    ),
    "wall": (
        "Times are wall-clock seconds (`--clock wall`): they include any wait for a core the machine was busy with.",
    ),
}
METHOD: Final = (
    "- Variants run in turn, run by run (the order reversed every other run), after one warm-up run each, so a",
    "  change of load hits all of them alike. Garbage is collected before each timed run; the collector stays on",
    "  during it, as in a user's process. Each run's result is freed after its clock stops.",
    "- Decode runs in a process holding 100,000 other live objects the collector tracks, as a service does; the",
    "  setup before them (bodies, baselines, imports) is frozen out of the collector's sight (`gc.freeze()`).",
    "  The consumer loop decodes, then reads every timestamp and sums every amount, as a reconciliation does.",
    "- The bulk export walks every record of a list from a local server that answers each page after a delay",
    "  (a server across a network), in wall-clock seconds: page after page, and with `concurrency=N`.",
    "- Decode starts from the response bytes: the client's and the stock client's own response parsers,",
    "  `json.loads`, and pydantic's `model_validate_json` on datamodel-code-generator's models of the same spec.",
    "  The records are seeded and valid for the spec, so every variant accepts them; they differ in what they give",
    "  back: the stock client float money and int timestamps, `json.loads` dicts with float money, pydantic exact",
    "  money, int timestamps and validated URLs. The client checks every epoch timestamp while decoding and makes",
    "  the datetime on its first read; its row with every timestamp read shows what reading them all adds.",
    "- Imports run in fresh interpreters on byte-compiled copies of the packages; only the import statements are",
    "  timed. The client's row and `import httpx2` come from the same interpreters (httpx2 first, then the client),",
    "  so what the client adds is measured run by run. httpx2's optional command line (rich, click, pygments), which",
    "  this environment has for openapi-python-client, is kept out, as it is where only the wheel is installed.",
    "- Per-request runs talk to a threaded HTTP/1.1 server on 127.0.0.1 in a process of its own, over one kept-alive",
    "  connection. End-to-end rows are wall-clock seconds whatever `--clock` says (the server's time is in both",
    "  sides of the ratio); client-side rows are the CPU seconds of the client's process alone.",
)


@dataclass(frozen=True)
class Target:
    """One target of the issue: what was measured against it, and whether it was met (None: informational)."""

    goal: str
    measured: str
    met: bool | None


@dataclass(frozen=True)
class Context:
    """What the report says about the run besides its numbers."""

    command: str
    runs: int
    clock: str  # "cpu" or "wall"
    machine: Machine
    load_before: str
    load_after: str
    smoke: bool = False  # a check that everything runs: one run each, no warm-ups; the numbers mean nothing


def duration(seconds: float) -> str:
    """Format a duration in the unit that reads best: `1.23 s`, `45.6 ms`, `789 µs`, `1.2 µs`."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= _MILLISECOND:
        return f"{seconds / _MILLISECOND:.3g} ms"
    return f"{seconds / _MICROSECOND:.3g} µs"


def ratio(subject: Variant, other: Variant) -> float:
    """Return the client's median over another variant's: below 1 the client is faster."""
    return subject.sample.median / other.sample.median


def _find(measurements: Sequence[Measurement], key: str) -> Measurement | None:
    """Return the measurement with `key`, if it was taken."""
    return next((measurement for measurement in measurements if measurement.key == key), None)


def _decode_for_targets(measurements: Sequence[Measurement], target_size: int) -> tuple[Measurement, str] | None:
    """Return the decode measurement the targets read (at `target_size`, else the largest size) and a note if not."""
    decodes = [measurement for measurement in measurements if measurement.key.startswith("decode-")]
    if not decodes:
        return None
    exact = _find(decodes, f"decode-{target_size}")
    if exact is not None:
        return exact, ""
    largest = max(decodes, key=lambda measurement: measurement.items)
    return largest, f" (at {largest.items:,} records: {target_size:,} was not measured)"


def targets(measurements: Sequence[Measurement], target_size: int) -> list[Target]:
    """Evaluate the issue's targets on the measurements that were taken."""
    found: list[Target] = []
    for measurement in sorted(
        (found_decode for found_decode in measurements if found_decode.key.startswith("decode-")),
        key=lambda found_decode: found_decode.items,
    ):
        size = f"{measurement.items:,}"
        json_loads = measurement.baseline(JSON_LOADS)
        decode_ratio = ratio(measurement.subject, json_loads)
        consumer_ratio = ratio(measurement.informational(CONSUMER), json_loads)
        found += [
            Target(
                f"Decode {size} records at most {DECODE_RATIO}{TIMES} `json.loads`",
                f"{decode_ratio:.2f}{TIMES}",
                decode_ratio <= DECODE_RATIO,
            ),
            Target(
                f"Consumer loop over {size} records at most {CONSUMER_RATIO}{TIMES} `json.loads`",
                f"{consumer_ratio:.2f}{TIMES}",
                consumer_ratio <= CONSUMER_RATIO,
            ),
        ]
    decode = _decode_for_targets(measurements, target_size)
    if decode is not None:
        measurement, note = decode
        subject = measurement.subject
        pydantic_ratio = ratio(subject, measurement.baseline(PYDANTIC))
        stock_ratio = ratio(subject, measurement.baseline(STOCK))
        from_json_ratio = ratio(measurement.informational(FROM_JSON), measurement.baseline(JSON_LOADS))
        size = f"{target_size:,}"
        found += [
            Target(
                f"`Model.from_json` of {size} records at most {DECODE_RATIO}{TIMES} `json.loads`{note}",
                f"{from_json_ratio:.2f}{TIMES}",
                from_json_ratio <= DECODE_RATIO,
            ),
            Target(
                f"Decode {size} records faster than pydantic v2{note}",
                f"{pydantic_ratio:.2f}{TIMES}",
                pydantic_ratio < 1,
            ),
            Target(
                f"Decode {size} records at least twice as fast as stock{note}",
                f"{stock_ratio:.2f}{TIMES}",
                stock_ratio * STOCK_SPEED_UP <= 1,
            ),
        ]
    imports = _find(measurements, "import")
    if imports is not None:
        found += _import_targets(imports)
    bulk = _find(measurements, "bulk")
    if bulk is not None:
        sequential = duration(bulk.baseline(SEQUENTIAL).sample.median)
        for variant, how in ((bulk.subject, "sync"), (bulk.informational(ASYNC), "async")):
            seconds = variant.sample.median
            found.append(
                Target(
                    f"Bulk export of {bulk.items:,} records ({how}) in 1.5 s at most (sequential: {sequential})",
                    duration(seconds),
                    seconds <= BULK_BUDGET,
                )
            )
    for key, goal, counts in (
        ("request", "Per-request overhead within 5 % of raw httpx2 (end to end)", True),
        ("request-page", "Per request, a page of 10 payments, against raw httpx2 (end to end; not a target)", False),
        ("request-cpu", "Per request, the client's own CPU against raw httpx2's (not a target)", False),
        ("request-page-cpu", "Per request, a page of 10 payments, client-side CPU (not a target)", False),
    ):
        requests = _find(measurements, key)
        if requests is not None:
            extra = ratio(requests.subject, requests.baseline(RAW_HTTPX)) - 1
            met = extra <= REQUEST_BUDGET if counts else None
            found.append(Target(goal, f"{extra * 100:+.1f} %", met))
    generation = _find(measurements, "generate")
    if generation is not None:
        seconds = generation.subject.sample.median
        found.append(
            Target(
                f"Regeneration (`{generation.subject.name}`) under 5 s", duration(seconds), seconds < GENERATION_BUDGET
            )
        )
    return found


def _import_targets(imports: Measurement) -> list[Target]:
    """Evaluate the import targets: the import alone, the first call, and the floor its dependencies set."""
    extra = imports.informational(ADDED).sample.median
    found = [Target("Import within 15 ms of `import httpx2`", f"{extra * 1e3:+.1f} ms", extra <= IMPORT_BUDGET)]
    for name, goal, budget in (
        (
            ADDED_CALL,
            "Import, one resource and one request answered within 25 ms of `import httpx2`",
            FIRST_CALL_BUDGET,
        ),
        (
            ADDED_DEPENDENCIES,
            "attrs, msgspec and decimal alone, added to `import httpx2` (the first call's floor; not a target)",
            None,
        ),
    ):
        if any(variant.name == name for variant in imports.extras):
            seconds = imports.informational(name).sample.median
            found.append(Target(goal, f"{seconds * 1e3:+.1f} ms", None if budget is None else seconds <= budget))
    return found


def _verdict(met: bool | None) -> str:  # noqa: FBT001 - a tri-state, not a flag
    """Return the text of the met column."""
    if met is None:
        return "—"
    return "met" if met else "**missed**"


def _rows(measurement: Measurement) -> list[str]:
    """Return the results table's rows of one measurement: the client first, then baselines and extras with ratios."""
    rows = []
    for index, variant in enumerate((measurement.subject, *measurement.baselines, *measurement.extras)):
        title = f"**{measurement.title}**<br>{measurement.unit}" if index == 0 else ""
        name = f"**{variant.name}**" if index == 0 else variant.name
        sample = variant.sample
        spread = f"{duration(sample.low)} to {duration(sample.high)}"
        per_item = duration(sample.median / measurement.items) if measurement.items > 1 else ""
        versus = f"{ratio(measurement.subject, variant):.2f}{TIMES}" if index and variant.compare else ""
        rows.append(
            f"| {title} | {name} | {variant.does} | {duration(sample.median)} | {spread} | {per_item} | {versus} |"
        )
    return rows


def render(measurements: Sequence[Measurement], found: Sequence[Target], context: Context) -> str:
    """Return the whole report as Markdown."""
    lines = [
        "# Benchmarks",
        "",
        "What the client costs against what a user would pick instead, all measured in one run on one machine by",
        f"`{context.command}`. Each time is the median of at least {context.runs} runs (the range is the fastest and",
        "the slowest run); a ratio is the client's median over the other variant's, taken in the same run, so below",
        f"1{TIMES} the client is faster. Regenerate this page with `nox -s bench`; never edit it by hand.",
        "",
        *CLOCKS[context.clock],
        "",
        f"Load average (1, 5, 15 min) before the run: {context.load_before}; after: {context.load_after}.",
        f"The machine has {context.machine.cores} cores: a load above that means other work shared them and the",
        "times are noisier; the ratios, taken run by run in turn, hold up better than the times.",
        "",
        *(
            ["**A smoke run (`--smoke`): one run each, tiny sizes. These numbers mean nothing.**", ""]
            if context.smoke
            else []
        ),
        "## Targets",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        *(f"| {target.goal} | {target.measured} | {_verdict(target.met)} |" for target in found),
        "",
        "## Results",
        "",
        "| measurement | variant | one run | median | range | per item | client \N{DIVISION SIGN} this |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for measurement in measurements:
        lines.extend(_rows(measurement))
    lines += ["", "## Machine", "", *context.machine.lines(), "", "## Method", "", *METHOD]
    lines += [f"- {note}" for measurement in measurements for note in measurement.notes]
    lines.append("")
    return "\n".join(lines)
