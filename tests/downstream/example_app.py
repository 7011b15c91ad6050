"""A downstream module written against the resource client as a user would: every feature, fully typed.

`test_example_app.py` runs mypy --strict over it with no `Any` allowed in any expression, and runs it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal

from iqm_finance_client import APIResponse, AsyncClient, AsyncPage, Client, Download, SyncPage
from iqm_finance_client.errors import FinanceAPIError, UnprocessableEntityError
from iqm_finance_client.models import CustomerPayment, CustomerPaymentCreate


def record_payment(client: Client, amount: Decimal) -> str:
    """Record a payment: body fields as keyword arguments, with this call's own timeout and headers."""
    return client.payments.add_customer_payment(
        ow_id=123654,
        payment_amount=amount,
        payment_date=dt.date(2025, 12, 1),
        payment_mode=1,
        transaction_id="T-1234567",
        payment_type=2,
        timeout=10.0,
        extra_headers={"X-Idempotency-Note": "example"},
    )


def total_paid(client: Client) -> Decimal:
    """Sum every payment across all pages, iterating the first page."""
    page: SyncPage[CustomerPayment] = client.payments.list_customer_payments(limit=50)
    total = Decimal(0)
    for payment in page:
        total += payment.payment_amount
    return total


def second_page_size(client: Client) -> int:
    """Walk pages by hand."""
    page = client.payments.list_customer_payments(limit=1, max_retries=0)
    if page.has_next_page():
        return len(page.get_next_page().data)
    return 0


def status_of_a_refused_payment(client: Client) -> int:
    """A raw response never raises for an error status; `parse()` does."""
    raw: APIResponse[str] = client.payments.with_raw_response.add_customer_payment(
        ow_id=1,
        payment_amount=Decimal(1),
        payment_date=dt.date(2025, 12, 1),
        payment_mode=1,
        transaction_id="T",
        payment_type=2,
    )
    try:
        raw.parse()
    except UnprocessableEntityError as error:
        return error.status_code
    return raw.status_code


def invoice_pdf_size(client: Client) -> int:
    """Stream a download without holding it whole."""
    size = 0
    with client.invoices.with_streaming_response.download_invoice(334, 79) as response:
        for chunk in response.iter_bytes():
            size += len(chunk)
    return size


def invoice_pdf(client: Client) -> Download:
    """A download in memory."""
    return client.with_options(timeout=30.0).invoices.download_invoice(334, 79)


def payment_json() -> str:
    """A request model as the wire JSON."""
    return CustomerPaymentCreate(
        ow_id=1,
        payment_amount=Decimal("5000.10"),
        payment_date=dt.date(2025, 12, 1),
        payment_mode=1,
        transaction_id="T-1",
        payment_type=2,
    ).to_json()


async def async_payment_ids() -> list[int]:
    """The async client: awaited methods, async pages, async iteration."""
    async with AsyncClient() as client:
        page: AsyncPage[CustomerPayment] = await client.payments.list_customer_payments(limit=50)
        balance: Decimal = await client.balance.get_available_balance()
        assert balance >= Decimal(-(10**12))
        return [payment.payment_id async for payment in page]


def main() -> None:
    """Run every function against the server the IQM_* variables name."""
    with Client() as client:
        try:
            print(record_payment(client, Decimal("5000.10")))  # noqa: T201 - an example prints
        except FinanceAPIError as error:
            print(type(error).__name__)  # noqa: T201
        print(total_paid(client), second_page_size(client), status_of_a_refused_payment(client))  # noqa: T201
        print(invoice_pdf_size(client), invoice_pdf(client).filename, payment_json())  # noqa: T201
    print(asyncio.run(async_payment_ids()))  # noqa: T201


if __name__ == "__main__":
    main()
