"""Normalising details: the fast path for mainland mobile numbers gives exactly what phonenumbers gives; e-mail
addresses."""

from __future__ import annotations

import random

import phonenumbers
import pytest

from privatrack.core import normalize as norm
from privatrack.core.errors import InvalidInput
from privatrack.core.normalize import normalize_phone, normalize_sms_sender


def by_library(value: str, region: str) -> str | None:
    try:
        num = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(num):
        return None
    return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)


def ours(value: str, region: str) -> str | None:
    try:
        return normalize_phone(value, region)
    except InvalidInput:
        return None


def test_mobile_numbers_in_every_form_and_region_match_the_library() -> None:
    rng = random.Random(7)
    samples = []
    for _ in range(3000):
        national = str(rng.choice([10, 11, 12, 13, 14, 15, 16, 17, 18, 19])) + "".join(
            rng.choice("0123456789") for _ in range(rng.choice([8, 9, 9, 9, 10])))
        samples += [national, "+86" + national, "86" + national, "0086" + national, "+1" + national[:10]]
    for value in samples:
        for region in ("CN", "US", "GB", "HK"):
            assert ours(value, region) == by_library(value, region), (value, region)


def test_sms_senders_keep_short_codes_and_ports_and_normalise_mobiles() -> None:
    assert normalize_sms_sender("138 0013 8000") == "+8613800138000"
    assert normalize_sms_sender("+86 138-0013-8000") == "+8613800138000"
    assert normalize_sms_sender("10690123456789") == "10690123456789"
    assert normalize_sms_sender("95588") == "95588"
    assert normalize_sms_sender("jd") == "JD"


@pytest.mark.parametrize("value", ["", "abc", "+86"])
def test_non_numbers_are_refused(value: str) -> None:
    with pytest.raises(InvalidInput):
        normalize_phone(value)


@pytest.mark.parametrize("value", ["a" * 200_000, "a@" + "b" * 200_000, "x" * 319 + "@example.com"])
def test_an_overlong_email_address_is_refused_with_a_short_message(value: str) -> None:
    # (200,000 characters without "@" took minutes in the address pattern)
    with pytest.raises(InvalidInput) as err:
        norm.normalize_email(value)
    assert len(str(err.value)) < 200


def test_ordinary_email_addresses_are_still_accepted() -> None:
    assert norm.normalize_email(" <Anna.Li+shop@Example.COM> ") == "anna.li+shop@example.com"
    assert norm.normalize_email("x" * 64 + "@" + "d" * 63 + ".example.org").endswith(".example.org")
