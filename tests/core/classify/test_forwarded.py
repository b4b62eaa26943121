"""Forwarded mail is judged by what it forwards: a scam passed on by a family member (or caught by a honeypot) is a
scam, a forwarded dinner invitation stays personal, and replies and mailing-list posts are their writers' own."""

from __future__ import annotations

from typing import Any

import pytest

from privatrack.core.classify import Classifier, evidence
from privatrack.core.classify.corrections import Corrections
from privatrack.core.classify.forwarded import forwarded_message, is_forward, note_chars
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


# (subject, body, (sender, display name, subject, body text)) of the forwarded message
LAYOUTS = [
    # Gmail; the wrapped recipient line is part of the block
    ("Fwd: Your receipt", "FYI\n\n---------- Forwarded message ---------\nFrom: PayPal <service@paypal.com>\n"
     "Date: Mon, Mar 20, 2023 at 5:43 AM\nSubject: Your receipt\nTo: Stella Lima <stella@example.com>, "
     "Luciana <\nluciana@example.com>\n\n\nThank you for your payment.\n",
     ("service@paypal.com", "PayPal", "Your receipt", "Thank you for your payment.")),
    # Outlook in Portuguese, bold field names
    ("ENC: Salutations", "*De:* Darya <support@mjfashiongroup.com>\n*Enviado:* sábado, 26 de agosto de 2023 21:10\n"
     "*Para:* phishing@pot\n*Assunto:* Salutations\n\nHello dear.\n",
     ("support@mjfashiongroup.com", "Darya", "Salutations", "Hello dear.")),
    # Apple Mail, quoted lines, no Fwd: in the subject
    ("Opens Friday", "Begin forwarded message:\n\n> From: \"Ian Bell\" <hello@ianbell.com>\n> Subject: Opens Friday\n"
     "> Date: 1 October 2002 16:00:00 PDT\n> To: list@example.org\n\n> Tickets on sale now.\n",
     ("hello@ianbell.com", "Ian Bell", "Opens Friday", "> Tickets on sale now.")),
    # Thunderbird: Subject first, a Reply-To line inside the block
    ("Fwd: Hello there", "-------- Forwarded Message --------\nSubject: \tHello there\nDate: \tMon, 4 Dec 2023 "
     "10:00:00 +0100\nFrom: \tAlice Smith <alice@example.com>\nReply-To: \tx@example.net\nTo: \tbob@example.com\n\n\n"
     "Body\n", ("alice@example.com", "Alice Smith", "Hello there", "Body")),
    # old Outlook, [mailto:]
    ("FW: Numbers", "-----Original Message-----\nFrom: Lee, Chris [mailto:chris.lee@example.com]\nSent: Tuesday, 4 "
     "June 2002\nTo: Team\nSubject: Numbers\n\nSee attached.\n",
     ("chris.lee@example.com", "Lee, Chris", "Numbers", "See attached.")),
    # QQ Mail, 163, Outlook in Russian and Polish
    ("转发: 双11大促", "\n------------------ 原始邮件 ------------------\n发件人: 京东 <newsletter@jd.com>\n发送时间: "
     "2023年11月1日\n收件人: 我 <me@example.com>\n主题: 双11大促\n\n全场低至5折\n",
     ("newsletter@jd.com", "京东", "双11大促", "全场低至5折")),
    # QQ Mail's own layout: a ";" after each address, a blank line before 主题
    ("转发：积分兑换", "\n\n------------------ 原始邮件 ------------------\n发件人: \"中国移动\"<jf@10086-cn.top>;\n"
     "发送时间: 2023年11月1日(星期三) 上午10:00\n"
     "收件人: \"我\"<123456@qq.com>;\n\n主题: 积分兑换\n\n您的积分即将清零\n",
     ("jf@10086-cn.top", "中国移动", "积分兑换", "您的积分即将清零")),
    ("Fw:x", "\n\n-------- 转发邮件信息 --------\n发件人：\"Bob\" <bob@example.com>\n发送日期：2023-11-20 10:00:00\n"
     "收件人：\"Alice\" <alice@163.com>\n主题：x\n\n你好\n", ("bob@example.com", "Bob", "x", "你好")),
    ("FW: x", "\n\nОт: Bob <bob@example.com>\nОтправлено: 20 ноября 2023 г. 10:00\nКому: Alice <alice@example.com>\n"
     "Тема: x\n\nПривет\n", ("bob@example.com", "Bob", "x", "Привет")),
    ("PD: x", "\n\nOd: Bob <bob@example.com>\nWysłane: poniedziałek, 20 listopada 2023 10:00\nDo: Alice "
     "<alice@example.com>\nTemat: x\n\nCześć\n", ("bob@example.com", "Bob", "x", "Cześć")),
]


