"""`UNSET`, reprs and the public home of `Download`: what a user meets in a REPL, in `help()` and in an import."""

from __future__ import annotations

import pickle
import pydoc

import attrs

import iqm_finance_client
from iqm_finance_client import types
from iqm_finance_client.api.invoice_settings import update_invoice_settings
from iqm_finance_client.models import InvoiceSettingsUpdate


def test_unset_reads_as_unset():
    assert repr(types.UNSET) == "UNSET"
    assert not types.UNSET


def test_help_shows_unset_defaults():
    text = pydoc.render_doc(update_invoice_settings.sync, renderer=pydoc.plaintext)
    assert "UNSET" in text
    assert "object at 0x" not in text
    assert "Unset object" not in text


def test_a_model_repr_leaves_out_the_fields_not_set():
    settings = InvoiceSettingsUpdate(payment_term_days=30, email="finance@example.test")
    assert repr(settings) == "InvoiceSettingsUpdate(email='finance@example.test', payment_term_days=30)"
    assert repr(InvoiceSettingsUpdate()) == "InvoiceSettingsUpdate()"


def test_a_model_repr_shows_the_keys_the_spec_does_not_name():
    decoded = InvoiceSettingsUpdate.from_dict({"email": "a@b.test", "newKey": 1})
    assert repr(decoded) == "InvoiceSettingsUpdate(email='a@b.test', additional_properties={'newKey': 1})"


def test_unset_survives_pickling_as_itself():
    settings = InvoiceSettingsUpdate(payment_term_days=30)
    again = pickle.loads(pickle.dumps(settings))  # noqa: S301 - our own bytes
    assert again == settings
    assert again.email is types.UNSET
    assert attrs.evolve(again, email="a@b.test").to_dict()["email"] == "a@b.test"


def test_download_is_public():
    from iqm_finance_client._downloads import Download  # noqa: PLC0415

    assert iqm_finance_client.Download is Download
    assert types.Download is Download
    assert "Download" in iqm_finance_client.__all__


def test_the_names_types_offered_before_the_runtime_held_them_are_still_importable_from_it():
    # 2.4.0 moved the sentinels and file types into the runtime's `_types`; `types` stays their public home.
    from iqm_finance_client import _types, types  # noqa: PLC0415

    for name in ("UNSET", "Unset", "File", "FileContent", "FileTypes", "RequestFiles", "Response", "NOT_GIVEN"):
        assert hasattr(types, name), name
    assert types.FileContent is _types.FileContent
    assert types.UNSET is _types.UNSET
