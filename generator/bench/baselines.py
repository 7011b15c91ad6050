"""The baselines, built from the same spec in a temporary directory: the stock client and pydantic v2 models.

- The stock client: openapi-python-client 0.29.1 with generator/config.yaml and no custom templates, no runtime
  modules, no post-processing, through the generator's own render step. It is imported as `stock_finance_client`
  (its imports are relative), so it lives beside `iqm_finance_client` in one process.
- The pydantic models: datamodel-code-generator's pydantic v2 output for the spec, as the spec lint makes them.
"""

from __future__ import annotations

import importlib
import importlib.util
import shutil
import sys
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from generator import generate
from generator.layout import DEFAULT, PACKAGE, Layout
from generator.lint import without_python_hints
from generator.spec_index import load

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

STOCK_PACKAGE: Final = "stock_finance_client"
PYDANTIC_MODULE: Final = "bench_pydantic_models"


@dataclass(frozen=True)
class Baselines:
    """Where the baselines were built, and the modules a measurement uses."""

    stock_dir: Path  # the directory holding the `stock_finance_client` package (for sys.path and subprocesses)
    stock: ModuleType
    pydantic: ModuleType


def build(work: Path, layout: Layout = DEFAULT) -> Baselines:
    """Render the stock client and generate the pydantic models into `work`, and import both."""
    stock_dir = work / "stock"
    render_stock(stock_dir, layout)
    models = work / "pydantic"
    render_pydantic(models, layout)
    return Baselines(stock_dir=stock_dir, stock=import_from(stock_dir, STOCK_PACKAGE), pydantic=import_models(models))


def render_stock(out: Path, layout: Layout = DEFAULT) -> Path:
    """Render the spec with openapi-python-client's own templates into `out`/stock_finance_client."""
    # A layout of its own whose overrides/ does not exist: the render step then uses upstream's templates.
    root = out / "layout"
    (root / "generator").mkdir(parents=True)
    shutil.copyfile(layout.config, root / "generator" / "config.yaml")
    stock_layout = Layout.at(root, layout.spec)
    spec = load(stock_layout.spec, stock_layout.show(stock_layout.spec))
    package = out / PACKAGE
    generate._render(stock_layout, spec, package)  # noqa: SLF001 - the generator's render step, without our overrides
    renamed = out / STOCK_PACKAGE
    package.rename(renamed)
    shutil.rmtree(root)
    return renamed


def render_pydantic(out: Path, layout: Layout = DEFAULT) -> Path:
    """Generate pydantic v2 models of the spec's schemas with datamodel-code-generator, into one module in `out`."""
    out.mkdir(parents=True)
    module = out / f"{PYDANTIC_MODULE}.py"
    spec = without_python_hints(load(layout.spec, layout.show(layout.spec)).data)
    if not isinstance(spec, dict):  # pragma: no cover - load() refuses a spec that is not a mapping
        message = f"{layout.spec} is not a mapping"
        raise TypeError(message)
    with warnings.catch_warnings():
        # Its notes on constraints pydantic cannot express (a pattern on an int) are about the baseline, not us.
        warnings.simplefilter("ignore")
        _generate_models(spec, module)
    return module


def _generate_models(spec: dict[str, Any], module: Path) -> None:
    """Run datamodel-code-generator on the spec data, writing one module."""
    from datamodel_code_generator import (  # noqa: PLC0415 - only the bench and the spec lint need it
        InputFileType,
        PythonVersion,
    )
    from datamodel_code_generator import generate as generate_models  # noqa: PLC0415
    from datamodel_code_generator.enums import DataModelType  # noqa: PLC0415
    from datamodel_code_generator.format import Formatter  # noqa: PLC0415

    generate_models(
        spec,
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        output=module,
        target_python_version=PythonVersion.PY_311,
        formatters=[Formatter.BUILTIN],
        use_annotated=True,
        disable_timestamp=True,
        # Emails as plain strings, as the spec lint makes them: email-validator is no dependency of ours.
        type_mappings=["string+email=string", "string+idn-email=string"],
    )


def import_from(directory: Path, name: str) -> ModuleType:
    """Import the package `name` found in `directory` (put first on sys.path)."""
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))
    return importlib.import_module(name)


def import_models(directory: Path) -> ModuleType:
    """Import the pydantic models module generated into `directory`."""
    path = directory / f"{PYDANTIC_MODULE}.py"
    spec = importlib.util.spec_from_file_location(PYDANTIC_MODULE, path)
    if spec is None or spec.loader is None:
        message = f"cannot load {path}"
        raise ImportError(message)
    module = importlib.util.module_from_spec(spec)
    sys.modules[PYDANTIC_MODULE] = module  # pydantic resolves the models' annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def attribute(module: ModuleType, dotted: str) -> Any:  # noqa: ANN401 - whatever the generated module holds
    """Return `module.a.b.c`, importing submodules on the way (the generated packages are imported lazily)."""
    target: Any = module
    for part in dotted.split("."):
        if not hasattr(target, part):
            importlib.import_module(f"{target.__name__}.{part}")
        target = getattr(target, part)
    return target
