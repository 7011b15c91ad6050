"""What a measurement gives the report: the client's sample, its baselines' samples, and notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.bench.timing import Sample


@dataclass(frozen=True)
class Variant:
    """One thing timed: its name in the report, what exactly one run does, and the runs' seconds."""

    name: str
    does: str
    sample: Sample
    compare: bool = True  # False for a part of the client's own time, which no ratio to it describes


@dataclass(frozen=True)
class Measurement:
    """One row group of the report: the client (`subject`) against its baselines, plus informational variants."""

    key: str  # stable identifier (targets and the smoke test find rows by it): "decode-10000", "import", ...
    title: str
    unit: str  # what one run is: "one body of 10,000 records, 5.6 MB", ...
    items: int  # how many records, bodies or requests one run handles, for the time per item
    subject: Variant
    baselines: tuple[Variant, ...]
    extras: tuple[Variant, ...] = ()  # shown with ratios too, but no target reads them
    notes: tuple[str, ...] = ()

    def baseline(self, name: str) -> Variant:
        """Return the baseline called `name`."""
        return _named(self.baselines, name)

    def informational(self, name: str) -> Variant:
        """Return the informational variant called `name`."""
        return _named(self.extras, name)


def _named(variants: tuple[Variant, ...], name: str) -> Variant:
    """Return the variant called `name`."""
    for variant in variants:
        if variant.name == name:
            return variant
    raise KeyError(name)


# Baseline names, shared by the measurements that make them and the targets that read them.
JSON_LOADS = "json.loads"
PYDANTIC = "pydantic v2"
STOCK = "stock openapi-python-client"
CLIENT = "iqm_finance_client"
CLIENT_READ = "iqm_finance_client, every timestamp read"
CONSUMER = "iqm_finance_client, consumer loop"
FROM_JSON = "Model.from_json"
