"""Prism, Stoplight's mock server, serving spec/openapi.yaml on loopback for the contract tests.

The contract tests check the generated client against an implementation of the spec that nobody here wrote:
Prism (`@stoplight/prism-cli`, pinned in package.json and package-lock.json, installed by `npm ci`) run as

    node_modules/.bin/prism mock spec/openapi.yaml --host 127.0.0.1 --port <free port> --errors [-d --seed N]

With `--errors` Prism validates every request against the spec (parameters, body, the two security headers)
and answers 401 or 422 instead of a mock when it does not match. One server answers with the spec's examples;
one more per seed of DYNAMIC_SEEDS makes data up from the schemas. Each is started once per session, all at
the same time, and stopped when the session ends, whether the tests passed or not. What Prism logs goes to a
file per server; the report of a failed test ends with the last lines each server it used logged while the
test ran (not the whole session's log).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs
import httpx2
import pytest
import yaml

from iqm_finance_client import Client
from iqm_finance_client.types import Unset

if TYPE_CHECKING:
    import ssl
    from collections.abc import Callable, Generator, Iterator

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
HOST = "127.0.0.1"
# The seeds of the dynamic pass, one Prism server each, all started in parallel. Every seed's answer to every
# GET must decode, and for every list operation at least one seed must make up records, so that records get
# decoded too (test_dynamic). Which seed gives an empty list changes with any edit of the spec (Prism's data is
# a function of the seed and the schemas), and for a seed the paged lists come out empty together: with this
# spec, 7 of the 20 seeds tried (1-19, 42) give them all an empty `data`. So one seed alone breaks on some spec
# edit sooner or later, while four all empty at once is unlikely (~1.5% per edit at that rate); if it happens,
# the test names the list and says to add a seed.
DYNAMIC_SEEDS = (1, 2, 3, 4)
TOKEN = "tok-contract-5a7e2c91d3"  # noqa: S105 -- a made-up token; Prism only checks that the header is there
OW_ID = 202318
STARTUP_TIMEOUT = 60.0  # seconds; Prism usually answers within 2-4 s
STOP_TIMEOUT = 10.0
LOG_TAIL_LINES = 40


@dataclass
class PrismServer:
    """A running Prism mock server: where it listens, its process, and the file it logs to."""

    name: str
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_size(self) -> int:
        """How many bytes Prism has logged so far: where what it logs next begins."""
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def log_tail(self, lines: int = LOG_TAIL_LINES, *, since: int = 0) -> str:
        """The last lines Prism logged after byte `since` (requests it received, violations it found)."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(since)
                text = log.read().decode("utf-8", errors="replace")
        except OSError as error:
            return f"(cannot read {self.log_path}: {error})"
        logged = text.splitlines()
        if not logged:
            return "(Prism logged nothing)"
        tail = "\n".join(logged[-lines:])
        if len(logged) > lines:
            tail = f"({len(logged) - lines} earlier lines left out; the whole log is {self.log_path})\n{tail}"
        return tail

    def client(
        self,
        *,
        ow_id: int | None = OW_ID,
        transport: httpx2.BaseTransport | None = None,
        async_transport: httpx2.AsyncBaseTransport | None = None,
    ) -> Client:
        """A Client for this server with the contract tests' token and workspace, no retries; close it (`with`)."""
        return Client(
            self.url, token=TOKEN, ow_id=ow_id, max_retries=0, transport=transport, async_transport=async_transport
        )


@dataclass
class Exchange:
    """One request the client sent and the response Prism gave (its body unread when streamed)."""

    request: httpx2.Request
    response: httpx2.Response


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One SSL context for every transport of the session: making one costs ~30 ms, and Prism speaks plain HTTP."""
    return httpx2.create_ssl_context()


class RecordingTransport(httpx2.BaseTransport):
    """Sends over real loopback HTTP and records each exchange; can drop headers first, as a broken client would."""

    def __init__(self, *, drop_headers: tuple[str, ...] = ()) -> None:
        """Record into `.exchanges`; remove the named headers from every request before it is sent."""
        self.exchanges: list[Exchange] = []
        self._drop_headers = drop_headers
        self._inner = httpx2.HTTPTransport(verify=_ssl_context())

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send the request (minus the dropped headers) and record the exchange."""
        for name in self._drop_headers:
            request.headers.pop(name, None)
        response = self._inner.handle_request(request)
        self.exchanges.append(Exchange(request, response))
        return response

    def close(self) -> None:
        """Close the connection pool."""
        self._inner.close()


