"""A stateful fake of the IQM Finance API, for testing code that uses this client (`iqm-finance-client[testing]`).

```
from iqm_finance_client.testing import FakeFinanceAPI

fake = FakeFinanceAPI()                         # one organization: fake.organization_id
customer = fake.add_customer(name="Acme")       # -> owId
invoice = fake.add_invoice(customer, invoice_amount=1000)  # -> invoiceId, Pending
with fake.client() as client:                   # a real Client, wired in process (no socket)
    client.invoices.approve_invoice(invoice)
fake.fail_next("listPayments", status=503)      # the next call answers 503
fake.clock.advance(days=31)                     # the fake's own time
with fake.serve() as base_url: ...              # the same fake over HTTP on 127.0.0.1
```

Every operation of the spec answers from one state, in the documented wire shapes (quirks included), after
checking the request against the spec shipped in this package (`openapi.json`, made from `spec/openapi.yaml`):
no `Authentication: Bearer <token>` is a 401; a missing, unknown or wrongly typed parameter or body field is a
422 with the documented `{"success": false, "errorObjects": [{"error": ...}]}` body. The fake is safe under
threads and tasks: one lock serializes every call, so of two approvals of one payment one gets 422.

## Who may do what

`X-IAA-OW-ID` names the workspace a call acts as (the fake's clients send `fake.organization_id` unless given
`ow_id=`; without the header, the organization). The organization may act on every customer's records; a
customer (`fake.client(ow_id=customer)`) only on its own: another workspace's record is a 403 (the spec's
`Forbidden`: "The token may not act on this organization workspace"). Operations of the organization app
(approve, reject, refunds, invoices, credits offered, margins, fees, invoice settings) are a 403 for a customer.
An ID that names no record is a 404 where the operation documents 404, else a 422; an unknown workspace in an
`owId` is a 404 where documented, else a 403.

## Lifecycle rules

| rule | source in the document |
| --- | --- |
| A payment is added Processing (`Add Payment for Customer`, `Add Payment from Organization App`, `Payment with PayPal`, `Initiate Refund`) | Static Details Lists, Payment Status: "1 Processing: Payment in process" |
| Processing → Paid by approval; → Rejected by rejection; → Cancelled by cancellation; any other transition is a 422 | Payment Status: "2 Paid", "3 Rejected", "4 Cancelled"; `Approve Payment`, `Reject Payment`, `Cancel Payment` |
| An approved As Fund payment adds its amount to the workspace's available balance and financial-details `balance` | Payment Types: "1 As Fund: Payment added into organization balance" |
| A payment Against Invoice needs an `invoiceId` (and only it has one); its invoice is Processing until the payment is approved (paid amount grows), rejected or cancelled (released) | Add Payment for Customer: "Invoice ID (provide only if paymentType is Against Invoice)"; Payment Types: "2 Against Invoice: Payment used to pay invoice"; Invoice Status "7 Processing: Invoice payment processing" |
| A refund is initiated Processing, approved with `Approve Refund` (Paid), and its amount leaves the available balance | Payment Types: "3 Refund: Payment reversed from platform, deducted from organization's balance"; `Initiate Refund`, `Approve Refund` |
| An invoice starts Pending; `Approve Invoice` makes it Unpaid, from Pending only | Invoice Status: "1 Pending", "3 Unpaid"; `Approve Invoice` ("Update Invoice Status") |
| `Cancel Invoice` makes it Cancelled with the body's `actionNote` as its `actionNote` | `Cancel Invoice` (the sample `{"actionNote": "cancelling invoice"}`); Invoice Status "8 Cancelled" |
| `Mark Invoice as Paid` adds `paymentAmount` to `paidAmount`: Partially Paid below `invoiceAmount`, Paid at it | `Mark Invoice as Paid`; Invoice Status "2 Partially Paid", "4 Paid"; the invoice list's `paidAmount` |
| An Unpaid invoice is listed Overdue once the clock passes `issuedOn` + `paymentTerm` days | Invoice Status "5 Overdue: Invoice payment overdue"; the invoice list's `issuedOn`, `paymentTerm` |
| A credit is offered Unclaimed; edited and revoked (→ Revoked, no longer claimable) only while Unclaimed | `Add Credit to Customer`, `Update Credit Offered to Customer`, `Revoke Credit Offered to Customer`; the Offered Credits sample (`Unclaimed`, `Revoked`) |
| The customer it was offered to claims it: → `Claimed` | `Claim Offered Credits` ("Credits claimed.") |
| The credit summary's `totalCredit`, and financial details' `credits`, count claimed credits only | `Credit Summary` ("usedCredit", "totalCredit") |
| Lists: `pageNo`/`limit` (defaults 1 and 10, 50 for credits), `sortBy` `+`/`-` any documented field, `searchField` a keyword in any field, `status`/`paymentType` as IDs (comma-separated; labels too) | the lists' Query Parameters ("Sorts by ascending (+) or descending (-)", "Search results by keyword", "Status ID. See Static Details List") |

## Where the document is silent: the fake's choices

| question | choice | option of `FakeFinanceAPI` |
| --- | --- | --- |
| the label of a claimed credit (the spec's examples show only Unclaimed and Revoked) | `Claimed` (the spec lists it in `CreditStatus`; the client keeps unknown values anyway) | `claimed_credit_status="Claimed"` |
| is a Partially Paid invoice past its term Overdue? | yes | `overdue_includes_partially_paid=True` |
| may a payment take an invoice past its amount? | no: 422 | `allow_overpayment=False` |
| may a refund exceed the available balance? | no: 422, at initiation and at approval | `refund_above_balance=False` |
| must approve/cancel carry an `actionNote`? | no (the spec makes it optional) | `require_action_note=False` |
| which token is valid? | any non-empty bearer token | `token=None` (or the one to require) |
| `totalRecords` beside records | the count matching the filters, as `filteredRecords`; the invoice list's documented `totalRecords: 0` on demand | `total_records_quirk=False` |
| the PayPal fee of `Get Basic Financial Details` | 3.5 (the document's sample) | `paypal_fees_percentage="3.5"` |
| what "now" is | 2026-01-01T00:00:00Z until moved | `clock=` (a datetime or a `Clock`) |
| `Mark Invoice as Paid` | changes the invoice only (no payment record; the document shows none) | |
| a Pending (not approved) invoice and payments | a payment against it is a 422; it never turns Overdue | |
| `Cancel Invoice` of a Paid, Processing or Cancelled invoice | 422 | |
| a call that `fail_next` fails | changes nothing; the operation does not run | |

## Numbers and the server

Numbers are checked against a range as well as a type, in a path, query, `X-IAA-OW-ID` or body: an integer
as `int64` (or the `int32`/`int64` format the spec gives it), an amount (`number`) to an absolute value below
10**15 with at most 12 decimal places (the document gives none; `1e999999` is no amount). Past it: the 422
(an `X-IAA-OW-ID` that is not an integer stays a 401). A body nested deeper than 32 levels is a 422.
`FakeFinanceAPI.handle` never raises: anything the fake did not foresee is a 500 naming the exception's type.

`serve(host, port, *, timeout=15.0, max_body_bytes=10 MiB, workers=4, max_connections=1024)` is a strict
HTTP/1.1 server: one event loop thread reads every connection and `workers` threads run the fake, so idle
and slow sockets hold no thread. A connection idle `timeout` seconds is closed; a request whose head and body
have not arrived `timeout` seconds after its first byte is a 408. A bad `Content-Length` is a 400, a longer
body a 413, a chunked body a 411, another `Transfer-Encoding` a 501, `Transfer-Encoding` with `Content-Length`
a 400, a head over 64 KiB a 431; each refusal closes the connection. Connections past `max_connections`: 503.

Timestamps follow the document: payments' `paymentDate`, `createdAt`, `modifiedAt` and invoices' `modifiedAt` in
epoch milliseconds; invoices' `issuedOn`, `invoiceFromDate`, `invoiceToDate` in epoch seconds; credits'
`modifiedAt` and the settings' `createdAt` as ISO 8601 strings; `paymentTerm` a string in the invoice settings
and an integer in the invoice list; records say `Check` where the static list says `Cheque`.
"""

from __future__ import annotations

from ._clock import Clock
from ._fake import FAULTS, FakeFinanceAPI
from ._messages import FakeRequest, FakeResponse
from ._state import Options

__all__ = ["FAULTS", "Clock", "FakeFinanceAPI", "FakeRequest", "FakeResponse", "Options"]