@pytest.mark.parametrize(("subject", "body", "want"), LAYOUTS, ids=[f"layout{i}" for i in range(len(LAYOUTS))])
def test_the_forwarded_header_block_is_read_in_the_common_layouts(subject: str, body: str,
                                                                  want: tuple[str, str, str, str]) -> None:
    inner = forwarded_message(mail(body, subject))
    assert inner is not None
    assert (inner.sender, inner.sender_name, inner.subject, inner.body_text) == want


def test_a_marker_line_says_forward_even_under_a_rewritten_subject() -> None:
    assert is_forward(mail("see below\n\n---------- Forwarded message ---------\nFrom: a@b.example\n", "look"))
    assert not is_forward(mail("see below\n\nthe forwarded message is lost\n", "look"))


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


def _gmail_forward(frm: str, subject: str, text: str, note: str = "") -> str:
    return (f"{note}\n\n---------- Forwarded message ---------\nFrom: {frm}\nDate: Fri, 3 Nov 2023 at 18:02\n"
            f"Subject: {subject}\nTo: Anna <anna@example.com>\n\n\n{text}\n")


@pytest.mark.parametrize(("frm", "subject", "text"), [
    # a known merchant's own mail, and transactions, forwarded by a friend stay what the forward is
    ("Chase <no.reply.alerts@chase.com>", "Your statement is ready",
     "Your credit card statement is ready. Sign in to chase.com to view it. Minimum payment due 12/15."),
    ("British Airways <BA@email.ba.com>", "Your booking confirmation",
     "Booking reference ABC123. London Heathrow to New York JFK, 12 Dec 2023. Manage my booking at ba.com"),
    # a genuine fraud alert gives its helpline
    ("Chase <no.reply.alerts@chase.com>", "Suspicious activity on your card",
     "We noticed suspicious activity on your Chase card ending in 4821. Did you make a $312.40 purchase at BESTBUY? "
     "If not, call us at 1-800-935-9935. Sign in at chase.com to review."),
    # a genuine security alert says what phish say ("unusual sign-in"), linking only to its sender's site
    ("Amazon <account-update@amazon.co.uk>", "Unusual sign-in detected",
     "Someone signed in to your account from a new device. Unusual sign-in detected. If this was not you, change your "
     "password at https://www.amazon.co.uk/security"),
    ("Google <no-reply@accounts.google.com>", "Security alert",
     "A new sign-in on Windows. We noticed a new sign-in to your Google Account on a Windows device. If this was "
     "you, you don't need to do anything. Check activity https://myaccount.google.com/notifications"),
])
def test_a_forwarded_merchants_mail_or_transaction_is_not_taken_for_spam(frm: str, subject: str, text: str) -> None:
    c = Classifier.standalone().classify(mail(_gmail_forward(frm, subject, text, "Can you look at this?"),
                                              f"Fwd: {subject}", "anna@example.com", "Anna"))
    assert c.category in ("personal", "transactional"), c.reasons


