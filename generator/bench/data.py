"""Realistic, seeded test data: customer-payment list bodies and add-payment inputs.

The records follow spec/openapi.yaml's CustomerPayment and its examples: money as JSON numbers with up to three
decimals, epoch-millisecond timestamps, the documented enum labels, string transaction IDs or null. They stay
within the spec, so every baseline (pydantic's strict enums, the stock client's plain types) can decode them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import msgspec

DEFAULT_SEED: Final = 20260101
_DAY_MS: Final = 86_400_000
_IST_MIDNIGHT_MS: Final = -19_800_000  # the examples' payment dates are midnights in India (UTC+05:30)
_FIRST_DAY: Final = 18_628  # 2021-01-01, in days since the epoch
_DAYS: Final = 1_826  # five years of records
_NAMES: Final = ("asha", "bruno", "chen", "dana", "emeka", "farah", "goran", "hana", "ivan", "jinesh", "kofi", "lena")
_BANKS: Final = ("HDFC Bank", "Chase", "Barclays", "ICICI Bank", "Wells Fargo", "Deutsche Bank")
_REFUND_REASONS: Final = ("Duplicate payment", "Campaign cancelled", "Overpaid invoice", "Customer request")
# (value, weight): the mix a busy workspace shows.
_STATUSES: Final = (("Paid", 70), ("Processing", 15), ("Rejected", 8), ("Cancelled", 7))
_MODES: Final = (("PayPal", 35), ("Wire Transfer", 35), ("Check", 20), ("To Funds", 10))
_TYPES: Final = (("As Fund", 50), ("Against Invoice", 40), ("Refund", 10))
_ENCODER: Final = msgspec.json.Encoder(decimal_format="number")


@dataclass(frozen=True)
class PaymentInput:
    """What a caller has in hand to record one payment (add customer payment), money both exact and as float."""

    ow_id: int
    amount: Decimal
    amount_float: float  # what the stock client and plain json take: they have no exact money
    payment_date: dt.date
    payment_mode: int
    transaction_id: str
    payment_type: int
    invoice_id: int | None  # only for a payment against an invoice


def _pick(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    """Pick one value by weight."""
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _amount(rng: random.Random) -> Decimal:
    """Draw a payment amount: mostly cents, some whole, a few with three decimals (`553611.718` is in the spec)."""
    shape = rng.random()
    if shape < 0.2:  # noqa: PLR2004 - a fifth of the amounts are whole
        return Decimal(rng.randrange(10, 250_000))
    if shape < 0.95:  # noqa: PLR2004 - most carry cents
        return Decimal(rng.randrange(1_000, 25_000_000)).scaleb(-2)
    return Decimal(rng.randrange(10_000, 600_000_000)).scaleb(-3)


def _person(rng: random.Random) -> tuple[str, str]:
    """Draw a user's email and avatar URL."""
    name = rng.choice(_NAMES)
    number = rng.randrange(40)
    return f"{name}.{number}+finance@example.com", f"https://assets.example.com/avatar/{name[:2].upper()}{number}.svg"


def payment_records(count: int, seed: int = DEFAULT_SEED) -> list[dict[str, object]]:
    """Return `count` customer-payment records as the wire carries them (Decimal for the JSON numbers of money)."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    records: list[dict[str, object]] = []
    payment_id = 19
    for _ in range(count):
        payment_id += rng.randrange(1, 12)
        day = _FIRST_DAY + rng.randrange(_DAYS)
        created = day * _DAY_MS + rng.randrange(_DAY_MS)
        mode = _pick(rng, _MODES)
        kind = _pick(rng, _TYPES)
        creator_email, creator_avatar = _person(rng)
        modifier_email, modifier_avatar = _person(rng)
        records.append(
            {
                "isPaymentInitiatorOrg": rng.random() < 0.3,  # noqa: PLR2004 - most payments are the customer's
                "paymentId": payment_id,
                "createdAt": created,
                "createdByUserEmail": creator_email,
                "createdByUserProfile": creator_avatar,
                "paymentDate": (day - rng.randrange(30)) * _DAY_MS + _IST_MIDNIGHT_MS,
                "paymentAmount": _amount(rng),
                "paymentStatus": _pick(rng, _STATUSES),
                "paymentMode": mode,
                "paymentType": kind,
                "invoiceId": rng.randrange(1, 90_000) if kind == "Against Invoice" else 0,
                "transactionId": None if rng.random() < 0.1 else f"T-{rng.randrange(10**7):07d}",  # noqa: PLR2004
                "modifiedAt": created + rng.randrange(60 * _DAY_MS),
                "modifiedByUserEmail": modifier_email,
                "modifiedByUserProfile": modifier_avatar,
                "bankName": rng.choice(_BANKS) if mode in {"Wire Transfer", "Check"} else None,
                "refundReason": rng.choice(_REFUND_REASONS) if kind == "Refund" else None,
            }
        )
    return records


def list_body(count: int, seed: int = DEFAULT_SEED) -> bytes:
    """Return the JSON body of a list-customer-payments response holding `count` records, compact as servers send it."""
    page = {"data": payment_records(count, seed), "totalRecords": count, "filteredRecords": count}
    return _ENCODER.encode({"success": True, "data": page})


def record_texts(count: int, seed: int = DEFAULT_SEED) -> list[str]:
    """Return `count` customer-payment records as compact JSON texts, for a server that cuts them into pages."""
    return [_ENCODER.encode(record).decode("utf-8") for record in payment_records(count, seed)]


def payment_inputs(count: int, seed: int = DEFAULT_SEED) -> list[PaymentInput]:
    """Return `count` sets of add-payment arguments."""
    rng = random.Random(seed + 1)  # noqa: S311 - test data, not cryptography
    inputs = []
    for _ in range(count):
        amount = _amount(rng)
        kind = rng.choice((1, 2, 3))
        inputs.append(
            PaymentInput(
                ow_id=rng.randrange(100_000, 999_999),
                amount=amount,
                amount_float=float(amount),
                payment_date=dt.date.fromordinal(dt.date(2025, 1, 1).toordinal() + rng.randrange(365)),
                payment_mode=rng.choice((1, 2, 3, 4)),
                transaction_id=f"T-{rng.randrange(10**7):07d}",
                payment_type=kind,
                invoice_id=rng.randrange(1, 90_000) if kind == 2 else None,  # noqa: PLR2004 - 2 is "Against Invoice"
            )
        )
    return inputs
