"""The one list of office names."""

from __future__ import annotations

from node import offices

ASEAN = {"BN", "ID", "KH", "LA", "MM", "MY", "PH", "SG", "TH", "VN"}


def test_the_list_holds_the_ten_asean_offices_each_named():
    assert set(offices.names()) == ASEAN
    assert all(name.strip() for name in offices.names().values())


def test_an_office_outside_the_list_is_shown_by_its_code():
    assert offices.name_of("KH") == "Department of Intellectual Property Rights, Cambodia"
    assert offices.name_of("XX") == "XX IP office"
