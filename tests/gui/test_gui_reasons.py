"""Classifier reasons in the UI language: translated where the GUI shows them, stored and printed in English.

The reasons come from the real classifier (``Classifier.standalone()``) run over hand-written messages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest

from PySide6.QtCore import QCoreApplication, Qt

from privatrack.core.classify import Classifier
from privatrack.core.classify.corrections import Corrections
from privatrack.core.directory import builtin_directory
from privatrack.core.models import RawMessage
from privatrack.core.store.vault import Vault
from privatrack.gui.i18n import install_translators, remove_translators
from privatrack.gui.main_window import MainWindow
from privatrack.gui.models.messages import COL_CATEGORY
from privatrack.gui.reasons import MAX_DEPTH, TEMPLATES, translate_reason, translate_reasons
from tests.gui.helpers import add_message
from tests.messages import mail, sms

CJK = re.compile(r"[\u4e00-\u9fff]")
# English words of the templates that must not survive translation (values are taken out before the check)
TEMPLATE_WORDS = ("header", "sender", "domain", "text model", "wording", "signature", "opt-out", "look-alike",
                  "imitates", "suspicious", "display name", "wanted", "shortened", "bulk", "code", "pattern", "link",
                  "unknown")


NEWSLETTER_HEADERS = {
    "List-Unsubscribe": "<mailto:u@substack.com>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    "List-Id": "<weekly.substack.com>", "Precedence": "bulk", "X-Mailgun-Sid": "abc", "X-MC-User": "x",
    "Feedback-ID": "1:2:3", "X-Job": "1", "X-Campaign-Foo": "1",
}
# The four kinds of message of the brief: marketing SMS, phishing, newsletter, personal mail.
REPRESENTATIVE = {
    "jd_sms": sms("【京东】11.11大促开启，全场满299减50，点击 3.cn/x8Kq 抢购，回TD退订"),
    "phishing": mail("Your account has been suspended. Verify now at http://jd-account-verify.top/login",
                     "账户将被冻结", "service@jd-account-verify.top", "京东客服"),
    "newsletter": mail("This week's news. Unsubscribe here.", "Weekly news", "news@substack.com",
                       headers=NEWSLETTER_HEADERS),
    "personal": mail("Hi Anna, are we still on for dinner on Saturday? I can bring the salad.\nSee you",
                     "Saturday dinner", "ben@gmail.com", "Ben"),
}
PRIZE = ("Congratulations! You have been selected to receive a $500 gift card. Claim your reward before midnight: "
         "https://rewards-today.example.top/claim")
# Messages that between them make the core write every kind of reason (with the representative ones).
PHISH_QUOTA = ("Mailbox Storage Alert. Dear user, your mailbox has reached 49.7 GB of its 50 GB storage limit (99%). "
               "22 incoming messages are on hold on the server and will be returned to their senders if your storage "
               "is not upgraded. To avoid losing important emails, increase your mailbox quota now at no extra cost: "
               "https://webmail-quota-sync.example.top/owa/auth/upgrade.aspx Note: failure to verify within 24 hours "
               "will result in the suspension of incoming and outgoing mail on this account.")
CRAFTED: list[tuple[RawMessage, str | None]] = [
    (sms("【支付宝】验证码 482913，您正在登录支付宝，5分钟内有效，请勿告诉他人。", "95188"), None),
    (sms("【京东】您的订单 2837465 已发货，快递单号 JD0012345678，请注意查收。", "95118"), None),
    (sms("会员积分即将清零【小明超市】"), None),
    (sms("Sorry I missed your call, I'm on 07090201529", None), None),
    (sms("Gas came to £186.40 so £46.60 each. Sort code 20-45-77, acc 43118902. Cheers!", "+447700900215"), None),
    (sms("Hi it's your landlord, I've switched banks so please update your standing order: K Doyle 30-94-57, "
         "61730042. Thanks", "+447700900471"), None),
    (mail("Buchungsbestätigung. Guten Tag, vielen Dank für Ihre Buchung. Auftragsnummer: 683214709875. Ihr Ticket ist "
          "sofort gültig: https://www.bahn.de/buchung", "Ihre Buchungsbestätigung", "buchungsbestaetigung@bahn.de",
          "Deutsche Bahn", {"Authentication-Results": "mx.example; dkim=pass; dmarc=pass header.from=bahn.de"}), None),
    (mail("¡Gracias por tu compra, Carmen! Hemos recibido tu pedido #10482 y lo estamos preparando. Total: 46,35 €. "
          "Te enviaremos el número de seguimiento cuando salga el paquete.", "Pedido #10482 confirmado",
          "pedidos@tostaderomontana.es", "Tostadero Montaña",
          {"Authentication-Results": "mx.example; dkim=pass; dmarc=pass header.from=tostaderomontana.es"}), None),
    (mail("Please find the overdue invoice here: https://files.example.net/Invoice_0412.pdf.zip", "Invoice overdue",
          "accounts.smith@gmx.example"), None),
    (mail(PHISH_QUOTA, "Mailbox Storage Alert", "it-desk@elsewhere.example", "example.com Mail Administrator"), None),
    (mail("Your credit card statement is ready. Minimum payment due: $40.00. Payment due date: 01/03/2027. View it at "
          "https://www.chase.com/statements", "Your statement is ready", "no.reply.alerts@chase.com", "Chase"), None),
    (mail("Mum, this is a scam, don't click anything in it.\n\n________________________________\nFrom: PayPal "
          "<service@paypa1-secure.top>\nSent: Monday, December 7, 2026 9:12 AM\nTo: Mum <mum@example.com>\nSubject: "
          "Suspended\n\nYour account will be suspended within 24 hours. Verify your account now: "
          "http://paypa1-secure.top/login\n", "Fw: Suspended", "kate@hotmail.com", "Kate"), None),
    (mail("Nur heute: 20 % Rabatt auf alle Sneaker. Jetzt im Shop entdecken und sparen!", "20 % Rabatt",
          "newsletter@schuhhaus.example", "Schuhhaus", {"List-Unsubscribe": "<https://news.example/u>"}), None),
    (mail("Uw bestelling 48213 is verzonden op 03-11-2026.", "Bestelling verzonden", "no-reply@winkel.example",
          "Winkel", {"List-Unsubscribe": "<https://news.example/u>"}), None),
    (mail("Rodrigo, você alcançou o cartão Black! Bem-vindo ao segmento Prime, com maiores oportunidades de crédito. "
          "Aproveite a oferta exclusiva e ative agora: https://prime-bradesco-ativar.example/ativar", "Bradesco Prime",
          "naoresponder@bradesco.com.br", "Bradesco",
          {"Authentication-Results": "spf=softfail; dkim=fail; dmarc=fail action=none header.from=bradesco.com.br",
           "List-Unsubscribe": "<mailto:sair@bradesco.com.br>"}), None),
    (sms("你的视频已被录下，24小时内向比特币钱包 bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh 转账，"
         "否则发给你通讯录所有人"), None),
    (sms("【京东】您有一笔退款待领取，请登录 http://refund-center.cc 办理"), None),
    (sms("京东物流：您的快递已到驿站，请及时取件。", "13800138000"), None),
    (sms("晚上一起吃饭吗？我七点到。", "+8613800138000"), None),
    (sms("【东方航空】您的航班已取消，请拨打客服热线四零零六八八八九九九办理改签赔偿", "10690000000"), None),
    (sms("【京东】您的订单退款已审核通过，请尽快处理", "13912345678"), None),
    (sms("【京东】您的订单退款失败，请添加客服微信jd-kf8866处理", "10690000000"), None),
    (sms("Rs.2,500.00 debited from A/c XX1234 on 05-12-26. Avl Bal Rs.12,345.67", "HDFCBK"), None),
    (sms("Your HSBC account has been frozen due to suspicious activity. Call us now on 020 3123 4567", "HSBC"), None),
    (sms("小王，在吗？我在开会不方便接电话，你加一下我的新QQ 2750391846，有事马上处理。", "+8613912345678"), None),
    (sms("Hi Mum, I dropped my phone in the toilet, this is my new number. Can you pay a bill for me urgently?",
         "+447700900123"), None),
    (mail("Your order has shipped.", "Your Amazon.com order has shipped", "auto-confirm@amazon.com"), None),
    (mail("We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need "
          "to do anything. If not, check activity at https://myaccount.google.com/notifications",
          "Security alert", "no-reply@accounts.google.com", "Google", {"Feedback-ID": "1:account:google"}), None),
    (mail("Hi Kate, we received a request to reset the password for your account. Reset your password: "
          "https://www.tandemrides.com/password/reset?token=zk4p9qv", "Reset your password",
          "no-reply@tandemrides.com", "Tandem", {"List-Unsubscribe": "<https://u.example.net/u>"}), None),
    (mail("We're having some trouble with your current billing information. You may want to update your payment "
          "details: https://www.netflix.com/youraccountpayment", "Update your payment information",
          "info@account.netflix.com", "Netflix"), None),
    (mail("Il tuo ordine è stato spedito. https://www.amazon.it/ordini", "Ordine spedito", "conferma@amazon.it",
          "Amazon.it"), None),
    (mail("Thanks for signing up.", "Welcome", "hello@mailer.example.net"), "me+netflix@x.org"),
    (mail("Your account has been limited. Verify your identity: http://secure-check.example.top", "Account limited",
          "service@mailbox-notice.top", "PayPal"), None),
    (mail("Your PayPal account has been limited. Verify your identity within 24 hours: https://www.telekom.com/verify",
          "Your PayPal account has been limited", "reply@telekom.com", "PayPal"), None),
    (mail("Your PayPal balance is ready. Log in to review the payment: https://www.paypal.com/signin",
          "Payment received", "service@paypal.com", "PayPal",
          {"Authentication-Results": "mx.example.net; dmarc=fail action=oreject header.from=paypal.com"}), None),
    (mail("Your account needs attention, please reply.", "Account", "service@paypa1.com"), None),
    (mail("Please confirm your details today.", "Statement", "notice@statements.example.net", "lRS.GOV"), None),
    (mail(PRIZE, "You have won a $500 gift card", "noreply@correios", "Rewards Desk"), None),
    (mail(PRIZE, "You have won a $500 gift card", "zvfj@[1086695621]", "Rewards Desk"), None),
    (mail(PRIZE, "You have won a $500 gift card", "news@shop-deals.example.com", "Rewards Desk",
          {"Authentication-Results": "dmarc=none header.from=shop-deals.example.com; compauth=fail reason=001"}),
     None),
    (mail("Yоur аccоunt hаs been lоcked. Sign in to restore access.", "Yоur аccоunt hаs been lоcked #2015913",
          "cs-support-17527@feedback.hurghada-example.com"), None),
    (mail("𝐓𝐫𝐲 𝐢𝐭 𝐭𝐨𝐝𝐚𝐲", "𝐐𝐮𝐢𝐜𝐤 𝐫𝐞𝐥𝐢𝐞𝐟 𝐟𝐫𝐨𝐦 𝐚𝐥𝐥 𝐩𝐚𝐢𝐧", "hope_28988@white.faculty-example.shop"), None),
    (mail("Congratulations! 4,000.00 EUR have been credited to your account. Claim your bonus now: "
          "https://claim-bonus-7f3a.web.app/start before midnight, 200 free spins included!",
          "You have received 4,000.00 EUR - claim today", "noreply@lucky-spins.example"), None),
    (mail("", "New arrivals for you", "offers@style-news.example",
          html='<p>Exclusive offer for you: 50% off all sneakers. Shop the collection at <a href="https://best-'
               'sneaker-outlet.top/x">www.nike.com</a> while stocks last!</p>'), None),
    (sms("omg this is literally your dog https://youtu.be/aBc12XyZ9Qw", "+447700900998"), None),
    (sms("Hi dear, I am stuck at the airport and need $500 for my ticket home. Please send it via Western Union "
         "to my agent, I will pay you back", "+447700900111"), None),
    (mail("Dear friend, I am contacting you about a business proposal of mutual benefit. Kindly reply to my "
          "private email with your full name and phone number for more details. Regards, Mr. Daniel Brown",
          "Business proposal", "daniel.brown@consultant-mail.example", "Daniel Brown",
          {"Reply-To": "dbrown.private@other-inbox.example"}), None),
    (mail("\n________________________________\nDe: Manuel Franco <mfranco.donation@outlook.com>\n"
          "Enviado: quarta-feira, 30 de agosto de 2023 02:52\nPara: Maria <maria@example.com>\n"
          "Assunto: DONATION FOR YOU\n\nI won the $768 million Powerball lottery and I am donating $2,800,000.00 "
          "to five lucky people. Contact my agent at claims.franco@gmail.com to receive your donation.\n",
          "Fw: DONATION FOR YOU", "maria@hotmail.com", "Maria"), None),
    # disguised words: split by invisible characters in the text and in the display name, look-alikes in the name
    (mail("Unusual sign-in to your Pay\U000e0139P\U000e0139al account. Review it at https://review-access.example.top/x",
          "Unusual sign-in", "alerts@notify-desk.example", "Mi\U000e0139cr\U000e0139osoft Sup\U000e0139port"), None),
    (mail("Please find the remittance advice attached.", "Remittance advice", "ap@payments-desk.example",
          headers={"X-Privatrack-Attachments": "Remittance_0412.html (text/html, 2,140 bytes encoded)"}), None),
    (mail("Your mailbox is almost full. Upgrade at https://quota-upgrade.example.top/x", "Mailbox full",
          "it@notify-desk.example", "\u0410dmin \u0421ent\u0435r"), None),
]


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


@pytest.fixture
def zh_cn(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    translators = install_translators(app, "zh_CN")
    assert translators, "privatrack_zh_CN.qm did not load"
    try:
        yield
    finally:
        remove_translators(app, translators)


def correction_reasons() -> list[str]:
    """The reasons a classifier that knows some of the user's corrections writes."""
    corrections = Corrections()
    corrections.add(sms("【小明超市】周末全场八折"), "marketing", None, None)
    corrections.add(sms("hello there friend", "+8613900000000"), "personal", None, None)
    corrections.add(mail("newsletter", "n", "a@corrected.example"), "marketing", None, None)
    corrections.add(mail("The quarterly garden club meeting is moved to Thursday evening at the library hall.",
                         "club", "x@y.example"), "personal", None, None)
    clf = Classifier(list(builtin_directory()), corrections)
    out: list[str] = []
    for m in (sms("【小明超市】新品上架"), sms("another text", "+8613900000000"),
              mail("hi", "hi", "b@corrected.example"),
              mail("The quarterly garden club meeting is moved to Thursday evening at the library hall!", "club",
                   "q@z.example")):
        out += clf.classify(m).reasons
    return out


