"""The fast path for mainland mobile numbers gives exactly what phonenumbers gives."""

from __future__ import annotations

import random

import phonenumbers
import pytest

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
