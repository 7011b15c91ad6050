"""`nox -s bench`: what the client costs, measured against what a user would pick instead, in one run.

Each module does one job:

- `data`: realistic, seeded payment records and add-payment inputs;
- `baselines`: the stock openapi-python-client render and datamodel-code-generator's pydantic v2 models of the
  same spec, built in a temporary directory;
- `timing`: interleaved runs and their medians;
- `decode`, `encode`, `imports`, `per_request`, `generation`: one measurement each;
- `server`: the local HTTP server the per-request measurement talks to;
- `machine`: the description of the machine the numbers were taken on;
- `report`: the Markdown report (docs/benchmarks.md) with medians, ratios and targets;
- `__main__`: the command line, `python -m generator.bench`.

Never run as a test: tests/bench runs every measurement once with tiny sizes, so the harness cannot rot.
"""