def real_reasons(clf: Classifier) -> list[str]:
    """Every distinct reason the core writes for the messages above, in order."""
    reasons: list[str] = []
    for m in REPRESENTATIVE.values():
        reasons += clf.classify(m).reasons
    for m, to in CRAFTED:
        reasons += clf.classify(m, to).reasons
    return list(dict.fromkeys(reasons + correction_reasons()))


def template_of(reason: str) -> tuple[int, re.Match[str]] | None:
    for i, (pattern, _source, _nested) in enumerate(TEMPLATES):
        if m := pattern.fullmatch(reason):
            return i, m
    return None


def values_of(reason: str, depth: int = 0) -> list[str]:
    """The values a reason holds (domains, names, words...), looking inside nested reasons as deep as
    ``translate_reason`` does."""
    found = template_of(reason) if depth < MAX_DEPTH else None
    if found is None:
        return [reason]
    i, m = found
    out: list[str] = []
    for g, v in enumerate(m.groups(), 1):
        out += values_of(v, depth + 1) if g in TEMPLATES[i][2] else [v]
    return out


def assert_translated(reason: str, shown: str) -> None:
    assert CJK.search(shown), (reason, shown)
    rest = shown
    for v in sorted(values_of(reason), key=len, reverse=True):
        assert v in shown, (reason, shown, v)  # each value kept as the core wrote it
        rest = rest.replace(v, " ")
    leftover = [w for w in TEMPLATE_WORDS if w in rest.lower()]
    assert not leftover, (reason, shown, leftover)


