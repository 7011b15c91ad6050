"""`_lazy.lazy_attribute`: built on the first read of each instance, then read from the instance with no call."""

from __future__ import annotations

from iqm_finance_client._lazy import LazyAttribute, lazy_attribute


class Owner:
    """Counts the builds of its one lazy attribute."""

    def __init__(self) -> None:
        self.builds = 0

    @lazy_attribute
    def resource(self) -> list[int]:
        """The resource."""
        self.builds += 1
        return [self.builds]


def test_the_attribute_is_built_once_per_instance_and_kept_in_it():
    owner, other = Owner(), Owner()
    first = owner.resource
    assert owner.resource is first
    assert owner.builds == 1
    assert owner.__dict__["resource"] is first
    assert other.resource is not first


def test_on_the_class_it_is_the_descriptor_with_the_method_s_docstring():
    descriptor = Owner.__dict__["resource"]
    assert isinstance(descriptor, LazyAttribute)
    assert Owner.resource is descriptor
    assert descriptor.__doc__ == "The resource."
