"""Import: `import iqm_finance_client` in fresh interpreters, against `import httpx2` alone.

Each run is a new process that times its import statement only (not the interpreter's start). The packages are
copied to a temporary directory and byte-compiled first, as an installed wheel is, so no run pays for compiling,
and the optional packages that only a developer's environment has are kept out (see `_PROBE`).
"""

from __future__ import annotations

import compileall
import functools
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Final

from generator.bench.baselines import STOCK_PACKAGE
from generator.bench.results import CLIENT, Measurement, Variant
from generator.bench.timing import CPU, Clock, Sample, interleave
from generator.layout import PACKAGE

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from pathlib import Path

HTTPX: Final = "import httpx2"
ADDED: Final = "added to import httpx2"
ADDED_CALL: Final = "import, resource and first call, added to import httpx2"
ADDED_DEPENDENCIES: Final = "attrs, msgspec and decimal, added to import httpx2"
# httpx2 imports its optional command line (rich, click, pygments) when they are installed, as they are here for
# openapi-python-client; a user's environment with the wheel's dependencies alone has none. Blocked for every
# variant alike, so the numbers are those of `pip install iqm-finance-client`.
_PROBE: Final = (
    "import sys, time\n"
    "sys.modules.update(dict.fromkeys(('click', 'rich', 'pygments')))\n"
    "for statement in sys.argv[1:]:\n"
    "    start = {clock}()\n"
    "    exec(statement)\n"
    "    print({clock}() - start)\n"
)
CLIENT_STATEMENT: Final = f"import {PACKAGE}"
# What the first call imports that is not the client's: the floor under its target.
DEPENDENCIES_STATEMENT: Final = "import attrs, msgspec, decimal"
# What a first call costs: the import, a client, one resource and one request answered (in process, no socket).
FIRST_CALL_STATEMENT: Final = (
    f"import {PACKAGE}\n"
    f"client = {PACKAGE}.Client('https://finance.example.test', token='t', ow_id=1, transport=httpx2.MockTransport("
    "lambda request: httpx2.Response(200, json={'success': True, 'data': 5855904.72})))\n"
    "client.balance.get_available_balance()\n"
)
# Informational variants, each in fresh interpreters of its own.
STATEMENTS: Final = {
    "import httpx2, msgspec": "import httpx2, msgspec",
    "client + one endpoint": f"import {PACKAGE}.api.payments.list_customer_payments",
    "stock client + one endpoint": f"import {STOCK_PACKAGE}.api.payments.list_customer_payments",
}


def prepare(work: Path, client_dir: Path, stock_dir: Path) -> Path:
    """Copy both packages into `work` and byte-compile them; return the directory to put on PYTHONPATH."""
    target = work / "site"
    for source, name in ((client_dir / PACKAGE, PACKAGE), (stock_dir / STOCK_PACKAGE, STOCK_PACKAGE)):
        shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    if not compileall.compile_dir(target, quiet=1):
        message = f"cannot byte-compile the packages in {target}"
        raise RuntimeError(message)
    return target


def import_seconds(site: Path, statements: Sequence[str], clock: Clock = CPU) -> list[float]:
    """Run `statements` in turn in a fresh interpreter with `site` on its path; return the seconds each took."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["PYTHONPATH"] = str(site)
    probe = _PROBE.format(clock=clock.probe)
    result = subprocess.run(
        [sys.executable, "-c", probe, *statements], cwd=site, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        message = f"`{'; '.join(statements)}` failed in a fresh interpreter: {result.stderr.strip()}"
        raise RuntimeError(message)
    return [float(line) for line in result.stdout.split()]


def measure(runs: int, site: Path, clock: Clock = CPU, *, warm_up: bool = True) -> Measurement:
    """Time the imports in `runs` fresh interpreters per variant.

    The client's row and its baseline come from the same interpreters: each times `import httpx2`, then
    `import iqm_finance_client` (which imports httpx2 first, so the two add up to the client's import alone).
    Their difference, what the client adds, is thus measured run by run, free of the spread between processes.
    """
    httpx_parts: list[float] = []
    added_parts: list[float] = []
    call_parts: list[float] = []
    dependency_parts: list[float] = []

    def paired() -> float:
        httpx_seconds, added = import_seconds(site, ("import httpx2", CLIENT_STATEMENT), clock)
        httpx_parts.append(httpx_seconds)
        added_parts.append(added)
        return httpx_seconds + added

    def first_call() -> float:
        httpx_seconds, added = import_seconds(site, ("import httpx2", FIRST_CALL_STATEMENT), clock)
        call_parts.append(added)
        return httpx_seconds + added

    def dependencies() -> float:
        httpx_seconds, added = import_seconds(site, ("import httpx2", DEPENDENCIES_STATEMENT), clock)
        dependency_parts.append(added)
        return httpx_seconds + added

    variants: dict[str, Callable[[], float]] = {
        CLIENT: paired,
        ADDED_CALL: first_call,
        ADDED_DEPENDENCIES: dependencies,
    }
    for name, statement in STATEMENTS.items():
        variants[name] = functools.partial(_single, site, statement, clock)
    samples = interleave(variants, runs, warm_up=warm_up)
    return Measurement(
        key="import",
        title="Import",
        unit="import statements in a fresh interpreter, byte-compiled",
        items=1,
        subject=Variant(CLIENT, f"`{CLIENT_STATEMENT}` (after `import httpx2`, in one interpreter)", samples[CLIENT]),
        baselines=(
            Variant(
                HTTPX, "`import httpx2`, the first statement of those interpreters", Sample(tuple(httpx_parts[-runs:]))
            ),
        ),
        extras=(
            Variant(
                ADDED,
                f"what `{CLIENT_STATEMENT}` took after `import httpx2`",
                Sample(tuple(added_parts[-runs:])),
                compare=False,
            ),
            Variant(
                ADDED_CALL,
                "`import iqm_finance_client`, a `Client`, `client.balance.get_available_balance()` answered in process,"
                " after `import httpx2`, in one interpreter",
                Sample(tuple(call_parts[-runs:])),
                compare=False,
            ),
            Variant(
                ADDED_DEPENDENCIES,
                f"`{DEPENDENCIES_STATEMENT}` after `import httpx2`, in one interpreter: what the first call imports"
                " that is not the client's own",
                Sample(tuple(dependency_parts[-runs:])),
                compare=False,
            ),
            *(
                Variant(name, f"`{statement}`, interpreters of its own", samples[name])
                for name, statement in STATEMENTS.items()
            ),
        ),
    )


def _single(site: Path, statement: str, clock: Clock) -> float:
    """Time one import statement in a fresh interpreter."""
    return import_seconds(site, (statement,), clock)[0]