def test_real_reasons_come_out_in_chinese_with_their_values(clf: Classifier, zh_cn: None) -> None:
    jd, phishing, newsletter, personal = (clf.classify(m).reasons for m in REPRESENTATIVE.values())
    assert {"signature 【京东】", "opt-out text 回TD退订"} <= set(jd), jd
    assert "link to a look-alike domain jd-account-verify.top (imitates 京东)" in phishing, phishing
    assert "List-Unsubscribe header" in newsletter, newsletter
    assert any(r.startswith("text model ") for r in personal), personal
    for reasons in (jd, phishing, newsletter, personal):
        shown = translate_reasons(reasons)
        assert len(shown) == len(reasons)
        for reason, text in zip(reasons, shown, strict=True):
            assert_translated(reason, text)
    assert translate_reason("signature 【京东】") == "短信签名【京东】"
    assert translate_reason("opt-out text 回TD退订") == "退订提示：回TD退订"
    assert translate_reason("List-Unsubscribe header") == "List-Unsubscribe 邮件头"
    assert (translate_reason("link to a look-alike domain jd-account-verify.top (imitates 京东)")
            == "链接指向仿冒域名 jd-account-verify.top（冒充 京东）")
    assert (translate_reason("text model 86% unwanted: 'click here', 'our'")
            == "文本模型：垃圾消息概率 86%，关键词：'click here', 'our'")
    # a reason inside a reason is translated too
    assert (translate_reason("suspicious: From address of PayPal, but sender domain paypal.com failed its DMARC "
                             "check: the From address is forged")
            == "可疑：发件地址属于 PayPal，但发件域名 paypal.com 未通过 DMARC 检查：发件地址是伪造的")