class AsyncRecordingTransport(httpx2.AsyncBaseTransport):
    """The async twin of `RecordingTransport`; make and close it inside the event loop that uses it."""

    def __init__(self, *, drop_headers: tuple[str, ...] = ()) -> None:
        """Record into `.exchanges`; remove the named headers from every request before it is sent."""
        self.exchanges: list[Exchange] = []
        self._drop_headers = drop_headers
        self._inner = httpx2.AsyncHTTPTransport(verify=_ssl_context())

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        """Send the request (minus the dropped headers) and record the exchange."""
        for name in self._drop_headers:
            request.headers.pop(name, None)
        response = await self._inner.handle_async_request(request)
        self.exchanges.append(Exchange(request, response))
        return response

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._inner.aclose()


@dataclass
class _Launch:
    """A Prism process that has been started but may not answer yet."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    log_file: IO[bytes]


def _missing_tools_message() -> str | None:
    """Say how to install Node.js or the pinned npm packages when they are missing; None when all is there."""
    if shutil.which("node") is None:
        return (
            "The contract tests need Node.js, which is not on PATH: install Node.js 20.19+ with npm, then run "
            f"`npm ci` in {ROOT} to install the pinned Prism (@stoplight/prism-cli, see package.json)."
        )
    if not PRISM.is_file():
        return (
            f"The contract tests need the pinned Prism mock server, but {PRISM.relative_to(ROOT)} is missing: "
            f"run `npm ci` in {ROOT} (nox runs it for you)."
        )
    return None


def _free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _launch(name: str, log_dir: Path, *extra: str) -> _Launch:
    """Start `prism mock` in its own process group, logging to a file; do not wait for it."""
    port = _free_port()
    log_path = log_dir / f"prism-{name}.log"
    log_file = log_path.open("ab")
    command = [str(PRISM), "mock", str(SPEC), "--host", HOST, "--port", str(port), "--errors", *extra]
    log_file.write(("$ " + " ".join(command) + "\n").encode())
    log_file.flush()
    env = {**os.environ, "NO_COLOR": "1", "FORCE_COLOR": "0", "SCARF_ANALYTICS": "false"}
    process = subprocess.Popen(  # our pinned tool, an argument list, no shell
        command,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,  # its own process group, so stopping it stops node and anything it started
    )
    return _Launch(name, port, process, log_path, log_file)


def _stop(launch: _Launch) -> None:
    """Terminate the process group of a launch and wait for it; kill it if it does not stop in time."""
    process = launch.process
    try:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=STOP_TIMEOUT)
    finally:
        launch.log_file.close()


def _wait_until_ready(launch: _Launch) -> PrismServer:
    """Poll a GET until Prism answers (any status will do); fail with its log if it exits or never answers."""
    server = PrismServer(launch.name, f"http://{HOST}:{launch.port}", launch.process, launch.log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    credentials = {"Authentication": f"Bearer {TOKEN}", "X-IAA-OW-ID": str(OW_ID)}  # so the log shows no 401
    with httpx2.Client(base_url=server.url, headers=credentials, timeout=2.0, trust_env=False) as probe:
        while True:
            code = launch.process.poll()
            if code is not None:
                pytest.fail(
                    f"Prism ({launch.name}) exited with status {code} before answering on {server.url}.\n"
                    f"Its log ({launch.log_path}) ends with:\n{server.log_tail()}",
                    pytrace=False,
                )
            try:
                probe.get("/api/v3/fa/static/payment-type")
            except httpx2.TransportError:
                if time.monotonic() > deadline:
                    pytest.fail(
                        f"Prism ({launch.name}) did not answer on {server.url} within {STARTUP_TIMEOUT:.0f} s.\n"
                        f"Its log ({launch.log_path}) ends with:\n{server.log_tail()}",
                        pytrace=False,
                    )
                time.sleep(0.1)
            else:
                return server


def _dynamic_name(seed: int) -> str:
    """The name of the dynamic Prism server of a seed, in launches, log files and report sections."""
    return f"dynamic-seed{seed}"


@pytest.fixture(scope="session")
def _prism_launches(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, _Launch]]:
    """Start all Prism servers at once (static examples; dynamic data, one per seed), and stop them at the end.

    Fails with an install message when Node.js or the npm packages are missing. The processes are stopped in
    `finally`, so a failing test, a failed start or an interrupted session leaves no Prism running.
    """
    message = _missing_tools_message()
    if message is not None:
        pytest.fail(message, pytrace=False)
    log_dir = tmp_path_factory.mktemp("prism")
    launches: dict[str, _Launch] = {}
    try:
        launches["static"] = _launch("static", log_dir)
        for seed in DYNAMIC_SEEDS:
            name = _dynamic_name(seed)
            launches[name] = _launch(name, log_dir, "--dynamic", "--seed", str(seed))
        yield launches
    finally:
        for launch in launches.values():
            _stop(launch)


@pytest.fixture(scope="session")
def prism_static(_prism_launches: dict[str, _Launch]) -> PrismServer:
    """Prism answering with the spec's examples (`prism mock --errors`), ready to take requests."""
    return _wait_until_ready(_prism_launches["static"])


