"""`FakeFinanceAPI`: the state, the request pipeline (route, faults, auth, validation, rules) and its clients."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import decimal
import re
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, cast

from .._json import dumps
from .._registry import clients
from ._call import APIError, Call, Download
from ._clock import DEFAULT_START, Clock
from ._handlers import handlers_for
from ._lifecycle import INVOICE_STATUSES, OVERDUE
from ._messages import FakeRequest, FakeResponse, error_response
from ._server import (
    DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    FakeServer,
)
from ._spec import ValidationFailedError, load_spec
from ._state import (
    SNAPSHOT_FORMAT,
    ZERO,
    Invoice,
    InvoiceSettings,
    Options,
    State,
    Workspace,
    from_data,
    to_data,
)
from ._transport import AsyncFakeTransport, FakeTransport

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from typing import Self

    from ..client import AsyncClient, Client  # the generated clients, named in annotations only
    from ._spec import Operation, Spec

__all__ = ["FAULTS", "FakeFinanceAPI", "FakeRequest", "FakeResponse", "error_response"]

FAULTS: Final = frozenset({"reset", "timeout", "malformed"})
BASE_URL: Final = "http://fake-finance.iqm.test"
DEFAULT_TOKEN: Final = "fake-token"  # noqa: S105 -- what the fake's own clients send; any token is accepted
DEFAULT_ORGANIZATION_ID: Final = 1000
_BEARER: Final = re.compile(r"Bearer[ \t]+(?P<token>\S(?:.*\S)?)", re.IGNORECASE)
_WORKSPACE_ID: Final = re.compile(r"[0-9]+")
_INT64_MAX: Final = 2**63 - 1
_WORKSPACE_HEADER: Final = "x-iaa-ow-id"
_TOKEN_HEADER: Final = "authentication"  # noqa: S105 -- a header name
_MALFORMED: Final = b'{"success": true, "data": {"totalRecords": 1, "data": [{"paymentId": 1,'


@dataclass
class _Fault:
    """One injected failure of `fail_next`."""

    status: int | None
    fault: str | None
    retry_after: str | None


class FakeFinanceAPI:
    """A stateful fake of the IQM Finance API: every operation of the spec, the document's rules, one lock.

    `FakeFinanceAPI()` holds one organization (`organization_id`) and nothing else; add customers with
    `add_customer` and invoices with `add_invoice`, then call it with `client()`, `async_client()` or over HTTP
    with `serve()`. The keyword options say what the fake does where the document is silent; see the table in
    the `iqm_finance_client.testing` docstring.
    """

    def __init__(  # noqa: PLR0913 -- one keyword per documented option
        self,
        *,
        token: str | None = None,
        organization_id: int = DEFAULT_ORGANIZATION_ID,
        organization_name: str = "Fake Organization",
        clock: Clock | dt.datetime | None = None,
        total_records_quirk: bool = False,
        overdue_includes_partially_paid: bool = True,
        allow_overpayment: bool = False,
        refund_above_balance: bool = False,
        require_action_note: bool = False,
        paypal_fees_percentage: decimal.Decimal | int | str = decimal.Decimal("3.5"),
        claimed_credit_status: str = "Claimed",
    ) -> None:
        """Start with one organization workspace, an empty book and a clock at 2026-01-01T00:00:00Z."""
        self._spec: Spec = load_spec()
        self._handlers = handlers_for(self._spec.operations)
        self._lock = threading.RLock()
        self._faults: dict[str, deque[_Fault]] = {}
        self._clock = clock if isinstance(clock, Clock) else Clock(clock or DEFAULT_START)
        self._options = Options(
            token=token,
            total_records_quirk=total_records_quirk,
            overdue_includes_partially_paid=overdue_includes_partially_paid,
            allow_overpayment=allow_overpayment,
            refund_above_balance=refund_above_balance,
            require_action_note=require_action_note,
            paypal_fees_percentage=decimal.Decimal(str(paypal_fees_percentage)),
            claimed_credit_status=claimed_credit_status,
        )
        organization = Workspace(
            ow_id=organization_id,
            name=organization_name,
            email=f"finance@org{organization_id}.fake.iqm.test",
            is_organization=True,
        )
        settings = InvoiceSettings(
            invoice_id=1,
            fields={
                "invoiceTitle": organization_name,
                "invoiceCompanyName": organization_name,
                "invoiceCompanyAddress": "1 Fake Street, New York, NY",
                "email": organization.email,
                "website": "www.fake.iqm.test",
                "invoiceDescription": f"Dear Customer, greetings from {organization_name}.",
                "termsAndConditions": "Please make the payment in 30 days",
                "invoiceFooter": f"{organization_name} | USA",
            },
            payment_term_days=30,
            created_at=self._clock.iso(),
            paypal={"paypalAccountId": f"finance@org{organization_id}.paypal"},
            cheque={"chequeCompanyName": organization_name, "chequeCompanyAddress": "1 Fake Street, New York, NY"},
            wire={
                "wireTransferCompanyName": organization_name,
                "bankName": "Fake Bank",
                "accountNumber": "000123456789",
                "bankAddress": "2 Fake Avenue, New York, NY",
                "swiftCode": "FAKEUS33",
                "routing": "000000001",
            },
        )
        self._state = State(
            organization_id=organization_id, workspaces={organization_id: organization}, settings=settings
        )

    # Set-up

    @property
    def organization_id(self) -> int:
        """The organization's workspace ID: what the fake's clients send as `X-IAA-OW-ID` by default."""
        return self._state.organization_id

    @property
    def clock(self) -> Clock:
        """The fake's clock: `fake.clock.advance(days=31)`."""
        return self._clock

    @property
    def options(self) -> Options:
        """The options the fake was made with (a copy)."""
        return copy.copy(self._options)

    @property
    def outbox(self) -> list[dict[str, str]]:
        """The emails the fake has "sent" (invoices and receipts): kind, id and address of each."""
        with self._lock:
            return [dict(item) for item in self._state.outbox]

    def add_customer(self, name: str, *, ow_id: int | None = None, **fields: Any) -> int:  # noqa: ANN401
        """Add a customer workspace of the organization and return its `owId`.

        `fields` are any of: email, balance, used_credit, pending_campaigns, running_campaigns, total_campaigns,
        data_cost, actual_spent, spent, earning, bid_shading, pg_campaign_fees, pg_workspace_share, vld_rate.
        """
        known = {item.name for item in dataclasses.fields(Workspace)} - {"ow_id", "name", "is_organization"}
        unknown = sorted(set(fields) - known)
        if unknown:
            message = f"add_customer() got unknown fields: {', '.join(unknown)}"
            raise TypeError(message)
        with self._lock:
            number = ow_id if ow_id is not None else self._state.new_id("workspace", self.organization_id + 1)
            if number in self._state.workspaces:
                message = f"workspace {number} exists already"
                raise ValueError(message)
            values: dict[str, Any] = {key: _money(value) if _is_money(key) else value for key, value in fields.items()}
            values.setdefault("email", f"finance@ow{number}.fake.iqm.test")
            self._state.workspaces[number] = Workspace(ow_id=number, name=name, **values)
            return number

    def add_invoice(  # noqa: PLR0913 -- the invoice's fields
        self,
        ow_id: int,
        *,
        invoice_amount: decimal.Decimal | int | str,
        payment_term_days: int = 30,
        name: str | None = None,
        status: int | str = "Pending",
        paid_amount: decimal.Decimal | int | str = 0,
        issued_on: dt.datetime | None = None,
        period: tuple[dt.datetime, dt.datetime] | None = None,
        payment_modes: Sequence[int] = (1, 2, 3),
        invoice_id: int | None = None,
    ) -> int:
        """Issue an invoice (Pending unless told otherwise) to a customer and return its `invoiceId`.

        No operation of the API creates invoices, so tests make them here. `issued_on` defaults to the clock's
        now; `period` (from, to) to the 30 days before it.
        """
        statuses = {label.casefold(): number for number, label in INVOICE_STATUSES.items()}
        status_id = status if isinstance(status, int) else statuses.get(status.casefold())
        if status_id not in INVOICE_STATUSES or status_id == OVERDUE:  # Overdue comes from the clock
            message = f"status {status!r} is not an invoice status a new invoice can have"
            raise ValueError(message)
        with self._lock:
            workspace = self._state.workspaces.get(ow_id)
            if workspace is None or workspace.is_organization:
                message = f"{ow_id} is not a customer of the fake (add it with add_customer)"
                raise ValueError(message)
            issued = issued_on or self._clock.now()
            start, end = period or (issued - dt.timedelta(days=30), issued)
            number = invoice_id if invoice_id is not None else self._state.new_id("invoice")
            if number in self._state.invoices:
                message = f"invoice {number} exists already"
                raise ValueError(message)
            self._state.invoices[number] = Invoice(
                invoice_id=number,
                ow_id=ow_id,
                name=name or f"{workspace.name} - {issued:%b%Y}",
                amount=_money(invoice_amount),
                paid=_money(paid_amount),
                status=int(status_id),
                payment_term_days=payment_term_days,
                issued_on=int(issued.timestamp()),
                from_date=int(start.timestamp()),
                to_date=int(end.timestamp()),
                payment_modes=list(payment_modes),
                action_note=None,
                updated_by=self._state.workspaces[self.organization_id].name,
                modified_at=self._clock.epoch_milliseconds(),
            )
            return number

    def fail_next(
        self,
        operation_id: str,
        *,
        status: int | None = None,
        times: int = 1,
        retry_after: float | str | None = None,
        fault: str | None = None,
    ) -> None:
        """Make the next `times` calls of an operation fail, then behave again.

        With `status` (400 to 599) they answer it with the documented error body (and `Retry-After` when
        given); with `fault` they fail at the transport: `"reset"` (httpx2.ReadError in process, a dropped
        connection over HTTP), `"timeout"` (httpx2.ReadTimeout; over HTTP no answer until the client gives up)
        or `"malformed"` (a 200 whose JSON is cut short). A failed call changes no state.
        """
        if operation_id not in self._spec.operations:
            message = f"{operation_id!r} is not an operation of the spec"
            raise ValueError(message)
        if (status is None) == (fault is None):
            message = "give exactly one of status= and fault="
            raise ValueError(message)
        if status is not None and not 400 <= status <= 599:  # noqa: PLR2004 -- the error statuses
            message = f"status must be an error status (400 to 599), got {status}"
            raise ValueError(message)
        if fault is not None and fault not in FAULTS:
            message = f"fault must be one of {sorted(FAULTS)}, got {fault!r}"
            raise ValueError(message)
        if times < 1:
            message = f"times must be 1 or more, got {times}"
            raise ValueError(message)
        after = None if retry_after is None else str(retry_after)
        with self._lock:
            queue = self._faults.setdefault(operation_id, deque())
            queue.extend(_Fault(status, fault, after) for _ in range(times))

    # Clients and server

    def client(self, **options: Any) -> Client:  # noqa: ANN401 -- any option of Client
        """Return a `Client` wired to this fake in process (no socket), acting as the organization unless `ow_id=`."""
        client, _ = clients()  # registered by the generated package: the runtime imports none of its modules
        return cast("Client", client(**self._client_options(options)))

    def async_client(self, **options: Any) -> AsyncClient:  # noqa: ANN401 -- any option of AsyncClient
        """Return an `AsyncClient` wired to this fake in process, acting as the organization unless `ow_id=`."""
        _, async_client = clients()
        return cast("AsyncClient", async_client(**self._client_options(options)))

    def _client_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """Put the caller's options over the defaults of the fake's clients."""
        defaults: dict[str, Any] = {
            "base_url": BASE_URL,
            "token": self._options.token or DEFAULT_TOKEN,
            "ow_id": self.organization_id,
            "transport": FakeTransport(self),
            "async_transport": AsyncFakeTransport(self),
        }
        return defaults | options

    @contextlib.contextmanager
    def serve(  # noqa: PLR0913 -- one keyword per documented limit
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        workers: int = DEFAULT_WORKERS,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
    ) -> Iterator[str]:
        """Serve this fake over HTTP/1.1 on `host` (a free port unless given) while the block runs; yield its URL.

        The server's limits: a connection idle for `timeout` seconds is closed, and a request (head and body)
        must arrive within `timeout` of its first byte (else 408); a body over `max_body_bytes` is a 413;
        `workers` threads run the fake, however many connections are open (one event loop thread reads them
        all); a connection past `max_connections` is answered 503. A `Content-Length` that is not one decimal
        number is a 400, a chunked body a 411 (send a `Content-Length`), and every refused request closes its
        connection, so none of its bytes is read as another request.
        """
        server = FakeServer(
            self,
            host,
            port,
            timeout=timeout,
            max_body_bytes=max_body_bytes,
            workers=workers,
            max_connections=max_connections,
        )
        with server:
            yield server.base_url

    # State

    def snapshot(self) -> dict[str, Any]:
        """Return the whole state, clock and options included, as JSON-able data (money as strings)."""
        with self._lock:
            return {
                "format": SNAPSHOT_FORMAT,
                "spec_version": self._spec.version,
                "clock": self._clock.now().isoformat(),
                "options": to_data(self._options),
                "state": to_data(self._state),
            }

    @classmethod
    def from_snapshot(cls, data: Mapping[str, Any]) -> Self:
        """Make a fake holding the state of a `snapshot()` (as parsed from its JSON)."""
        if data.get("format") != SNAPSHOT_FORMAT:
            message = f"not a snapshot of format {SNAPSHOT_FORMAT}: format {data.get('format')!r}"
            raise ValueError(message)
        options = from_data(Options, data.get("options", {}))
        fake = cls(clock=dt.datetime.fromisoformat(str(data["clock"])))
        fake._options = options
        fake._state = from_data(State, data["state"])
        return fake

    # The request pipeline

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one request: route, injected faults, authentication, validation, then the operation's rules.

        It never raises: a request the spec refuses is a 4xx with the documented error body, and a failure of
        the fake itself (a bug) a 500 naming the exception's type, with the state as it was before the call.
        """
        try:
            return self._handle(request)
        except Exception as error:  # noqa: BLE001 -- the last resort, so a client only ever sees an HTTP answer
            return error_response(500, f"the fake failed on this request: {type(error).__name__}")

    def _handle(self, request: FakeRequest) -> FakeResponse:
        """`handle`, raising what it did not foresee."""
        matched = self._spec.match(request.method, request.path)
        if matched is None:
            allowed = self._spec.path_allows(request.path)
            if allowed:
                return error_response(
                    405, f"{request.method} is not allowed here", headers=[("Allow", ", ".join(allowed))]
                )
            return error_response(404, f"no operation at {request.method} {request.path}")
        operation, path_values = matched
        with self._lock:
            queue = self._faults.get(operation.operation_id)
            injected = queue.popleft() if queue else None
        if injected is not None:
            return _injected(injected)
        try:
            caller = self._authenticate(request)
            params = self._spec.read_parameters(operation, path_values, request.query)
            body = self._spec.read_body(operation, request.body)
        except ValidationFailedError as error:
            return error_response(422, *error.errors)
        except APIError as error:
            return error_response(error.status, error.message)
        return self._run(operation, caller, params, body or {})

    def _authenticate(self, request: FakeRequest) -> Workspace:
        """Find the workspace a request acts as: 401 without a (valid) bearer token, 403 for an unknown one."""
        found = _BEARER.fullmatch(request.headers.get(_TOKEN_HEADER, "").strip())
        if found is None or (self._options.token is not None and found["token"] != self._options.token):
            raise APIError(401, "The Authentication header must be `Bearer <token>` with a valid token")
        raw = request.headers.get(_WORKSPACE_HEADER)
        if raw is None:
            number = self.organization_id
        elif _WORKSPACE_ID.fullmatch(raw.strip()):
            digits = raw.strip().lstrip("0") or "0"
            if len(digits) > len(str(_INT64_MAX)) or int(digits) > _INT64_MAX:
                raise APIError(422, f"The X-IAA-OW-ID header ({len(digits)} digits) is outside the int64 range")
            number = int(digits)
        else:
            raise APIError(401, "The X-IAA-OW-ID header must be an organization workspace ID (an integer)")
        with self._lock:
            workspace = self._state.workspaces.get(number)
        if workspace is None:
            raise APIError(403, f"The token may not act on organization workspace {number}")
        return workspace

    def _run(
        self, operation: Operation, caller: Workspace, params: dict[str, Any], body: dict[str, Any]
    ) -> FakeResponse:
        """Apply the operation to the state under the lock; a refusal leaves the state as it was."""
        with self._lock:
            saved = copy.deepcopy(self._state) if operation.method != "GET" else None
            call = Call(operation, caller, params, body, self._state, self._clock, self._options)
            try:
                data = self._handlers[operation.operation_id](call)
            except APIError as error:
                if saved is not None:
                    self._state = saved
                return error_response(error.status, error.message)
            except Exception:
                if saved is not None:
                    self._state = saved  # a failure of the fake changes nothing either
                raise
        if isinstance(data, Download):
            headers = [
                ("Content-Type", data.content_type),
                ("Content-Disposition", f'attachment; filename="{data.filename}"'),
            ]
            return FakeResponse(200, headers, data.content)
        return FakeResponse(200, [("Content-Type", "application/json")], dumps({"success": True, "data": data}))

    def __repr__(self) -> str:
        """`FakeFinanceAPI(organization_id=1000, customers=2, clock=...)`."""
        with self._lock:
            customers = len(self._state.workspaces) - 1
        return f"FakeFinanceAPI(organization_id={self.organization_id}, customers={customers}, clock={self._clock!r})"


def _injected(fault: _Fault) -> FakeResponse:
    """Answer one injected failure."""
    if fault.status is not None:
        headers = [("Retry-After", fault.retry_after)] if fault.retry_after is not None else []
        return error_response(fault.status, f"fault injected by fail_next: {fault.status}", headers=headers)
    if fault.fault == "malformed":
        return FakeResponse(200, [("Content-Type", "application/json")], _MALFORMED)
    return FakeResponse(0, [], b"", fault=fault.fault)


_MONEY_FIELDS: Final = frozenset(
    item.name for item in dataclasses.fields(Workspace) if item.type in {"decimal.Decimal", decimal.Decimal}
)


def _is_money(name: str) -> bool:
    """Whether a workspace field is an amount."""
    return name in _MONEY_FIELDS


def _money(value: object) -> decimal.Decimal:
    """Read an amount given to a set-up method: Decimal, int or str (never float)."""
    if isinstance(value, float):
        message = f"amounts are Decimal, int or str, never float: got {value!r}"
        raise TypeError(message)
    amount = decimal.Decimal(str(value))
    if not amount.is_finite() or amount < ZERO:
        message = f"an amount must be a finite number of 0 or more, got {value!r}"
        raise ValueError(message)
    return amount
