"""A second pass over every GET, against Prism making up data from the schemas (`prism mock -d --seed N`).

The spec's examples are a handful of hand-picked values; here every field gets whatever the schema allows:
negative ids and amounts, long fractions, timestamps anywhere in their bounds, any enum value, extra
properties the schema does not forbid, nulls where they are allowed. The client must decode all of it into
the types its models declare, for each seed of conftest.DYNAMIC_SEEDS (one Prism server per seed); the
seeds are fixed, so a failure comes back the same way. Since Prism may make up an empty list, a second test
checks that for every list operation at least one seed makes up records, so that records get decoded too.

Every answer of every seed must decode; an UnsuccessfulResponseError fails the test too. The spec's
`Envelope.success` is `const: true`, so Prism makes up `"success": true` only (seeds 1 to 19 and 42 were
checked), and a `false` would mean that the spec or Prism has changed.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from iqm_finance_client._downloads import Download
from iqm_finance_client.api.balance import get_available_balance, get_credit_summary
from iqm_finance_client.api.credit_offers import list_offered_credits
from iqm_finance_client.api.fees import get_customer_pg_fees, get_customer_vld_fees
from iqm_finance_client.api.finance_details import get_basic_financial_details, get_customer_financial_details
from iqm_finance_client.api.invoice_settings import get_invoice_payment_details, get_invoice_settings
from iqm_finance_client.api.invoices import download_invoice, list_invoices
from iqm_finance_client.api.margins import get_customer_margins
from iqm_finance_client.api.payments import download_payment_receipt, list_customer_payments, list_payments
from iqm_finance_client.api.static_lists import (
    list_invoice_payment_modes,
    list_invoice_payment_terms,
    list_invoice_statuses,
    list_payment_statuses,
    list_payment_types,
    list_pg_payment_types,
)
from iqm_finance_client.models import (
    BasicFinancialDetails,
    CreditSummary,
    CustomerPgFees,
    FinancialDetails,
    InvoicePaymentDetails,
    InvoiceSettings,
    VldFees,
)

OW_ID = 202318

# operationId -> (call, how to find its records: the list of a page, or None for a single object)
DYNAMIC_GETS = {
    "getCustomerFinancialDetails": (
        lambda client: get_customer_financial_details.sync(client=client, ow_id=OW_ID, year=2021),
        None,
    ),
    "getBasicFinancialDetails": (lambda client: get_basic_financial_details.sync(client=client), None),
    "listPayments": (lambda client: list_payments.sync(client=client, limit=10), lambda page: page.data),
    "listCustomerPayments": (
        lambda client: list_customer_payments.sync(client=client, ow_id=OW_ID),
        lambda page: page.data,
    ),
    "getInvoiceSettings": (lambda client: get_invoice_settings.sync(client=client), None),
    "getInvoicePaymentDetails": (lambda client: get_invoice_payment_details.sync(client=client, invoice_id=1), None),
    "listInvoices": (lambda client: list_invoices.sync(334, client=client), lambda page: page.data),
    "getCustomerMargins": (
        lambda client: get_customer_margins.sync(client=client, margin_type_ids="1", ow_id=OW_ID),
        lambda page: page.data,
    ),
    "getCustomerPgFees": (lambda client: get_customer_pg_fees.sync(OW_ID, client=client), None),
    "getCustomerVldFees": (lambda client: get_customer_vld_fees.sync(OW_ID, client=client), None),
    "getAvailableBalance": (lambda client: get_available_balance.sync(client=client, ow_id=OW_ID), None),
    "getCreditSummary": (lambda client: get_credit_summary.sync(OW_ID, client=client), None),
    "listOfferedCredits": (lambda client: list_offered_credits.sync(client=client), lambda page: page.data),
    "downloadInvoice": (lambda client: download_invoice.sync(334, 79, client=client), None),
    "downloadPaymentReceipt": (lambda client: download_payment_receipt.sync(886, client=client, ow_id=OW_ID), None),
    "listPaymentTypes": (lambda client: list_payment_types.sync(client=client), lambda items: items),
    "listPaymentStatuses": (lambda client: list_payment_statuses.sync(client=client), lambda items: items),
    "listInvoicePaymentModes": (lambda client: list_invoice_payment_modes.sync(client=client), lambda items: items),
    "listInvoiceStatuses": (lambda client: list_invoice_statuses.sync(client=client), lambda items: items),
    "listInvoicePaymentTerms": (lambda client: list_invoice_payment_terms.sync(client=client), lambda items: items),
    "listPgPaymentTypes": (
        lambda client: list_pg_payment_types.sync(client=client),
        lambda types: types.pg_payment_types,
    ),
}

SINGLE_TYPES = {
    "getCustomerFinancialDetails": FinancialDetails,
    "getBasicFinancialDetails": BasicFinancialDetails,
    "getInvoiceSettings": InvoiceSettings,
    "getInvoicePaymentDetails": InvoicePaymentDetails,
    "getCustomerPgFees": CustomerPgFees,
    "getCustomerVldFees": VldFees,
    "getAvailableBalance": Decimal,
    "getCreditSummary": CreditSummary,
    "downloadInvoice": Download,
    "downloadPaymentReceipt": Download,
}

LISTS = sorted(operation_id for operation_id, (_, records_of) in DYNAMIC_GETS.items() if records_of is not None)


@pytest.mark.parametrize("operation_id", sorted(DYNAMIC_GETS))
def test_the_client_decodes_schema_generated_data(
    operation_id, dynamic_client, transport, check_decoded, spec_operations
) -> None:
    # Runs once per seed (the `prism_dynamic` fixture behind `dynamic_client` is parametrized by seed).
    call, records_of = DYNAMIC_GETS[operation_id]
    result = call(dynamic_client)
    check_decoded(result)
    if records_of is not None:
        assert isinstance(records_of(result), list)  # maybe empty for this seed: see the next test
    else:
        assert isinstance(result, SINGLE_TYPES[operation_id])
    (exchange,) = transport.exchanges
    assert spec_operations[operation_id].matches(exchange.request)
    assert exchange.response.is_success
    assert "sl-violations" not in exchange.response.headers


@pytest.mark.parametrize("operation_id", LISTS)
def test_some_seed_makes_up_records_for_every_list(
    operation_id, prism_dynamic_servers, transport, check_decoded
) -> None:
    call, records_of = DYNAMIC_GETS[operation_id]
    counts: dict[int, int] = {}
    for seed, server in prism_dynamic_servers.items():
        with server.client(transport=transport) as client:
            records = records_of(call(client))
        check_decoded(records)
        counts[seed] = len(records)
    assert len(transport.exchanges) == len(prism_dynamic_servers)
    assert any(counts.values()), (
        f"{operation_id}: no seed made up a record (records per seed: {counts}), so no record of it was decoded; "
        "add a seed to conftest.DYNAMIC_SEEDS"
    )


def test_every_get_of_the_spec_has_a_dynamic_pass(spec_operations) -> None:
    gets = {operation_id for operation_id, route in spec_operations.items() if route.method == "GET"}
    assert sorted(gets - set(DYNAMIC_GETS)) == [], "GET operations without a dynamic-mode test"
    assert sorted(set(DYNAMIC_GETS) - gets) == [], "dynamic-mode tests for operations that are no GET of the spec"
