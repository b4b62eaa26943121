"""Forwarded mail is judged by what it forwards: a scam passed on by a family member (or caught by a honeypot) is a
scam, a forwarded dinner invitation stays personal, and replies and mailing-list posts are their writers' own."""

from __future__ import annotations

from typing import Any

import pytest

from privatrack.core.classify import Classifier
from privatrack.core.classify.corrections import Corrections
from privatrack.core.classify.forwarded import forwarded_message, is_forward
from tests.messages import mail

SCAM = ("Dear Friend,\n\nI'm Manuel Franco, I won the $768 million Powerball lottery and I am donating "
        "$2,800,000.00 to five lucky people as a charity donation. Your e-mail was selected. Contact my agent at "
        "claims.franco@gmail.com with your full name, address and phone number to receive your donation.\n")

OUTLOOK_PT = ("\n________________________________\nDe: Manuel Franco <mfranco.donation@outlook.com>\n"
              "Enviado: quarta-feira, 30 de agosto de 2023 02:52\nPara: Maria <maria@example.com>\n"
              "Assunto: DONATION FOR YOU\n\n" + SCAM)


def test_a_forwarded_scam_is_judged_by_the_scam_not_by_the_person_who_forwarded_it() -> None:
    clf = Classifier.standalone()
    fwd = mail(OUTLOOK_PT, "Fw: DONATION FOR YOU", "maria@hotmail.com", "Maria")
    c = clf.classify(fwd)
    assert c.category in ("marketing", "fraud"), c.reasons
    assert c.reasons[0] == "forwarded message from Manuel Franco <mfranco.donation@outlook.com>"
    assert c.merchant is None and c.suggestion is None  # the forwarder is no merchant
    assert "unknown sender" not in c.reasons


def test_a_forwarded_invitation_stays_personal() -> None:
    body = ("Look, Tom's invitation below - shall we go?\n\n---------- Forwarded message ---------\n"
            "From: Tom Becker <tom.becker@gmail.com>\nDate: Fri, 3 Nov 2023 at 18:02\nSubject: Dinner on Saturday\n"
            "To: Anna <anna@example.com>\n\n\nHi Anna, we are having a few friends over for dinner on Saturday "
            "at 7. Would you and Ben like to come? Bring nothing but yourselves.\nTom\n")
    c = Classifier.standalone().classify(mail(body, "Fwd: Dinner on Saturday", "anna@example.com", "Anna"))
    assert c.category == "personal", c.reasons
    assert not any(r.startswith("forwarded message") for r in c.reasons)


def test_replies_and_mailing_list_posts_are_not_unwrapped() -> None:
    reply = mail("No, don't answer it, it's the usual lottery scam.\n" + OUTLOOK_PT, "RE: DONATION FOR YOU",
                 "maria@hotmail.com", "Maria")
    assert forwarded_message(reply) is None
    post = mail("Another one for the collection:\n" + OUTLOOK_PT, "Fw: DONATION FOR YOU", "bob@example.net",
                headers={"List-Id": "Spam watchers <spam-watch.lists.example.net>"})
    assert forwarded_message(post) is None
    for msg in (reply, post):
        assert not any(r.startswith("forwarded") for r in Classifier.standalone().classify(msg).reasons)


