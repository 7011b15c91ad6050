"""`api_diff`: the Python API of the generated client between two specs, as a downstream `import` feels it."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from generator.diff import python_view as api_diff
from generator.diff import surface as api_surface
from generator.diff.python_view import SpecText
from generator.diff.surface import Attribute, ClassInfo, Function, Parameter, Surface
from generator.layout import PACKAGE

from .conftest import NEW_PACKAGE, write_package

MODULE = f"{PACKAGE}.api.invoices.list_invoices"
OPERATIONS = {"list_invoices": ("listInvoices", "GET /invoices")}


def _client() -> Parameter:
    return Parameter("client", "keyword", "AuthenticatedClient | Client", None)


def _endpoint(*parameters: Parameter, returns: str = "InvoicePage") -> Surface:
    functions = {
        name: Function(name, (_client(), *parameters), returns if name == "sync" else f"Response[{returns}]")
        for name in ("sync", "sync_detailed")
    }
    return Surface(modules={MODULE: functions}, classes={})


def _shown(changes):
    return sorted((change.id, change.operation, change.where, change.level) for change in changes)


def test_identical_surfaces_have_no_changes():
    surface = _endpoint(Parameter("year", "keyword", "int | Unset", "UNSET"))
    assert api_diff.compare(surface, surface) == ()


def test_function_changes_are_merged_across_the_module_functions():
    old = _endpoint(
        Parameter("invoice_id", "positional", "int", None),
        Parameter("status", "keyword", "str | Unset", "UNSET"),
        Parameter("limit", "keyword", "int | Unset", "10"),
        Parameter("search", "keyword", "str | Unset", "UNSET"),
    )
    new = _endpoint(
        Parameter("invoice_id", "positional", "int", None),
        Parameter("status", "keyword", "InvoiceStatus | str | Unset", "UNSET"),  # wider: old calls still type-check
        Parameter("limit", "keyword", "int | Unset", "50"),
        Parameter("year", "keyword", "int", None),
    )
    changes = api_diff.compare(old, new, OPERATIONS, OPERATIONS)
    assert _shown(changes) == [
        ("python-parameter-added-required", "listInvoices", f"{MODULE}.sync(year)", "major"),
        ("python-parameter-default-changed", "listInvoices", f"{MODULE}.sync(limit)", "minor"),
        ("python-parameter-removed", "listInvoices", f"{MODULE}.sync(search)", "major"),
        ("python-parameter-widened", "listInvoices", f"{MODULE}.sync(status)", "minor"),
    ]
    removed = next(change for change in changes if change.id == "python-parameter-removed")
    assert removed.message == "argument `search` was removed in sync, sync_detailed"
    assert removed.endpoint == "GET /invoices"


def test_retyped_moved_and_defaults():
    old = _endpoint(
        Parameter("ow_id", "positional", "int", None),
        Parameter("invoice_id", "positional", "int", None),
        Parameter("year", "keyword", "int | Unset", "UNSET"),
        Parameter("page", "keyword", "int", None),
    )
    new = _endpoint(
        Parameter("invoice_id", "positional", "int", None),
        Parameter("ow_id", "positional", "int", None),
        Parameter("year", "keyword", "str | Unset", "UNSET"),
        Parameter("page", "keyword", "int", "1"),
        returns="InvoicePage | None",
    )
    assert _shown(api_diff.compare(old, new)) == [
        ("python-parameter-made-optional", None, f"{MODULE}.sync(page)", "minor"),
        ("python-parameter-moved", None, f"{MODULE}.sync", "major"),
        ("python-parameter-retyped", None, f"{MODULE}.sync(year)", "major"),
        ("python-return-retyped", None, f"{MODULE}.sync", "major"),
        ("python-return-retyped", None, f"{MODULE}.sync_detailed", "major"),
    ]


def test_modules_and_functions_added_and_removed():
    old = Surface(modules={MODULE: {"sync": Function("sync", (), "X"), "sync_iter": Function("sync_iter", (), "Y")}})
    new = Surface(
        modules={
            MODULE: {"sync": Function("sync", (), "X"), "asyncio": Function("asyncio", (), "X")},
            f"{PACKAGE}.api.invoices.get_invoice": {"sync": Function("sync", (), "X")},
        }
    )
    assert _shown(api_diff.compare(old, new, OPERATIONS, OPERATIONS)) == [
        ("python-function-added", "listInvoices", f"{MODULE}.asyncio", "minor"),
        ("python-function-removed", "listInvoices", f"{MODULE}.sync_iter", "major"),
        ("python-module-added", None, f"{PACKAGE}.api.invoices.get_invoice", "minor"),
    ]


def _models(**classes: ClassInfo) -> dict[str, ClassInfo]:
    return classes


def _model(name: str, *attributes: Attribute) -> ClassInfo:
    return ClassInfo(name, f"{PACKAGE}.models.{name.lower()}", "model", attributes=attributes)


def test_model_attributes_are_judged_by_how_callers_use_the_model():
    # InvoiceCreate is a `body` argument (callers build it); Invoice is returned (callers read it).
    functions = {
        "sync": Function("sync", (_client(), Parameter("body", "keyword", "InvoiceCreate", None)), "Invoice"),
    }
    old = Surface(
        modules={MODULE: functions},
        classes=_models(
            InvoiceCreate=_model(
                "InvoiceCreate",
                Attribute("amount", "Decimal", None),
                Attribute("note", "str", None),
            ),
            Invoice=_model(
                "Invoice",
                Attribute("amount", "Decimal | Unset", "UNSET"),
                Attribute("note", "str", None),
                Attribute("lines", "list[InvoiceLine]", None),
            ),
            InvoiceLine=_model("InvoiceLine", Attribute("sku", "str", None)),
        ),
    )
    new = Surface(
        modules={MODULE: functions},
        classes=_models(
            InvoiceCreate=_model(
                "InvoiceCreate",
                Attribute("amount", "Decimal", None),
                Attribute("note", "str | None", None),  # accepts more: fine for a model callers build
                Attribute("currency", "str", None),  # required: old constructor calls miss it
            ),
            Invoice=_model(
                "Invoice",
                Attribute("amount", "Decimal", None),  # always there now: fine for a model callers read
                Attribute("note", "str | None", None),  # may be None now: code reading it can fail
                Attribute("lines", "list[InvoiceLine]", None),
                Attribute("currency", "str", None),  # new on a returned model: compatible
            ),
            InvoiceLine=_model("InvoiceLine", Attribute("sku", "str", None), Attribute("qty", "int", None)),
        ),
    )
    models = f"{PACKAGE}.models"
    assert _shown(api_diff.compare(old, new)) == [
        ("python-attribute-added", None, f"{models}.invoice.Invoice.currency", "minor"),
        ("python-attribute-added", None, f"{models}.invoiceline.InvoiceLine.qty", "minor"),
        ("python-attribute-added-required", None, f"{models}.invoicecreate.InvoiceCreate.currency", "major"),
        ("python-attribute-default-changed", None, f"{models}.invoice.Invoice.amount", "minor"),
        ("python-attribute-narrowed", None, f"{models}.invoice.Invoice.amount", "minor"),
        ("python-attribute-retyped", None, f"{models}.invoice.Invoice.note", "major"),
        ("python-attribute-widened", None, f"{models}.invoicecreate.InvoiceCreate.note", "minor"),
    ]


def test_classes_and_enum_members():
    def enum(*members: tuple[str, str]) -> ClassInfo:
        return ClassInfo("Status", f"{PACKAGE}.models.status", "enum", members=members)

    old = Surface(classes={"Status": enum(("PAID", "'paid'"), ("DUE", "'due'")), "Gone": _model("Gone")})
    new = Surface(classes={"Status": enum(("PAID", "'settled'"), ("OVERDUE", "'overdue'")), "New": _model("New")})
    where = f"{PACKAGE}.models.status.Status"
    assert _shown(api_diff.compare(old, new)) == [
        ("python-class-added", None, f"{PACKAGE}.models.new.New", "minor"),
        ("python-class-removed", None, f"{PACKAGE}.models.gone.Gone", "major"),
        ("python-enum-member-added", None, f"{where}.OVERDUE", "minor"),
        ("python-enum-member-removed", None, f"{where}.DUE", "major"),
        ("python-enum-member-revalued", None, f"{where}.PAID", "major"),
    ]
    kind = Surface(classes={"Status": _model("Status")})
    assert [change.id for change in api_diff.compare(old, kind) if "Status" in change.where] == [
        "python-class-kind-changed"
    ]


def test_surface_reads_functions_models_and_enums(tmp_path):
    package = tmp_path / PACKAGE
    (package / "api" / "invoices").mkdir(parents=True)
    (package / "models").mkdir()
    (package / "api" / "invoices" / "__init__.py").write_text("", encoding="utf-8")
    (package / "api" / "invoices" / "get_invoice.py").write_text(
        textwrap.dedent(
            """
            def _get_kwargs(invoice_id: int) -> dict: ...
            def sync(invoice_id: int, *, client: "Client", year: int | Unset = UNSET) -> "Invoice": ...
            async def asyncio(invoice_id: int, *, client: Client) -> Invoice: ...
            """
        ),
        encoding="utf-8",
    )
    (package / "models" / "invoice.py").write_text(
        textwrap.dedent(
            """
            @_attrs_define
            class Invoice:
                amount: Decimal = _attrs_field(converter=_fields.money)
                fee: Decimal | Unset = _attrs_field(default=UNSET, converter=_fields.optional_money)
                note: str | Unset = UNSET
                additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
            class InvoiceStatus(OpenStrEnum):
                PAID = "paid"
            """
        ),
        encoding="utf-8",
    )
    surface = api_surface.surface(package)
    functions = surface.modules[f"{PACKAGE}.api.invoices.get_invoice"]
    assert sorted(functions) == ["asyncio", "sync"]
    assert functions["sync"] == Function(
        "sync",
        (
            Parameter("invoice_id", "positional", "int", None),
            Parameter("client", "keyword", "Client", None),
            Parameter("year", "keyword", "int | Unset", "UNSET"),
        ),
        "Invoice",
    )
    assert surface.classes["Invoice"].attributes == (
        Attribute("amount", "Decimal", None),
        Attribute("fee", "Decimal | Unset", "UNSET"),
        Attribute("note", "str | Unset", "UNSET"),
        Attribute("additional_properties", "dict[str, Any]", "factory=dict"),
    )
    assert surface.classes["InvoiceStatus"].members == (("PAID", "'paid'"),)
    assert surface.usage() == {"Invoice": "response", "InvoiceStatus": "response"}


# Rendering for real (the fixture spec, twice): slow.


SEARCH = (
    "        - name: searchField\n          in: query\n          required: false\n          schema: {type: string}\n"
)
YEAR = "        - name: year\n          in: query\n          required: true\n          schema: {type: integer}\n"


def _fixture_change(text: str) -> str:
    """The fixture spec with a required query parameter, an enum value swapped, a property removed and a hint."""
    replacements = (
        (SEARCH, SEARCH + YEAR),
        ("enum: [paid, unpaid, overdue]", "enum: [paid, unpaid, void]"),
        ("required: [invoiceId, invoiceNumber, amount", "required: [invoiceId, amount"),
        ("        invoiceNumber: {type: string}\n", ""),
        (
            "createdAt: {type: integer, description: Unix epoch seconds.}",
            "createdAt: {type: integer, x-timestamp: epoch-seconds}",
        ),
    )
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.slow
def test_the_python_api_diff_of_a_real_render(fresh_layout):
    old_text = fresh_layout.spec.read_text(encoding="utf-8")
    new_text = _fixture_change(old_text)
    found = api_diff.api_diff(
        fresh_layout,
        SpecText("old", old_text, yaml.safe_load(old_text)),
        SpecText("new", new_text, yaml.safe_load(new_text)),
    )
    assert found.problems == ()
    invoice = f"{PACKAGE}.models.invoice.Invoice"
    assert _shown(found.changes) == [
        ("python-attribute-removed", None, f"{invoice}.invoice_number", "major"),
        ("python-attribute-retyped", None, f"{invoice}.created_at", "major"),
        ("python-enum-member-added", None, f"{PACKAGE}.models.invoice_status.InvoiceStatus.VOID", "minor"),
        ("python-enum-member-removed", None, f"{PACKAGE}.models.invoice_status.InvoiceStatus.OVERDUE", "major"),
        (
            "python-parameter-added-required",
            "listInvoices",
            f"{PACKAGE}.api.invoices.list_invoices.sync(year)",
            "major",
        ),
    ]
    retyped = next(change for change in found.changes if change.id == "python-attribute-retyped")
    assert retyped.message == (
        "`Invoice.created_at: int | Unset` is now `datetime.datetime | Unset` (a model the client returns)"
    )
    assert not (fresh_layout.generated / PACKAGE).exists()  # rendered into temporary directories only


@pytest.mark.slow
def test_a_spec_that_does_not_render_is_a_problem_not_an_exception(fresh_layout):
    old_text = fresh_layout.spec.read_text(encoding="utf-8")
    broken = old_text.replace("version: 0.1.0", "version: next")
    found = api_diff.api_diff(
        fresh_layout,
        SpecText("main:spec/openapi.yaml", broken, yaml.safe_load(broken)),
        SpecText("spec/openapi.yaml", old_text, yaml.safe_load(old_text)),
    )
    assert found.changes == ()
    assert len(found.problems) == 1
    problem = found.problems[0]
    assert problem.file == "main:spec/openapi.yaml"  # the user's name for the spec, not the temporary file's
    assert problem.pointer == "#/info/version"
    assert "not a canonical PEP 440 version" in problem.message


def test_a_template_only_change_is_classified(template_only_change):
    old, new = (api_surface.surface(package) for package in template_only_change)
    changes = api_diff.compare(old, new)
    assert _shown(changes) == [
        ("python-attribute-removed", None, f"{PACKAGE}.errors.APIStatusError.status_code", "major"),
        # Inherited from APIStatusError before, gone with that base:
        ("python-attribute-removed", None, f"{PACKAGE}.errors.NotFoundError.response", "major"),
        ("python-attribute-removed", None, f"{PACKAGE}.errors.NotFoundError.status_code", "major"),
        ("python-attribute-retyped", None, f"{PACKAGE}.Client.timeout", "major"),
        ("python-attribute-retyped", None, f"{PACKAGE}.errors.APIStatusError.response", "major"),
        ("python-class-base-added", None, f"{PACKAGE}.errors.NotFoundError(FinanceAPIError)", "minor"),
        ("python-class-base-removed", None, f"{PACKAGE}.errors.NotFoundError(APIStatusError)", "major"),
        ("python-name-added", None, f"{PACKAGE}.Download", "minor"),
        ("python-name-added", None, f"{PACKAGE}.types.Download", "minor"),
        ("python-name-removed", None, f"{PACKAGE}.AuthenticatedClient", "major"),
        ("python-name-removed", None, f"{PACKAGE}.client.AuthenticatedClient", "major"),
        ("python-name-retyped", None, f"{PACKAGE}.client.DEFAULT_TIMEOUT", "major"),
        ("python-parameter-retyped", None, f"{PACKAGE}.Client.__init__(transport)", "major"),
        ("python-return-retyped", None, f"{PACKAGE}.Client.get_httpx_client", "major"),
        # __version__ went from 1.0.0 to 1.1.0: the version is what the verdict judges, not a change.
    ]
    retyped = next(change for change in changes if change.id == "python-parameter-retyped")
    assert retyped.message == (
        "argument `transport: httpx.BaseTransport | None` is now `httpx2.BaseTransport | None` in Client.__init__"
    )
    # The class behind both `iqm_finance_client.Client` and `...client.Client` is compared once, at the shorter name.
    assert not [change for change in changes if change.where.startswith(f"{PACKAGE}.client.Client")]


def test_the_surface_resolves_re_exports_aliases_and_lazy_exports(template_only_change):
    old, new = (api_surface.surface(package) for package in template_only_change)
    client = f"{PACKAGE}._base_client.Client"
    assert old.exports[f"{PACKAGE}.AuthenticatedClient"].target == client  # an alias is the class it names
    assert old.aliases() == {"AuthenticatedClient": "Client"}
    assert new.exports[f"{PACKAGE}.Download"].target == f"{PACKAGE}._downloads.Download"  # under TYPE_CHECKING
    assert [method.name for method in new.definitions[client].methods] == ["__init__", "get_httpx_client", "__enter__"]
    # Private modules are reached only through re-exports.
    assert not [path for path in old.exports if any(part.startswith("_") for part in path.split(".")[1:-1])]


def test_an_alias_of_a_class_in_a_signature_is_no_change():
    old = _endpoint(returns="Invoice")
    new = Surface(
        modules={
            MODULE: {
                name: Function(name, (Parameter("client", "keyword", "Client", None),), function.returns)
                for name, function in old.modules[MODULE].items()
            }
        }
    )
    aliased = Surface(modules=old.modules, exports={f"{PACKAGE}.AuthenticatedClient": _client_export()})
    # The alias's removal is reported; the signatures that named it (`AuthenticatedClient | Client`) are unchanged.
    assert [change.id for change in api_diff.compare(aliased, new)] == ["python-name-removed"]
    assert [change.id for change in api_diff.compare(old, new)] == ["python-parameter-retyped"]


def _client_export() -> api_surface.Export:
    return api_surface.Export("class", target=f"{PACKAGE}._base_client.Client")


def test_members_moved_to_a_base_class_are_no_change(tmp_path):
    # 2.1.0: Client's members moved into _base_client.BaseClient, which Client (now in client.py) subclasses.
    moved = {
        **NEW_PACKAGE,
        "client.py": "from ._base_client import DEFAULT_TIMEOUT, BaseClient\n"
        "class Client(BaseClient):\n    @cached_property\n    def payments(self) -> PaymentsResource: ...\n"
        '__all__ = ["DEFAULT_TIMEOUT", "Client"]\n',
        "_base_client.py": NEW_PACKAGE["_base_client.py"].replace("class Client:", "class BaseClient:")
        + "    def with_options(self, *, token: str | None = None) -> Self: ...\n",
    }
    before = {
        **NEW_PACKAGE,
        "_base_client.py": NEW_PACKAGE["_base_client.py"]
        + "    def with_options(self, *, token: str | None = None) -> Client: ...\n",
    }
    old = api_surface.surface(write_package(tmp_path / "old", before))
    new = api_surface.surface(write_package(tmp_path / "new", moved))
    assert _shown(api_diff.compare(old, new)) == [
        ("python-attribute-added", None, f"{PACKAGE}.Client.payments", "minor"),
        ("python-class-base-added", None, f"{PACKAGE}.Client(BaseClient)", "minor"),
    ]


def test_a_cached_property_that_becomes_a_lazy_attribute_is_no_change(tmp_path):
    # 2.3.0: the resource attributes are built by the runtime's lock-free lazy_attribute, not cached_property.
    def package(decorator: str) -> dict[str, str]:
        return {
            **NEW_PACKAGE,
            "client.py": "from ._base_client import DEFAULT_TIMEOUT, BaseClient\n"
            f"class Client(BaseClient):\n    @{decorator}\n    def payments(self) -> PaymentsResource: ...\n"
            '__all__ = ["DEFAULT_TIMEOUT", "Client"]\n',
            "_base_client.py": NEW_PACKAGE["_base_client.py"].replace("class Client:", "class BaseClient:"),
        }

    old = api_surface.surface(write_package(tmp_path / "old", package("cached_property")))
    new = api_surface.surface(write_package(tmp_path / "new", package("lazy_attribute")))
    assert _shown(api_diff.compare(old, new)) == []


def test_annotations_are_judged_by_direction_with_the_numeric_tower():
    """An `int` goes wherever a `float` does: a built model's `int` widening to `float` breaks no caller."""
    assert api_diff.covers(frozenset({"float", "None"}), frozenset({"int"}))
    assert not api_diff.covers(frozenset({"int"}), frozenset({"float"}))
    assert api_diff.covers(frozenset({"Any"}), frozenset({"str", "int"}))
    assert not api_diff.covers(frozenset({"str"}), frozenset({"str", "None"}))
