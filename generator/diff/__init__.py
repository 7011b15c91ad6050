"""`diff`: what a spec change does to the API and to the Python client, and whether generated/ is current.

One module per concern:

- `changes`, `bump`: a rule, a change of it, a set of them, and the version a set needs;
- `rules`: the registry of every rule (each declared in the module that emits it), refusing an id declared twice;
- `sources`: where a spec comes from (a file, `git-ref:path`, the merge-base), and a commit's committed package;
- `document`: `$ref`s resolved and schemas flattened, for the HTTP view;
- `http` and its parts: `http_parameters`, `http_bodies`, `http_responses` (with headers), `http_security`,
  `http_schemas` (types by direction, enums, objects), `http_alternatives` (oneOf/anyOf, discriminators),
  `http_constraints` (the accepted set grows or shrinks), `http_deprecations` (x-sunset), `http_webhooks`; they
  share `http_walk` (the recorder and the walk of one operation), and none of them imports `http`;
- `python_view`: the Python view, made of `python_packages` (each side's package, committed or rendered, and the
  files that differ), `surface` (a package's public surface, read with `ast`) and `python_compare` (its rules);
- `command`: both views behind their own boundaries, for `__main__`;
- `report`, `github`, `changelog`: Markdown, JSON, GitHub annotations and Keep a Changelog entries;
- `history`: the releases in the spec's git history, and the changelog they make;
- `drift`: whether generated/ is what the spec and overrides make now.
"""
