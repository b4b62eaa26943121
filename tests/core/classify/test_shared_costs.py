"""Friends passing on bank details to share a cost (a hen do, a wedding collection, the gas bill) from their own
mobiles are personal texts, however much the model, which saw account numbers only in prize and fee spam, leans to
spam; the payment-diversion and family-impersonation scams that give an account are not let through by it."""

from __future__ import annotations

import pytest

from privatrack.core.classify import Classifier
from tests.messages import sms

REASON = "bank details to share a cost, from a personal mobile"


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


@pytest.mark.parametrize("body,sender", [
    ("Here's my bank details for the hen do money: Miss S Hughes, sort code 20-45-77, acc 41829563. £85 each pls by "
     "Friday", "+447700900321"),
    ("Sending my account details for the wedding shagun collection: Anil Verma, HDFC A/C 50100234567812, IFSC "
     "HDFC0001234. Pls send by Sunday", "+919900112233"),
    ("Hey mate, footy tipping comp money is due - $20 to BSB 062-000 Acc 1234 5678 (Dave Wilson). Cheers",
     "+61491570156"),
    ("Landlord's IBAN for the deposit is IE29 AIBK 9311 5212 3456 78, I've paid my half. Can you do yours today?",
     "+353861112233"),
    ("Cabin for the long weekend came to $1,440, so $240 a head. Chase routing 021000021 acct 7730019244 (Tom R). "
     "No rush!", "+12125550143"),
    ("Winter subs are £55, due by the first match. Nationwide 07-04-36 acc 81726354 (Riverside FC). Cheers all",
     "+447700900515"),
])
def test_bank_details_to_share_a_cost_are_personal(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "personal", c
    assert REASON in c.reasons


@pytest.mark.parametrize("body,sender", [
    # payment diversion: "our new account from now on"
    ("Hi, it's Mark your landlord. We've changed bank, please pay the rent to our new account from now on, split "
     "between you as usual: sort code 40-11-62, acc 71829364.", "+447700900888"),
    # a new number asking for money, with the same words
    ("Hi mum, this is my new number, my phone broke. Can you pay my share of the rent today? Sort code 20-45-77, "
     "acc 41829563, I'll pay you back tomorrow", "+447946031257"),
    # a link, or a sender name, is no friend's text
    ("Hen do money: £85 each to sort code 20-45-77, acc 41829563 or pay at hen-party-pay.top", "+447700900321"),
    ("Your share of the prize fund: claim £85 each, sort code 20-45-77 acc 41829563", "PRIZES"),
])
def test_the_same_details_in_a_scams_words_are_left_to_the_other_rules(clf: Classifier, body: str,
                                                                        sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert REASON not in c.reasons, c


DIVERSION = "new bank details for a payment, texted from a mobile (payment diversion)"


@pytest.mark.parametrize("body,sender", [
    ("Hello, it's Karen your landlady. I've switched banks so please update your standing order from next month: "
     "K Doyle 30-94-57, 61730042. The old account is closing. Thanks", "+447700900471"),
    ("Hi it's Gary from GT Plastering, all done. My accountant says payments now go to the company account, so the "
     "£1,900 to GTP Ltd 20-18-15 / 33920174 please. Cheers", "+447700900652"),
    ("Hi Sue, quick note from Little Stars childminding: our bank details have changed. Please pay this month's "
     "fees of $640 to BSB 062-914 account 1029 3847. Thanks!", "+61491570777"),
])
def test_new_bank_details_texted_from_a_mobile_are_a_payment_diversion(clf: Classifier, body: str,
                                                                      sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "fraud", c
    assert DIVERSION in c.reasons


def test_a_friends_bare_sort_code_to_share_a_cost_is_no_diversion(clf: Classifier) -> None:
    c = clf.classify(sms("Taxi home was £48 so £12 each, I'm 20-45-77 41829563 x", "+447700900333"))
    assert c.category == "personal", c
    assert REASON in c.reasons and DIVERSION not in c.reasons


@pytest.mark.parametrize("body", [
    "Let's take transit instead of driving tomorrow",
    "I'll e-transfer you the money instead of cash, ok?",
    "From now on I'll use PayID for the rent",
    "Going forward just UPI me",
    "We live in NW10 from now on, come visit!",
    "I fly BA15 instead of the later one",
])
def test_everyday_words_about_paying_or_changing_are_no_diversion(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body, "+447911123456"))
    assert DIVERSION not in c.reasons and c.category == "personal", c
