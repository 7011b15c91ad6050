"""Where the toolkit's inputs and outputs live in a checkout, so every step (and test) can be pointed at a copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator import ROOT

if TYPE_CHECKING:
    from pathlib import Path

PACKAGE = "iqm_finance_client"
DISTRIBUTION = "iqm-finance-client"


@dataclass(frozen=True)
class Layout:
    """The paths of one checkout: the spec, the generator config, overrides/, generated/ and dist/."""

    root: Path
    spec: Path

    @classmethod
    def at(cls, root: Path, spec: Path | None = None) -> Layout:
        """Return the layout of the checkout at `root`, optionally with another spec file than spec/openapi.yaml."""
        root = root.resolve()
        return cls(root=root, spec=(spec or root / "spec" / "openapi.yaml").resolve())

    @property
    def config(self) -> Path:
        """The openapi-python-client config file."""
        return self.root / "generator" / "config.yaml"

    @property
    def overrides(self) -> Path:
        """Everything hand-written that shapes the package: templates and runtime modules."""
        return self.root / "overrides"

    @property
    def templates(self) -> Path:
        """The custom template path handed to openapi-python-client."""
        return self.overrides / "templates"

    @property
    def runtime(self) -> Path:
        """Hand-written modules copied into the package as they are."""
        return self.overrides / "runtime"

    @property
    def generated(self) -> Path:
        """The committed output: generated/."""
        return self.root / "generated"

    @property
    def package(self) -> Path:
        """The committed package: generated/iqm_finance_client."""
        return self.generated / PACKAGE

    @property
    def dist(self) -> Path:
        """Where `build` puts the sdist and the wheel."""
        return self.root / "dist"

    def show(self, path: Path) -> str:
        """Show a path as messages and generated files do: relative to the root when inside it, never absolute."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.name


DEFAULT = Layout.at(ROOT)