def test_a_forwarded_click_tracked_ad_is_no_masked_link_fraud() -> None:
    # the original's bulk headers are gone in a forward; its mailing service's click-tracking links are not
    html = ('<p>Shall we go?</p><p>Save 20% on all sofas this weekend. <a href="https://u1234.ct.sendgrid.net/ls/'
            'click?upn=abc">www.ikea.com</a></p>')
    text = _gmail_forward("IKEA <news@ikea-family.example>", "Sofa sale", "Save 20% on all sofas this weekend. "
                          "www.ikea.com", "Shall we go?")
    c = Classifier.standalone().classify(mail(text, "Fwd: Sofa sale", "anna@example.com", "Anna", html=html))
    assert c.category != "fraud", c.reasons
    assert not any(r.startswith("link shows one address") for r in c.reasons)


@pytest.mark.parametrize("subject", ["Odp: Fwd: DONATION FOR YOU", "Ответ: Fwd: DONATION FOR YOU",
                                     "YNT: Fwd: DONATION FOR YOU", "VS: DONATION FOR YOU"])
def test_replies_in_other_languages_are_not_unwrapped(subject: str) -> None:
    assert forwarded_message(mail("It's a scam, delete it.\n" + OUTLOOK_PT, subject, "maria@hotmail.com")) is None


def test_a_merchant_only_correction_of_the_forward_wins() -> None:
    fwd = mail(OUTLOOK_PT, "Fw: DONATION FOR YOU", "maria@hotmail.com", "Maria")
    corrections = Corrections()
    corrections.add(fwd, None, 42, "Maria's club")
    c = Classifier([], corrections).classify(fwd)
    assert c.merchant == "Maria's club" and not any(r.startswith("forwarded") for r in c.reasons), c


def test_the_forwarded_senders_attribution_is_not_shown() -> None:
    body = ("\n\nFrom: PayPal\nSent: Monday, November 20, 2023 10:00 AM\nTo: Anna\nSubject: Account limited\n\n"
            "Your account has been limited. Verify your identity now: http://paypal-verify.example.top/login\n")
    c = Classifier.standalone().classify(mail(body, "FW: Account limited", "anna@example.com", "Anna"))
    assert c.category in ("marketing", "fraud") and c.merchant is None, c.reasons
    assert not any(r.startswith(("names ", "sender ", "signature ")) for r in c.reasons), c.reasons


@pytest.mark.parametrize(("frm", "text"), [
    # order wording or a quoted brand address does not make a forwarded phish the brand's mail
    ("Support <support@order-verify-center.com>", "Your order #4471-2231 could not be processed and your account has "
     "been suspended. Verify your account within 24 hours at http://order-verify-center.com/login"),
    ("PayPal <service@paypal.com>", "Your account has been suspended. Verify your account within 24 hours at "
     "http://paypal-resolution-center.top/login"),
    # a number to call instead of a link
    ("PayPal <service@paypal.com>", "You have been charged $499.99 for Norton 360 renewal. Unauthorized transaction? "
     "Your account will be suspended unless you verify your identity. Call 1-808-555-0199 to cancel."),
])
def test_a_forwarded_phish_stays_unwanted(frm: str, text: str) -> None:
    c = Classifier.standalone().classify(mail(_gmail_forward(frm, "Account suspended", text, "Is this real?"),
                                              "Fwd: Account suspended", "anna@example.com", "Anna"))
    assert c.category in ("marketing", "fraud") and c.merchant is None, c.reasons


AD = ("Winter sale: 30% off all coats this weekend only. Shop now at https://www.northwind-outfitters.example/sale "
      "and get free delivery on orders over $50. Unsubscribe: https://www.northwind-outfitters.example/u")