def test_every_reason_of_the_core_is_translated(clf: Classifier, zh_cn: None) -> None:
    for reason in real_reasons(clf):
        assert template_of(reason) is not None, reason
        assert_translated(reason, translate_reason(reason))


def test_every_template_matches_a_reason_the_core_writes(clf: Classifier, vault: Vault) -> None:
    # the reason of a correction stored through the core (vault_ops.correct writes it, not the classifier)
    from privatrack.core.classify import vault_ops

    row = add_message(vault.db, category="fraud")
    vault_ops.correct(vault.db, str(row), "marketing", None)
    stored = json.loads(vault.db.execute("SELECT reasons FROM messages WHERE id = ?", [row]).fetchone()[0])
    used: set[int] = set()
    pending = real_reasons(clf) + stored
    while pending:
        found = template_of(pending.pop())
        assert found is not None
        i, m = found
        used.add(i)
        pending += [m.group(g) for g in TEMPLATES[i][2]]
    assert [TEMPLATES[i][1] for i in range(len(TEMPLATES)) if i not in used] == []


def test_in_english_reasons_are_shown_as_the_core_wrote_them(clf: Classifier) -> None:
    reasons = real_reasons(clf)
    assert translate_reasons(reasons) == reasons


@pytest.mark.parametrize("text", [
    "",
    "a reason from a newer classifier",
    "信号异常",
    "x" * 100_000,
    "signature 【" + "【x" * 50_000,  # no closing bracket
    "text model " + "9" * 100_000 + "% unwanted",  # not a percentage
    "display name" + "a" * 100_000,
    "link to a look-alike domain " + "a (imitates b" * 8_000,  # no closing parenthesis
    "%1 %2 " * 15_000,
])
def test_unknown_and_hostile_strings_come_back_unchanged(zh_cn: None, text: str) -> None:
    # (no timing assert: a quadratic pattern would take minutes on these 100 KB strings, not milliseconds)
    assert translate_reason(text) == text