def test_the_forwarded_header_block_is_read_in_the_common_layouts() -> None:
    gmail = forwarded_message(mail(
        "FYI\n\n---------- Forwarded message ---------\nFrom: PayPal <service@paypal.com>\n"
        "Date: Mon, Mar 20, 2023 at 5:43 AM\nSubject: Your receipt\nTo: Stella Lima <stella@example.com>, "
        "Luciana <\nluciana@example.com>\n\n\nThank you for your payment.\n", "Fwd: Your receipt"))
    assert gmail is not None
    assert (gmail.sender, gmail.sender_name, gmail.subject) == ("service@paypal.com", "PayPal", "Your receipt")
    # the marker line says it even when the forwarder rewrote the subject
    assert is_forward(mail("see below\n\n---------- Forwarded message ---------\nFrom: a@b.example\n", "look"))
    assert not is_forward(mail("see below\n\nthe forwarded message is lost\n", "look"))
    assert gmail.body_text == "Thank you for your payment."  # the wrapped recipient line is part of the block
    outlook = forwarded_message(mail(
        "*De:* Darya <support@mjfashiongroup.com>\n*Enviado:* sábado, 26 de agosto de 2023 21:10\n"
        "*Para:* phishing@pot\n*Assunto:* Salutations\n\nHello dear.\n", "ENC: Salutations"))
    assert outlook is not None
    assert (outlook.sender, outlook.sender_name, outlook.subject) == (
        "support@mjfashiongroup.com", "Darya", "Salutations")
    apple = forwarded_message(mail(
        "Begin forwarded message:\n\n> From: \"Ian Bell\" <hello@ianbell.com>\n> Subject: Opens Friday\n"
        "> Date: 1 October 2002 16:00:00 PDT\n> To: list@example.org\n\n> Tickets on sale now.\n", "Opens Friday"))
    assert apple is not None and (apple.sender, apple.sender_name) == ("hello@ianbell.com", "Ian Bell")
    old_outlook = forwarded_message(mail(
        "-----Original Message-----\nFrom: Lee, Chris [mailto:chris.lee@example.com]\nSent: Tuesday, 4 June 2002\n"
        "To: Team\nSubject: Numbers\n\nSee attached.\n", "FW: Numbers"))
    assert old_outlook is not None and (old_outlook.sender, old_outlook.sender_name) == (
        "chris.lee@example.com", "Lee, Chris")
    chinese = forwarded_message(mail(
        "\n------------------ 原始邮件 ------------------\n发件人: 京东 <newsletter@jd.com>\n发送时间: 2023年11月1日\n"
        "收件人: 我 <me@example.com>\n主题: 双11大促\n\n全场低至5折\n", "转发: 双11大促"))
    assert chinese is not None and (chinese.sender, chinese.subject, chinese.body_text) == (
        "newsletter@jd.com", "双11大促", "全场低至5折")


def test_a_from_line_in_ordinary_text_is_no_header_block() -> None:
    msg = mail("From: the garden centre, a voucher for you.\nWe went on Sunday.\n", "Fwd: photos")
    assert forwarded_message(msg) is None


def test_a_users_correction_of_the_forward_wins() -> None:
    fwd = mail(OUTLOOK_PT, "Fw: DONATION FOR YOU", "maria@hotmail.com", "Maria")
    corrections = Corrections()
    corrections.add(fwd, "personal", None, None)
    c = Classifier([], corrections).classify(fwd)
    assert c.category == "personal", c.reasons
    assert not any(r.startswith("forwarded message") for r in c.reasons)


def _unwrap_and_classify(body: str, subject: str) -> str:
    msg = mail(body, subject)
    forwarded_message(msg)
    return Classifier.standalone().classify(msg).category


@pytest.mark.parametrize("body", [
    "From: a\n" * 200_000, "De:" + " " * 500_000 + "x\n", "From: x <a@b.c>\nDate: d\n" * 50_000,
    "From: x\nDate: d\nSubject: s\n\n" + "From: " + "a@" * 300_000, "*" * 8 + "From" + "*" * 400_000 + ":\n",
    "From: x\nDate: d\nSubject: s\n\n" + "---------- Forwarded message ---------\n" * 20_000,
    # marker lines looked for without a "Fwd:" subject: runs of dashes and blank lines were quadratic
    "-" * 200_000, "\n" * 200_000, " " * 200_000, "-- forwarded message" * 20_000, "begin forwarded message:" * 20_000,
])
@pytest.mark.parametrize("subject", ["Fwd: x", "x"])
def test_hostile_forwards_are_read_without_hanging(body: str, subject: str, no_hang: Any) -> None:
    assert no_hang(_unwrap_and_classify, body, subject) in ("marketing", "fraud", "personal", "transactional")
