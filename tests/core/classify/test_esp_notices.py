"""Notices from senders the directory does not know, sent through mailing services (SendGrid, Mailgun, Amazon SES:
List-Unsubscribe, Feedback-ID) and linking only to their own site, are transactions; an ad or a phish in the same
clothes is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from privatrack.core.classify import Classifier
from privatrack.core.importers.mail import parse_mail
from privatrack.core.models import RawMessage
from tests.messages import eml

# Whole mails as sent, from hand-written held-out sets (another author) that were wrong before this rule
NOTICES = Path(__file__).parent / "fixtures" / "esp_notices"


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


@pytest.mark.parametrize("path", sorted(NOTICES.glob("*.eml")), ids=lambda p: p.stem)
def test_a_notice_through_a_mailing_service_linking_home_is_a_transaction(clf: Classifier, path: Path) -> None:
    # t_: a notice; m_: a win-back through Mailchimp saying "reactivate", the shop's marketing and not a phish
    c = clf.classify(eml(path))
    assert c.category == {"t": "transactional", "m": "marketing"}[path.name[0]], c


def test_the_notices_are_there() -> None:
    assert len(list(NOTICES.glob("*.eml"))) == 8


RESET = ("Hi Kate,\n\nWe received a request to reset the password for your account.\n\n"
         "Reset your password: https://www.{site}/password/reset?token=zk4p9qv\n\n"
         "This link expires in 1 hour. If you didn't request a password reset, you can ignore this email.")


def _bulk(body: str, sender: str, subject: str) -> RawMessage:
    """A mail sent through Mailgun with a List-Unsubscribe header."""
    head = (f"From: Accounts <{sender}>\r\nTo: kate@example.org\r\nSubject: {subject}\r\n"
            "Date: Tue, 10 Feb 2026 08:30:00 +0000\r\nList-Unsubscribe: <https://u.example.net/u>\r\n"
            "X-Mailgun-Sid: WyI3ZjQ\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
    msg = parse_mail(head.encode() + body.encode(), source="test", item=subject)
    assert isinstance(msg, RawMessage), msg
    return msg


def test_a_reset_linking_to_another_site_is_no_notice(clf: Classifier) -> None:
    ok = clf.classify(_bulk(RESET.format(site="tandemrides.com"), "no-reply@tandemrides.com", "Reset your password"))
    assert ok.category == "transactional", ok
    bad = clf.classify(_bulk(RESET.format(site="tandem-login.top"), "no-reply@tandemrides.com",
                             "Reset your password"))
    assert bad.category != "transactional", bad


def test_an_ad_from_its_own_site_naming_no_reference_stays_an_ad(clf: Classifier) -> None:
    body = ("Dear Sir / Madam,\n\nFed up of paying too much for your tobacco? Visit our website, where you can order "
            "5 cartons of cigarettes from as little as 150 euros, delivery included.\n\nhttp://www.smokes-cheap.example.com"
            "\n\nTo be removed from our list reply with REMOVE.")
    c = clf.classify(_bulk(body, "info@smokes-cheap.example.com", "Cheap cigarettes"))
    assert c.category == "marketing", c