@pytest.mark.parametrize("text", [
    "display name " + " but sender domain  (" * 5_000,
    "display name " + "a but sender domain b (c" * 4_000,
    "sender domain " + "a (a " * 20_000 + " sit",
    "sender domain " + " imitates " * 10_000,
    "sender domain " + "x" * 100_000 + " failed its DMARC check: the From address is forge",  # as "sender domain %1"
    "From address of " + "x, but " * 15_000,
    "suspicious: " * 9_000,
    "names " + " but links to" * 8_000,
    "link to a look-alike domain " + "a (imitates b" * 8_000 + ")",
    "sender " + "1 is " * 20_000,
    "bulk-mail header " + "%1" * 50_000,
])
def test_hostile_reasons_are_translated_keeping_their_text(zh_cn: None, text: str) -> None:
    shown = translate_reason(text)
    assert CJK.search(shown)
    # the value is inserted once and as it is: nothing of the hostile text is lost or expanded
    assert max(len(v) for v in values_of(text)) <= len(shown) <= len(text) + 200


def test_messages_page_shows_reasons_in_chinese(qtbot, window: MainWindow, vault: Vault, clf: Classifier,
                                                zh_cn: None) -> None:
    ids = {}
    for key, msg in REPRESENTATIVE.items():
        c = clf.classify(msg)
        ids[key] = add_message(vault.db, channel=msg.channel, sender=msg.sender, sender_name=msg.sender_name,
                               subject=msg.subject, body_text=msg.body_text, category=c.category,
                               confidence=c.confidence, reasons=json.dumps(c.reasons, ensure_ascii=False))
    page = window.show_section("messages")
    qtbot.waitUntil(lambda: not page.loading and page.model.rowCount() == 4, timeout=5000)
    page.select_row(page.model.row_of(ids["jd_sms"]))
    shown = page.meta_values["category"].text()
    assert shown.startswith("营销"), shown
    assert "短信签名【京东】" in shown and "退订提示：回TD退订" in shown, shown
    assert "；" in shown and "; " not in shown, shown  # Chinese punctuation between reasons
    assert "signature" not in shown and "opt-out" not in shown and "text model" not in shown, shown
    page.select_row(page.model.row_of(ids["phishing"]))
    shown = page.meta_values["category"].text()
    assert "链接指向仿冒域名 jd-account-verify.top（冒充 京东）" in shown, shown
    tip = page.model.data(page.model.index(page.model.row_of(ids["newsletter"]), COL_CATEGORY),
                          Qt.ItemDataRole.ToolTipRole)
    assert "• List-Unsubscribe 邮件头" in tip and " header" not in tip, tip
    # shown translated, stored as the core wrote it (the CLI's contract)
    stored = vault.db.execute("SELECT reasons FROM messages WHERE id = ?", [ids["jd_sms"]]).fetchone()[0]
    assert "signature 【京东】" in json.loads(stored)
