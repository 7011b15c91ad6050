"""The toolkit that turns spec/openapi.yaml into the iqm_finance_client package: lint, generate, diff, build."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "openapi.yaml"
QUIRKS = ROOT / "spec" / "quirks.yaml"