def test_an_ad_forwarded_with_the_forwarders_own_words_is_their_message() -> None:
    clf = Classifier.standalone()
    note = "Mum - the coat you liked is on sale, shall I get you one for Christmas?"
    fwd = mail(_gmail_forward("Northwind Outfitters <news@northwind-outfitters.example>", "Winter sale", AD, note),
               "Fwd: Winter sale", "kate@example.com", "Kate")
    assert forwarded_message(fwd) is not None
    c = clf.classify(fwd)
    assert c.category == "personal", c.reasons
    # a bare forward (a honeypot's, a spam report) is what it carries
    bare = mail(_gmail_forward("Northwind Outfitters <news@northwind-outfitters.example>", "Winter sale", AD, ""),
                "Fwd: Winter sale", "kate@example.com", "Kate")
    c = clf.classify(bare)
    assert c.category == "marketing", c.reasons
    assert c.reasons[0].startswith("forwarded message from Northwind Outfitters")
    # what the forward's reader notes for the classifier is no evidence of the forwarded mail itself
    inner = forwarded_message(fwd)
    assert inner is not None and note_chars(inner) >= 20
    assert not any("forward-note" in t for t in evidence.extract(inner).extra)



PHISH_FWD = ("\n________________________________\nFrom: PayPal <service@paypa1-secure.top>\n"
             "Sent: Monday, December 7, 2026 9:12 AM\nTo: Mum <mum@example.com>\n"
             "Subject: Your account will be suspended\n\nDear customer, your account will be suspended within 24 "
             "hours. Verify your account now: http://paypa1-secure.top/login\n")


@pytest.mark.parametrize("note", [
    "妈：\n\n这个是诈骗邮件！！！我邮箱今天也收到了一模一样的，你千万别点里面的链接。有人打电话让你转账就直接挂掉。\n\n婷婷\n",
    "Mum, this is a scam, don't click anything in it or send them your details. Love, Kate\n",
])
def test_a_scam_forwarded_with_the_forwarders_warning_is_their_message(note: str) -> None:
    c = Classifier.standalone().classify(mail(note + PHISH_FWD, "Fw: Your account will be suspended",
                                              "kate@hotmail.com", "Kate"))
    assert c.category == "personal", c
    assert c.reasons[0] == ("forwards a message from PayPal <service@paypa1-secure.top> with a warning about it"), \
        c.reasons


def test_a_scam_forwarded_with_words_that_warn_of_nothing_stays_a_scam() -> None:
    c = Classifier.standalone().classify(mail("Kate, is this real? Should I do what it says before tomorrow?\n"
                                              + PHISH_FWD, "Fw: Your account will be suspended", "mum@hotmail.com",
                                              "Mum"))
    assert c.category == "fraud", c


def _fwd(note: str, frm: str, subject: str, text: str) -> str:
    return (f"{note}\n\n---------- Forwarded message ---------\nFrom: {frm}\nDate: Mon, Nov 13, 2023 at 9:12 AM\n"
            f"Subject: {subject}\nTo: <mom@163.com>\n\n{text}\n")


def test_a_warned_of_scam_that_makes_the_whole_forward_read_as_a_scam_is_still_the_forwarders() -> None:
    body = _fwd("这个是诈骗邮件！！！你千万别点里面的链接，也别回复，你妈差点就点了",
                "中国邮政 <service@ems-cn-notice.top>", "您的包裹因地址不详被退回",
                "尊敬的客户，您的包裹因地址不详无法派送，请在24小时内点击 http://ems-cn-notice.top/pay "
                "支付2元补寄费，否则包裹将被退回。")
    c = Classifier.standalone().classify(mail(body, "Fwd: 您的包裹因地址不详被退回", "dad.li@163.com", "爸爸"))
    assert c.category == "personal" and c.merchant is None, c
    assert c.reasons == ["forwards a message from 中国邮政 <service@ems-cn-notice.top> with a warning about it"]


def test_a_scammer_forwarding_their_own_phish_with_a_careful_word_is_no_warning() -> None:
    body = _fwd("Dear staff, be careful with your mailbox quota. Please follow the instructions below from the mail "
                "team today.", "Mail Team <team@univ-mail-services.com>", "Mailbox quota",
                "Your mailbox is over its quota and will stop sending and receiving mail. Re-validate at "
                "http://univ-mail-services.com/validate")
    c = Classifier.standalone().classify(mail(body, "Fwd: Mailbox quota", "it-desk@univ-mail-services.com", "IT Desk"))
    assert c.category == "fraud", c
