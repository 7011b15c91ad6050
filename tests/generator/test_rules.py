"""The rule registry: every rule declared beside its code is in it once, and an id declared twice is refused."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from generator import diff
from generator.diff import rules
from generator.diff.changes import Change, Rule, python_rule


def _declared() -> dict[str, list[tuple[str, Rule]]]:
    """Every module-level Rule constant of `generator.diff`, by module, where the module defines it (not imports)."""
    found: dict[str, list[tuple[str, Rule]]] = {}
    for info in pkgutil.iter_modules(diff.__path__):
        module = importlib.import_module(f"{diff.__name__}.{info.name}")
        own = getattr(module, "RULES", ())
        for name, value in vars(module).items():
            if isinstance(value, Rule) and name.isupper() and any(value is rule for rule in own):
                found.setdefault(info.name, []).append((name, value))
    return found


def test_every_rule_constant_of_the_diff_is_registered_under_its_id():
    registered = list(rules.RULES.values())
    for info in pkgutil.iter_modules(diff.__path__):
        module = importlib.import_module(f"{diff.__name__}.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Rule):
                assert rules.RULES.get(value.id) is value, f"{info.name}.{name} ({value.id}) is not in the registry"
    assert len(registered) == len({rule.id for rule in registered})


def test_each_rule_is_declared_in_one_module_and_listed_by_it():
    owners: dict[str, list[str]] = {}
    for module, declared in _declared().items():
        for _, rule in declared:
            owners.setdefault(rule.id, []).append(module)
    assert {rule_id: modules for rule_id, modules in owners.items() if len(modules) != 1} == {}
    assert sorted(owners) == sorted(rules.RULES)
    for module in rules.EMITTERS:
        assert module.RULES, module.__name__


def test_the_constant_is_named_after_its_id():
    for declared in _declared().values():
        for name, rule in declared:
            assert name == rule.id.upper().replace("-", "_")


def test_the_registry_refuses_an_id_declared_twice():
    first = Rule("operation-removed", "major", "gone")
    again = python_rule("operation-removed", "minor", "another meaning")
    with pytest.raises(rules.DuplicateRuleError, match="'operation-removed' is declared twice"):
        rules.registry([(first,), (again,)])
    assert rules.registry([(first,), ()]) == {"operation-removed": first}


def test_a_change_takes_its_id_level_and_view_from_its_rule():
    rule = python_rule("python-class-removed", "major", "a class is gone")
    change = Change(rule=rule, operation=None, where="iqm_finance_client.models.x.X", message="gone")
    assert (change.id, change.level, change.view, change.breaking) == ("python-class-removed", "major", "python", True)
    assert rules.RULES["python-class-removed"].view == "python"
    assert rules.RULES["operation-removed"].view == "http"