@pytest.fixture(scope="session")
def prism_dynamic_servers(_prism_launches: dict[str, _Launch]) -> dict[int, PrismServer]:
    """Each seed of DYNAMIC_SEEDS mapped to its Prism making data up from the schemas (`-d --seed N`), ready."""
    return {seed: _wait_until_ready(_prism_launches[_dynamic_name(seed)]) for seed in DYNAMIC_SEEDS}


@pytest.fixture(params=DYNAMIC_SEEDS, ids=lambda seed: f"seed{seed}")
def prism_dynamic(request: pytest.FixtureRequest, prism_dynamic_servers: dict[int, PrismServer]) -> PrismServer:
    """The dynamic Prism server of one seed: a test using it runs once per seed of DYNAMIC_SEEDS."""
    server: PrismServer = prism_dynamic_servers[request.param]
    return server


@pytest.fixture(autouse=True)
def _hermetic_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove the IQM_* variables, so that a developer's or CI's environment cannot change what is sent."""
    for name in ("IQM_BASE_URL", "IQM_API_TOKEN", "IQM_OW_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def transport() -> Iterator[RecordingTransport]:
    """The recording transport of `client`: every exchange of the test with Prism, in order."""
    recording = RecordingTransport()
    try:
        yield recording
    finally:
        recording.close()


@pytest.fixture
def make_transport() -> Iterator[Callable[..., RecordingTransport]]:
    """Make more recording transports, e.g. `make_transport(drop_headers=("X-IAA-OW-ID",))`; closed after the test."""
    made: list[RecordingTransport] = []

    def make(*, drop_headers: tuple[str, ...] = ()) -> RecordingTransport:
        made.append(RecordingTransport(drop_headers=drop_headers))
        return made[-1]

    try:
        yield make
    finally:
        for transport in made:
            transport.close()


@pytest.fixture
def make_async_transport() -> type[AsyncRecordingTransport]:
    """The async recording transport class: make one inside the event loop that uses it, and `aclose()` it there."""
    return AsyncRecordingTransport


@pytest.fixture
def client(prism_static: PrismServer, transport: RecordingTransport) -> Iterator[Client]:
    """A Client for the static Prism server (token, workspace, no retries) that records through `transport`."""
    with prism_static.client(transport=transport) as configured:
        yield configured


@dataclass(frozen=True)
class Route:
    """The HTTP method and path template of one operation of the spec."""

    method: str
    path: str

    def matches(self, request: httpx2.Request) -> bool:
        """Whether a request is a call of this operation: same method, and its path fills in the template."""
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(self.path))
        return request.method == self.method and re.fullmatch(pattern, request.url.path) is not None


@pytest.fixture(scope="session")
def spec_document() -> dict[str, Any]:
    """spec/openapi.yaml, as loaded from YAML (read-only: the fixture is shared by the whole session)."""
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return spec


@pytest.fixture(scope="session")
def spec_operations(spec_document: dict[str, Any]) -> dict[str, Route]:
    """Every operationId of spec/openapi.yaml, mapped to its method (upper case) and path template."""
    spec = spec_document
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {
        operation["operationId"]: Route(method.upper(), path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in methods
    }


@pytest.fixture(scope="session")
def check_decoded() -> Callable[[object], None]:
    """Check that a decoded result has, everywhere, the Python type its model declares.

    Money is `Decimal` (never a float, anywhere), times are timezone-aware `datetime`s, ints are not bools,
    enums are their enum class, nested models and lists are checked item by item.
    """
    return _check_decoded


def _check_decoded(value: object, path: str = "result") -> None:
    """Walk a decoded value and fail at the first place whose type is not what its model declares."""
    assert not isinstance(value, float), f"{path} is a float ({value!r}): money and numbers must be exact"
    if isinstance(value, dt.datetime):
        assert value.utcoffset() is not None, f"{path} is a naive datetime ({value!r})"
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_decoded(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_decoded(item, f"{path}[{key!r}]")
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            declared = str(field.type)
            assert _has_declared_type(item, declared), (
                f"{path}.{field.name} is {type(item).__name__} {item!r}, but the model declares {declared}"
            )
            _check_decoded(item, f"{path}.{field.name}")


def _has_declared_type(value: object, declared: str) -> bool:
    """Whether a value is one of the alternatives of a declared type such as `Decimal | Unset` or `list[Credit]`."""
    return any(_is_instance(value, alternative.strip()) for alternative in declared.split("|"))


def _is_instance(value: object, name: str) -> bool:
    """Whether a value is of the one type a model's annotation names."""
    simple: dict[str, type | tuple[type, ...]] = {
        "str": str,
        "bool": bool,
        "Decimal": Decimal,
        "datetime.datetime": dt.datetime,
        "datetime.date": dt.date,
        "None": type(None),
        "Unset": Unset,
        "Any": object,
    }
    if name == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if name in simple:
        return isinstance(value, simple[name])
    if name.startswith("list["):
        return isinstance(value, list)
    if name.startswith("dict["):
        return isinstance(value, dict)
    return any(cls.__name__ == name for cls in type(value).__mro__)


