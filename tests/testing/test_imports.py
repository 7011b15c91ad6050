"""`iqm_finance_client.testing` imports without circles: no module of it reaches back to one that imports it.

(Each of its modules importing alone, first in a fresh process, is `tests/client/test_imports.py`'s, which does it
for every module of the package.)
"""

from __future__ import annotations

from pathlib import Path

import iqm_finance_client.testing
from tests.import_graph import cycle, import_graph

PACKAGE = Path(iqm_finance_client.testing.__file__).resolve().parent


def test_the_testing_subpackage_has_no_import_circle() -> None:
    # Every import counted, TYPE_CHECKING blocks and function bodies too; edges within the subpackage only.
    graph = import_graph(PACKAGE, type_checking=True, functions=True)
    assert cycle(graph) == []
    # The graph is read right: the edges every version of the fake has are in it.
    assert {"testing._server", "testing._transport", "testing._handlers"} <= graph["testing._fake"]
