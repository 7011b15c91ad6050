"""`diff`: what a spec change does to the API and to the Python client, and whether generated/ is current.

One module per concern:

- `rules`: every rule id, the bump it needs and what it means (the one table);
- `changes`, `bump`: a change, a set of them, and the version a set needs;
- `sources`: where a spec comes from (a file, `git-ref:path`, the merge-base), and a commit's committed package;
- `document`: `$ref`s resolved and schemas flattened, for the HTTP view;
- `http` and its parts: `http_parameters`, `http_bodies`, `http_responses` (with headers), `http_security`,
  `http_schemas` (types by direction, enums, objects), `http_alternatives` (oneOf/anyOf, discriminators),
  `http_constraints` (the accepted set grows or shrinks), `http_deprecations` (x-sunset), `http_webhooks`;
- `surface`, `python_view`: the Python view, the public surface of the two packages compared;
- `command`: both views behind their own boundaries, for `__main__`;
- `report`, `github`, `changelog`: Markdown, JSON, GitHub annotations and Keep a Changelog entries;
- `history`: the releases in the spec's git history, and the changelog they make;
- `drift`: whether generated/ is what the spec and overrides make now.
"""