@pytest.fixture
def dynamic_client(prism_dynamic: PrismServer, transport: RecordingTransport) -> Iterator[Client]:
    """A Client for one seed's dynamic Prism server (token, workspace, no retries), recording through `transport`."""
    with prism_dynamic.client(transport=transport) as configured:
        yield configured


# Where each Prism log a test uses ended when the test's call began: its report shows only what came after.
_LOG_STARTS = pytest.StashKey[dict[str, tuple[PrismServer, int]]]()


def _servers_of(item: pytest.Item) -> list[PrismServer]:
    """The Prism servers a test uses: those among its fixtures' values, and in a mapping of seeds to servers."""
    servers: dict[str, PrismServer] = {}
    for value in getattr(item, "funcargs", {}).values():
        candidates = value.values() if isinstance(value, dict) else (value,)
        for candidate in candidates:
            if isinstance(candidate, PrismServer):
                servers.setdefault(candidate.name, candidate)
    return list(servers.values())


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """Note where the log of each Prism server the test uses ends, before the test sends anything."""
    item.stash[_LOG_STARTS] = {server.name: (server, server.log_size()) for server in _servers_of(item)}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Add to a failed test's report the last lines each Prism it used logged during it: what it got and refused."""
    report: pytest.TestReport = yield
    starts = item.stash.get(_LOG_STARTS, {})
    if report.failed and call.when == "call" and starts:
        # Only the servers that logged something during the test: a test of one seed is given every seed's server.
        logged = [(name, server, start) for name, (server, start) in starts.items() if server.log_size() > start]
        for name, server, start in logged:
            title = f"Prism {name} log during the test (last {LOG_TAIL_LINES} lines at most)"
            report.sections.append((title, server.log_tail(since=start)))
        if not logged:
            report.sections.append(("Prism logs during the test", f"(none of {', '.join(starts)} logged anything)"))
    return report


@pytest.fixture(scope="session")
def wheel_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The interpreter of a fresh virtualenv holding only the wheel built from generated/ (and its dependencies).

    What a downstream user installs: the README's examples run there, with nothing of this checkout importable.
    """
    import sys  # noqa: PLC0415 - only this fixture starts another interpreter
    import venv  # noqa: PLC0415

    from generator import ROOT as REPOSITORY  # noqa: PLC0415 - the toolkit is on the path in the test session
    from generator import build  # noqa: PLC0415
    from generator.layout import Layout  # noqa: PLC0415

    place = tmp_path_factory.mktemp("wheel")
    built = build.build(Layout.at(REPOSITORY), place / "dist")
    wheel = next(path for path, _ in built.artifacts if path.suffix == ".whl")
    environment = place / "venv"
    venv.create(environment, with_pip=False)  # this interpreter's pip installs into it, faster than ensurepip
    python = environment / "bin" / "python"
    install = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", str(wheel)]
    installed = subprocess.run(install, capture_output=True, text=True, check=False)
    if installed.returncode != 0:
        pytest.fail(f"installing {wheel.name} into a fresh venv failed:\n{installed.stderr}")
    return python
