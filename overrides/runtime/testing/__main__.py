"""`python -m iqm_finance_client.testing serve --port N [--host H] [--seed FILE] [--timeout S]`: serve until Ctrl-C.

`--seed FILE` starts from a `FakeFinanceAPI.snapshot()` saved as JSON. The first line printed is the base URL.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._fake import FakeFinanceAPI
from ._server import DEFAULT_TIMEOUT, FakeServer


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and serve; return the exit code."""
    parser = argparse.ArgumentParser(prog="python -m iqm_finance_client.testing", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a fake Finance API over HTTP")
    serve.add_argument("--port", type=int, default=0, help="the port (default: a free one)")
    serve.add_argument("--host", default="127.0.0.1", help="the address to bind (default: 127.0.0.1)")
    serve.add_argument("--seed", type=Path, help="a snapshot (JSON) to start from")
    serve.add_argument("--token", help="the one bearer token to accept (default: any; not with --seed)")
    serve.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        help=f"seconds a connection may idle, or take to send a request (default: {DEFAULT_TIMEOUT:g})",
    )
    arguments = parser.parse_args(argv)
    if arguments.seed is not None:
        if arguments.token is not None:
            parser.error("--token is for a fake without --seed: a snapshot carries its own token option")
        try:
            data = json.loads(arguments.seed.read_text(encoding="utf-8"))
            fake = FakeFinanceAPI.from_snapshot(data)
        except (OSError, ValueError, KeyError, TypeError) as error:
            parser.error(f"--seed {arguments.seed}: {error}")
    else:
        fake = FakeFinanceAPI(token=arguments.token)
    if not arguments.timeout > 0:
        parser.error(f"--timeout must be above 0, got {arguments.timeout}")
    server = FakeServer(fake, arguments.host, arguments.port, timeout=arguments.timeout)
    sys.stdout.write(f"{server.base_url}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
