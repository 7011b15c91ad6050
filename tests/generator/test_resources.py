"""The resource methods the generator writes: a body field whose name a parameter or an option has is `body_<name>`."""

from __future__ import annotations

import ast
from pathlib import Path

import yaml

from generator.generate import render
from generator.layout import PACKAGE, Layout
from generator.steps import Steps

FIXTURE = Path(__file__).parent / "fixtures" / "openapi.yaml"
# An operation whose body has fields named like its query parameter (`limit`) and like an option (`timeout`).
COLLIDING = {
    "post": {
        "tags": ["Invoices"],
        "operationId": "tagInvoices",
        "summary": "Tag invoices",
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}, "description": "How many"}],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["note"],
                        "properties": {
                            "note": {"type": "string", "description": "The tag"},
                            "limit": {"type": "integer", "description": "A field named like the parameter"},
                            "timeout": {"type": "integer", "description": "A field named like an option"},
                        },
                    }
                }
            },
        },
        "responses": {
            "200": {"description": "Tagged.", "content": {"application/json": {"schema": {"type": "string"}}}}
        },
    }
}


def _method(tree: ast.Module, cls: str, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef:
    owner = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == cls)
    return next(
        node for node in owner.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name
    )


def test_a_colliding_body_field_is_prefixed_body_(tmp_path, copy_layout):
    spec = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    spec["paths"]["/api/v3/fa/invoices/tag"] = COLLIDING
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    layout = Layout.at(copy_layout(tmp_path / "repo").root, path)

    render(layout, tmp_path / "out", Steps(), check_import=True)

    tree = ast.parse((tmp_path / "out" / PACKAGE / "api" / "invoices" / "__init__.py").read_text(encoding="utf-8"))
    for cls in ("InvoicesResource", "AsyncInvoicesResource"):
        method = _method(tree, cls, "tag_invoices")
        keywords = [argument.arg for argument in method.args.kwonlyargs]
        assert keywords[:4] == ["limit", "note", "body_limit", "body_timeout"]
        assert keywords[4:] == ["timeout", "max_retries", "extra_headers", "extra_query"]
        built = next(
            node
            for node in ast.walk(method)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.endswith("Body")
        )
        assert {keyword.arg: ast.unparse(keyword.value) for keyword in built.keywords} == {
            "note": "note",
            "limit": "body_limit",
            "timeout": "body_timeout",
        }
        assert "body_limit (int | Unset): A field named like the parameter" in (ast.get_docstring(method) or "")
