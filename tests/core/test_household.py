"""The data map: people, normalised details, merchants with the built-in directory, disclosures, consent."""

from __future__ import annotations

import pytest

from privatrack.core import household as hh
from privatrack.core.directory import builtin_directory, parse_directory
from privatrack.core.errors import InvalidInput, NotFound
from privatrack.core.normalize import normalize_domain, normalize_signature, normalize_sms_sender, registrable_domain


def test_phone_matches_in_any_written_form(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Alice")
    hh.add_detail(db, "Alice", "phone", "13800138000")
    for form in ("13800138000", "+86 138 0013 8000", "+86-138-0013-8000", "0086 13800138000", "１３８００１３８０００"):
        assert hh.find_detail(db, form).value == "+8613800138000", form
    with pytest.raises(InvalidInput):
        hh.add_detail(db, "Alice", "phone", "+86 138 0013 8000")  # same number, another form


def test_plus_alias_is_its_own_detail_linked_to_base(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Bob")
    hh.add_detail(db, "Bob", "email", "Bob+Shop@Example.COM")
    alias = hh.find_detail(db, "bob+shop@example.com")
    base = hh.find_detail(db, "BOB@example.com")
    assert alias.base == base.value == "bob@example.com"
    hh.add_merchant(db, "Shop")
    hh.disclose(db, "Shop", "bob+shop@example.com", "2024-02-03", "order")
    dm = hh.data_map(db, "bob@example.com")
    assert dm["merchants"] == [{"merchant": "Shop", "via": "bob+shop@example.com", "date": "2024-02-03",
                                "context": "order"}]


def test_invalid_details_are_refused(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Carol")
    with pytest.raises(InvalidInput):
        hh.add_detail(db, "Carol", "email", "not-an-address")
    with pytest.raises(InvalidInput):
        hh.add_detail(db, "Carol", "phone", "12")
    with pytest.raises(NotFound):
        hh.add_detail(db, "Nobody", "phone", "13800138000")
    assert hh.list_details(db) == []


def test_merchant_identifiers_are_normalised_and_merged_with_directory(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_merchant(db, "京东", aliases=["JD"], signatures=["【京东商城】"], domains=["https://www.JD.com/x"],
                    sms_senders=["1069 0000 1234"])
    m = hh.find_merchant(db, "jd")
    assert m.source == "user" and m.jurisdiction == "CN"  # from the built-in directory
    assert "京东商城" in m.signatures and "京东" in m.signatures
    assert m.domains.count("jd.com") == 1
    assert "106900001234" in m.sms_senders
    # The user's values override the directory's.
    hh.add_merchant(db, "JD.com", privacy_email="Privacy@JD.example")
    assert hh.find_merchant(db, "京东").privacy_email == "privacy@jd.example"
    listed = [x for x in hh.list_merchants(db) if x.directory_key == "jd"]
    assert len(listed) == 1 and listed[0].source == "user"


def test_directory_merchant_materialises_on_first_use(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Dan")
    hh.add_detail(db, "Dan", "email", "dan@example.net")
    assert hh.find_merchant(db, "Spotify").source == "builtin"
    hh.disclose(db, "spotify", "dan@example.net")
    m = hh.find_merchant(db, "Spotify")
    assert m.source == "user" and m.privacy_email == "privacy@spotify.com"


def test_a_materialised_directory_merchant_keeps_the_directorys_service_numbers(db) -> None:  # type: ignore[no-untyped-def]
    # phones live in the directory only (the classifier lets a known bank's notice give its own number to call)
    assert "0800 9 123 123" in hh.find_merchant(db, "Santander").phones
    hh.add_person(db, "Dan")
    hh.add_detail(db, "Dan", "email", "dan@example.net")
    hh.disclose(db, "Santander", "dan@example.net")
    m = hh.find_merchant(db, "Santander")
    assert m.source == "user" and "0800 9 123 123" in m.phones
    assert hh.find_merchant(db, "Spotify").phones == []


def test_consent_timeline_and_state(db) -> None:  # type: ignore[no-untyped-def]
    hh.add_person(db, "Eve")
    hh.add_detail(db, "Eve", "phone", "13900001111")
    hh.add_merchant(db, "Group Buy", jurisdiction="CN")
    hh.record_consent(db, "Group Buy", "grant", "sms", date="2023-01-01", kind="default")
    rec = hh.merchant_record(db, "Group Buy")
    assert rec["consent_state"] == {"sms": "invalid_default"}
    hh.record_consent(db, "Group Buy", "withdraw", "sms", date="2023-06-01", detail="139 0000 1111")
    hh.record_consent(db, "Group Buy", "refuse", "email", date="2023-02-01")
    rec = hh.merchant_record(db, "Group Buy")
    assert [c["action"] for c in rec["consents"]] == ["grant", "refuse", "withdraw"]
    assert rec["consent_state"] == {"sms": "invalid_default", "email": "refused", "sms:+8613900001111": "withdrawn"}
    with pytest.raises(InvalidInput):
        hh.record_consent(db, "Group Buy", "grant", "fax")
    with pytest.raises(InvalidInput):
        hh.record_consent(db, "Group Buy", "grant", "sms", date="01/02/2023")


def test_normalisers() -> None:
    assert normalize_signature("【京东】") == normalize_signature("[京东]") == normalize_signature("京东") == "京东"
    assert normalize_domain("HTTPS://WWW.Example.co.uk/path") == "example.co.uk"
    assert registrable_domain("mail.shop.example.co.uk") == "example.co.uk"
    assert registrable_domain("a.b.jd.com") == "jd.com"
    assert normalize_sms_sender("10690123") == "10690123"
    assert normalize_sms_sender("95588") == "95588"
    assert normalize_sms_sender("+86 138 0013 8000") == "+8613800138000"


def test_builtin_directory_is_valid_and_documented_format() -> None:
    entries = builtin_directory()
    assert len(entries) >= 20
    keys = [e.key for e in entries]
    assert len(keys) == len(set(keys))
    for e in entries:
        assert e.jurisdiction in (None, *hh.JURISDICTIONS)
        for d in e.domains:
            assert normalize_domain(d) == d
    with pytest.raises(ValueError):
        parse_directory({"format": "other", "version": 1, "merchants": []})
