"""Classifier behaviour on hand-written English and Chinese messages: categories, reasons, merchants, look-alikes."""

from __future__ import annotations

from typing import Any

import pytest

from privatrack.core.classify import Classifier, _costly_number, evidence
from privatrack.core.classify.merchants import MerchantIndex
from privatrack.core.directory import builtin_directory
from privatrack.core.models import RawMessage
from tests.messages import mail, sms


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


def has(reasons: list[str], fragment: str) -> bool:
    return any(fragment in r for r in reasons)


# -- categories, English and Chinese ---------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "【京东】11.11大促开启，全场满299减50，点击 3.cn/x8Kq 抢购，回TD退订",
    "【屈臣氏】会员日福利：全场低至5折，到店出示短信再享95折，拒收请回复R",
    "FREE entry to win a £1000 prize! Txt WIN to 80086 now. T&Cs apply. Txt STOP to opt out",
    "Big SALE this weekend only: 50% off all shoes, shop now at shoes-shop.example. Reply STOP to unsubscribe",
])
def test_marketing_sms(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body))
    assert c.category == "marketing", c
    assert 0.5 <= c.confidence <= 1.0


@pytest.mark.parametrize("body,sender", [
    ("【支付宝】验证码 482913，您正在登录支付宝，5分钟内有效，请勿告诉他人。", "95188"),
    ("【顺丰速运】您的快件已到驿站，取件码 8-3-1024，请及时领取。", "95338"),
    ("Your verification code is 739201. It expires in 10 minutes. Do not share it.", "12345"),
    ("【京东】您的订单 2837465 已发货，快递单号 JD0012345678，请注意查收。", "95118"),
])
def test_transactional_sms(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "transactional", c


@pytest.mark.parametrize("body", [
    "晚上一起吃饭吗？我七点到。",
    "妈，我到学校了，周末回家。",
    "Are we still meeting for lunch tomorrow? I'll be there at 12:30.",
    "Sorry, running late, be there in 10 min",
])
def test_personal_sms(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body, "+8613800138000"))
    assert c.category == "personal", c
    assert c.merchant is None


@pytest.mark.parametrize("body", [
    # an ordinary number to call is no scam (these were fraud: the corpora's spam gives premium-rate numbers, their
    # ham almost none)
    "Hi, it's Sarah from Smile Dental. Just a reminder of your check-up tomorrow at 3pm. If you can't make it please "
    "call 01632 960123.",
    "Hi Tom, the electrician will come on Friday at 9. His number is 07700 900321 if you need him.",
])
def test_texts_giving_an_ordinary_phone_number_are_not_fraud(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body, "+447700900123"))
    assert c.category == "personal", c


def test_scams_giving_a_number_to_call_are_still_fraud(clf: Classifier) -> None:
    for body in ("Congratulations! You've won a £500 voucher. Call 09061701461 now to claim. T&C apply",
                 "Your a/c has been blocked. Call our helpline 01632 960999 immediately to avoid permanent "
                 "suspension."):
        assert clf.classify(sms(body, "+447700900222")).category == "fraud", body


@pytest.mark.parametrize("body,number", [
    # UK personal numbers (070) look like mobiles but cost the caller: "missed call" and fake-delivery scams
    ("Hey, it's Tom from the gym. Give me a bell on 070 4512 3456 about Saturday", "070 4512 3456"),
    ("Sorry I missed your call let's talk when you have the time. I'm on 07090201529", "07090201529"),
    # premium-rate (09) numbers given as a callback, the cost unsaid
    ("You have 2 new voicemails. Please call back on 0905 624 2159 to listen", "0905 624 2159"),
    ("Thanks for your ringtone order, ref R836. Your mobile will be charged £4.50. Should your tone not arrive "
     "please call customer services on 09065069154", "09065069154"),
    ("Missed call from +44 909 123 4567, ring back now", "+44 909 123 4567"),
])
def test_a_number_that_costs_to_call_given_without_its_price_is_fraud(clf: Classifier, body: str,
                                                                       number: str) -> None:
    c = clf.classify(sms(body, "+447700900124"))
    assert c.category == "fraud", c
    assert f"a premium-rate or personal number, costly to call: {number}" in c.reasons, c.reasons


def test_a_paid_line_stating_its_price_is_marketing(clf: Classifier) -> None:
    c = clf.classify(sms("Chat to local singles tonight on 0909 123 4567. Calls £1.50/min, 18+ only", None))
    assert c.category == "marketing", c
    assert "a premium-rate or personal number, costly to call: 0909 123 4567" in c.reasons, c.reasons
    # "Call 0909…" is no price
    c = clf.classify(sms("Hot local singles waiting to chat tonight! Call 09099725823 now", None))
    assert c.category == "fraud", c


@pytest.mark.parametrize("body,sender", [
    ("Landed in Tokyo! My Japanese SIM works now, number is 090-1234-5678. Call me at the hotel", "+819012345678"),
    ("My MTN line is 07031234567, flash me when you reach Lagos", "+2348031234567"),
    ("Verhinderd? Bel 0900-2345678 om uw afspraak te verzetten.", "+31612345678"),
])
def test_numbers_of_other_countries_are_not_read_as_british(clf: Classifier, body: str, sender: str) -> None:
    assert not has(clf.classify(sms(body, sender)).reasons, "costly to call"), clf.classify(sms(body, sender))


def test_a_sender_name_does_not_vouch_for_a_costly_number(clf: Classifier) -> None:
    c = clf.classify(sms("You have a missed call. Call back on 09061234567", "EE"))
    assert c.category == "fraud" and c.merchant is None, c


@pytest.mark.parametrize("body", [
    "Hi, I'm on 07700 900461 if you need me",  # a mobile
    "Call us free on 0800 123 4567",  # free to call
    "ring the office on 0207 946 0000",  # a landline
    "ref 0709020152912 for your records",  # digits of a longer run
    "order 09050002311-7 shipped",
])
def test_ordinary_numbers_are_not_costly(body: str) -> None:
    assert _costly_number(body) is None


@pytest.mark.parametrize("body", [
    "【京东】您的账户存在异常，将于今日冻结，请立即点击 http://jd-account-verify.top 验证身份。",
    "您好，您购买的商品质量有问题，客服退款请点击 http://tuikuan-kefu.xyz 办理理赔。",
    "Your PayPal account has been suspended due to unusual activity. Verify now at http://paypa1.com/login",
    "USPS: your package is on hold due to an incomplete address. Update now at https://usps-redelivery.club/track",
])
def test_fraud_sms(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body, "+8617100001111"))
    assert c.category == "fraud", c
    assert c.merchant is None  # a phisher is never attributed to the brand it imitates


def test_personal_mail(clf: Classifier) -> None:
    c = clf.classify(mail("Hi Bob,\n\nthanks for the notes from Tuesday. I'll send the draft tonight.\n\nAlice",
                          "Re: meeting notes", "alice@example.org", "Alice"))
    assert c.category == "personal", c


# -- reasons: one test per kind ------------------------------------------------------------------------
def test_reason_list_unsubscribe_and_esp_headers(clf: Classifier) -> None:
    c = clf.classify(mail("Get 3 months of Premium for free. Limited time offer, shop now!", "Premium offer",
                          "no-reply@email.spotify.com", "Spotify",
                          {"List-Unsubscribe": "<https://spotify.com/u>", "Precedence": "bulk",
                           "X-SG-EID": "abc", "Feedback-ID": "a:b:c"}))
    assert c.category == "marketing"
    assert "List-Unsubscribe header" in c.reasons
    assert has(c.reasons, "SendGrid")
    assert has(c.reasons, "Feedback-ID")
    assert "Precedence: bulk" in c.reasons


@pytest.mark.parametrize("msg,cue", [
    (mail("Your mailbox password is expiring today. A new password will be generated by the system and you will be "
          "signed out. Keep your current password here: http://mail-keep.example.top/keep", "MSG-PSWD notice",
          "admin@mailsrv-notice.example"), "password is expiring"),
    (mail("Hello, your iCloud storage is full. You've gone over your storage limit, so your photos and videos will "
          "be deleted. Upgrade now: http://icloud-upgrade.example.xyz", "LAST ALERT",
          "alerts@cloudmail-offers.example"), "storage is full"),
    (mail("Dear user, your email will stop sending and receiving emails if not verified within 12hrs. Verify "
          "here: http://verify-mailbox.example.top", "Suspension Notice", "support@tik.example"),
     "will stop sending"),
])
def test_mailbox_and_cloud_account_phish_is_fraud(clf: Classifier, msg: RawMessage, cue: str) -> None:
    c = clf.classify(msg)
    assert c.category == "fraud", c
    assert has(c.reasons, "fraud wording") and any(cue in r for r in c.reasons), c.reasons


def test_the_providers_own_storage_notice_and_a_colleagues_mail_are_not_unwanted(clf: Classifier) -> None:
    google = mail("Your Google Account storage is full. You can't upload new files to Drive or back up photos. Get "
                  "more storage at https://one.google.com/storage", "Your Google storage is full",
                  "no-reply@google.com", "Google")
    colleague = mail("Hi Jane, the IT team says verification is required for the new VPN before Monday. Can you help "
                     "me set it up? Thanks, Bob", "VPN", "bob@acme-corp.example", "Bob")
    # genuine services' own security notices say "login attempt"
    discord = mail("We detected a login attempt from a new location: Berlin, Germany. If this was you, no action is "
                   "needed. If not, change your password at https://discord.com/settings", "New login attempt",
                   "noreply@discord.com", "Discord")
    for m in (google, colleague, discord):
        assert clf.classify(m).category not in ("marketing", "fraud"), clf.classify(m)


_BANK_OFFER = ("Rodrigo, você alcançou o cartão Black! Bem-vindo ao segmento Prime, com maiores oportunidades de "
               "crédito. Aproveite a oferta exclusiva e ative agora: https://prime-bradesco-ativar.example/ativar")


@pytest.mark.parametrize("dmarc,category,merchant", [
    ("fail action=none", "fraud", None),  # its domain, not its mail: a spoof under a policy of none
    ("pass action=none", "marketing", "Bradesco"),
])
def test_unwanted_mail_from_a_merchants_domain_failing_dmarc_is_a_spoof(clf: Classifier, dmarc: str, category: str,
                                                                        merchant: str | None) -> None:
    auth = f"spf=softfail smtp.mailfrom=bradesco.com.br; dkim=fail header.d=x.example;dmarc={dmarc} " \
           "header.from=bradesco.com.br"
    c = clf.classify(mail(_BANK_OFFER, "Bem-vindo ao Bradesco Prime", "naoresponder@bradesco.com.br", "Bradesco",
                          {"Authentication-Results": auth, "List-Unsubscribe": "<mailto:sair@bradesco.com.br>"}))
    assert (c.category, c.merchant) == (category, merchant), c
    spoof = ("sender domain bradesco.com.br failed DMARC and the mail links to prime-bradesco-ativar.example: not its "
             "owner's mail")
    assert (spoof in c.reasons) == (category == "fraud"), c.reasons


def test_a_brand_name_spelt_in_look_alike_letters_beside_its_latin_spelling_is_a_disguise(clf: Classifier) -> None:
    # "Вinаncе" is mostly Cyrillic, so alone it could be someone's typing; the same text also writes "Binance"
    c = clf.classify(mail("Immediate Verification Required. Thank you for using Binance. Your withdrawals are "
                          "disabled until you update your information: https://binance-update.example.top/kyc\n"
                          "Вinаncе Team", "[Binаnсе] verification", "do-not-reply@ses.binance.com", "Binance"))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, "words mixing Latin with Cyrillic or Greek look-alike letters: "), c.reasons
    assert evidence._disguise("Привiт, як справи? Вinаncе") == []  # no Latin spelling beside it


_ONE_CLICK = {"List-Unsubscribe": "<https://news.example/u?x=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@pytest.mark.parametrize("msg,category,reason", [
    # newsletters in languages the text model knows little of (both were personal)
    (mail("Nur heute: 20 % Rabatt auf alle Sneaker. Jetzt im Shop entdecken und sparen! Gültig bis Sonntag.",
          "20 % Rabatt nur heute", "newsletter@schuhhaus.example", "Schuhhaus", _ONE_CLICK), "marketing",
     "bulk mail (List-Unsubscribe) from a sender, not a person"),
    (mail("Les soldes d'hiver commencent : jusqu'à -40 % sur une sélection d'articles. Profitez-en dès maintenant.",
          "Soldes d'hiver", "newsletter@boutique.example", "Boutique", _ONE_CLICK), "marketing",
     "bulk mail (List-Unsubscribe) from a sender, not a person"),
    # a newsletter of nothing but articles
    (mail("This week: why the Fed paused, a reader's mailbag, and my notes on the new tax rules. Read on the web.",
          "The Weekly Ledger #112", "ledger@substack.com", "The Weekly Ledger", _ONE_CLICK), "marketing",
     "bulk mail (List-Unsubscribe) from a sender, not a person"),
    # notices sent the same way (in a language the text model knows little of: it reads an English one as a
    # transaction itself since 2026-12-07, session 18)
    (mail("Uw bestelling 48213 is verzonden op 03-11-2026.", "Bestelling verzonden", "no-reply@winkel.example",
          "Winkel", _ONE_CLICK), "transactional", "bulk mail (List-Unsubscribe) with notice wording: bestelling"),
])
def test_bulk_mail_is_never_a_persons(clf: Classifier, msg: RawMessage, category: str, reason: str) -> None:
    c = clf.classify(msg)
    assert c.category == category and reason in c.reasons, c


@pytest.mark.parametrize("headers", [
    # Substack: List-Id as well as one-click unsubscribe, but no List-Post (no one posts to a newsletter)
    {"List-Id": "<hannahreyes.substack.com>", "List-Unsubscribe": "<https://hannahreyes.substack.com/u>",
     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click", "Feedback-ID": "post-1:cat-post:pub-1:substack"},
    # a mailing service's headers without any List- header
    {"X-Mailgun-Sid": "PNDI2anHsZ7SFvBmHxXljEhU", "X-Mailgun-Tag": "post"},
])
def test_a_newsletter_of_articles_is_never_personal(clf: Classifier, headers: dict[str, str]) -> None:
    c = clf.classify(mail("Field notes #88. This week I walked the old railway line from Keswick and wrote about the "
                          "bridges nobody maintains any more. Read the full post on the web.", "Field notes #88",
                          "hannahreyes@substack.com", "Hannah Reyes", headers))
    assert c.category == "marketing", c


def test_a_post_to_a_discussion_list_stays_personal(clf: Classifier) -> None:
    # Yahoo Groups and Mailman add List-Unsubscribe to every member's post, with their own list headers
    for extra in ({"Mailing-List": "list zzzzteana@yahoogroups.com; contact zzzzteana-owner@yahoogroups.com"},
                  {"List-Post": "<mailto:ilug@linux.ie>", "List-Help": "<mailto:ilug-request@linux.ie?subject=help>"}):
        c = clf.classify(mail("Does anyone know a good ISP for a Mac in Dublin? Mine keeps dropping at night.",
                              "Re: Good ISP for Mac?", "felinda@frogstone.example", "Felinda",
                              {"List-Unsubscribe": "<mailto:list-unsubscribe@groups.example>",
                               "Precedence": "bulk", **extra}))
        assert c.category == "personal", c


def test_a_merchants_notice_failing_dmarc_and_sending_you_elsewhere_is_a_spoof(clf: Classifier) -> None:
    auth = "spf=softfail smtp.mailfrom=ems.com.cn; dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=ems.com.cn"
    body = ("尊敬的客户：您的国际包裹因申报价值超过免税额度，需补缴进口税费后方可安排派送。邮件号码：EX284716035US。"
            "请于48小时内完成缴费：https://ems-cn-clearance.top/pay?no=EX284716035US 逾期包裹将被退回。")
    c = clf.classify(mail(body, "【EMS国际】您的包裹因关税未缴纳被暂扣", "service@ems.com.cn", "中国邮政EMS",
                          {"Authentication-Results": auth}))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, "sender domain ems.com.cn failed DMARC and the mail links to ems-cn-clearance.top"), c.reasons
    # the same notice passing DMARC and linking to its own site is its notice
    ok = clf.classify(mail(body.replace("https://ems-cn-clearance.top/pay?no=EX284716035US", "https://www.ems.com.cn"),
                           "【EMS国际】包裹待缴税", "service@ems.com.cn", "中国邮政EMS",
                           {"Authentication-Results": auth.replace("dmarc=fail", "dmarc=pass")}))
    assert ok.category != "fraud" and ok.merchant is not None, ok


@pytest.mark.parametrize("name,sender,to,shown", [
    ("pinecrestdental.com Mail Administrator", "it-desk@carvalhoimoveis.com.br", "accounts@pinecrestdental.com",
     "pinecrestdental.com"),  # your own domain's "administrator"
    ("ethereum.org", "airdrop.team@icloud.com", "me@example.com", "ethereum.org"),  # a site's name over free mail
    ("PINECRESTDENTAL．COM Mail Administrator", "it-desk@carvalhoimoveis.com.br", "me@example.com",
     "pinecrestdental.com"),  # a full-width dot
])
def test_unwanted_mail_whose_display_name_speaks_for_another_domain_is_fraud(clf: Classifier, name: str, sender: str,
                                                                             to: str, shown: str) -> None:
    m = mail("Mailbox Storage Alert. Dear user, your mailbox has reached 49.7 GB of its 50 GB storage limit (99%). 22 "
             "incoming messages are on hold on the server and will be returned to their senders if your storage is not "
             "upgraded. To avoid losing important emails, increase your mailbox quota now at no extra cost: "
             "https://webmail-quota-sync.example.top/owa/auth/upgrade.aspx Note: failure to verify within 24 hours "
             "will result in the suspension of incoming and outgoing mail on this account.", "Mailbox Storage Alert",
             sender, name)
    m.recipients = [to]
    c = clf.classify(m)
    assert c.category == "fraud", c
    assert c.reasons[0] == f"display name shows {shown}, but the mail comes from {sender.split('@')[1]}", c.reasons


def test_a_newsletter_named_after_another_site_is_no_display_spoof(clf: Classifier) -> None:
    # CNET's 2002 newsletters: "CNET News.com <…@online.com>"
    c = clf.classify(mail("Today's headlines: chip makers cut prices, a new browser beta, and more.", "News.com daily",
                          "newsletters@online.com", "CNET News.com"))
    assert not has(c.reasons, "display name shows"), c.reasons
    # a freelancer who puts her site in her name
    c = clf.classify(mail("Hi Tom, the logo drafts are attached. Happy to walk through them on Thursday. Jane",
                          "Logo drafts", "jane.doe.studio@gmail.com", "Jane Doe | janedoe.design"))
    assert c.category == "personal", c


def test_a_statement_from_the_merchants_own_domain_is_a_notice(clf: Classifier) -> None:
    body = ("Your credit card statement is ready. Chase Freedom Unlimited account ending in 8823. Statement balance: "
            "$1,284.37. Minimum payment due: $40.00. Payment due date: 01/03/2027. You can view your statement by "
            "signing in to chase.com or the Chase Mobile app: https://www.chase.com/personal/credit-cards/statements")
    c = clf.classify(mail(body, "Your credit card statement is ready", "no.reply.alerts@chase.com", "Chase"))
    assert c.category == "transactional" and c.merchant == "Chase", c
    assert "statement or bill from the merchant's own domain" in c.reasons, c.reasons


def test_addresses_named_in_a_notice_are_no_links(clf: Classifier) -> None:
    # "emma.clarke.uk@gmail.com" made gmail.com and clarke.uk foreign links of Google's own alert
    c = clf.classify(mail("A new sign-in on Mac. emma.clarke.uk@gmail.com. We noticed a new sign-in to your Google "
                          "Account on a Mac device. If this was you, you don't need to do anything. Check activity: "
                          "https://myaccount.google.com/notifications", "Security alert",
                          "no-reply@accounts.google.com", "Google", {"Feedback-ID": "1:account-notifier:google"}))
    assert c.category == "transactional" and c.merchant == "Google", c


def test_address_domains_reads_each_address_and_its_host_like_local_part() -> None:
    text = "sent to emma.clarke.uk@gmail.com and bob@acme.co.uk; not @handle, a@b or x@y.z.example"
    assert evidence.address_domains(text) == {"gmail.com", "clarke.uk", "acme.co.uk", "z.example"}


def test_address_domains_is_linear_on_hostile_text(no_hang: Any) -> None:
    assert no_hang(evidence.address_domains, "a" * 60000 + "@" * 30000 + "x.y@" * 5000) is not None


def test_the_police_impersonation_script_by_mail_is_fraud(clf: Classifier) -> None:
    body = ("王芳：经我局经侦支队侦查，以你身份信息开户的银行账户涉嫌接收非法资金，你已被列为本案重要涉案人员。"
            "现对你名下所有银行账户实施临时冻结。须在24小时内联系本案承办民警配合资金清查，"
            "联系电话：021-6870 3311，须配合将名下存款转入国家安全账户进行核查。")
    c = clf.classify(mail(body, "【案件协查通知】关于您涉嫌一起洗钱案件的通知", "pdgaj_jzzd@126.com",
                          "上海市公安局浦东分局"))
    assert c.category == "fraud", c


_EDF = ("EDF & MOI\n\nBonjour Madame Dubois,\n\nVotre facture d'électricité est disponible dans votre Espace Client."
        "\n\nFacture n°10093847562\n\nDate d'émission09/12/2026\n\nRéférence client6 004 318 275\n\nMontant TTC87,42 €"
        "\n\nPrélèvement prévu le23/12/2026\n\nCette facture correspond à votre échéance mensuelle (contrat Tarif "
        "Bleu, "
        "option Heures Pleines / Heures Creuses) pour le logement situé 14 rue des Lilas, 78000 Versailles.\n\n"
        "Consulter ma facture : https://particulier.edf.fr/fr/espace-client\n\nVous n'avez rien à faire : le montant "
        "sera prélevé automatiquement sur votre compte "
        "bancaire.\n\nCordialement,\nVotre conseiller EDF\n\nCet e-mail vous est envoyé par EDF dans le cadre de votre "
        "contrat. Merci de ne pas répondre à ce message. Pour gérer vos préférences de communication, cliquez ici.")
_FASTWEB = ("FASTWEB\n\nGentile Giulia Romano,\n\nti informiamo che è disponibile la fattura relativa al tuo "
            "abbonamento "
            "Fastweb Casa.\n\nNumero fatturaM026193847\n\nCodice cliente8841 2207\n\nPeriodo di riferimento01/12/2026 "
            "- "
            "31/12/2026\n\nImporto28,95 €\n\nModalità di pagamentoAddebito diretto SEPA\n\nData di addebito16/12/2026"
            "\n\nPuoi visualizzare e scaricare la fattura in formato PDF nell'area clienti MyFastweb o dall'app.\n\n"
            "Vai alle mie fatture: https://www.fastweb.it/myfastweb/\n\nGrazie per aver scelto Fastweb.\n\nQuesta è "
            "una comunicazione di servizio, ti "
            "preghiamo di non rispondere a questa email.")


@pytest.mark.parametrize("body,subject,sender,headers", [
    (_EDF, "Votre facture d'électricité est disponible", "ne-pas-repondre@edf.fr",
     {"List-Unsubscribe": "<https://x.example/u>"}),
    (_FASTWEB, "La tua fattura Fastweb di dicembre 2026 è disponibile", "noreply@comunicazioni.fastweb.it", {}),
])
def test_notices_with_their_reference_in_other_languages_are_transactions(clf: Classifier, body: str, subject: str,
                                                                         sender: str, headers: dict[str, str]) -> None:
    # (both were marketing: the mail model knows little French or Italian)
    c = clf.classify(mail(body, subject, sender, None, headers))
    assert c.category == "transactional", c


def test_a_merchants_booking_with_numbers_and_a_dmarc_pass_is_its_notice(clf: Classifier) -> None:
    c = clf.classify(mail("Buchungsbestätigung. Guten Tag Herr Hoffmann, vielen Dank für Ihre Buchung. Auftragsnummer: "
                          "683214709875. Hinfahrt am 23.12.2026 Berlin Hbf ab 08:34 Gl. 13. Ihr Ticket: "
                          "https://www.bahn.de/buchung", "Ihre Buchungsbestätigung", "buchungsbestaetigung@bahn.de",
                          "Deutsche Bahn", {"Authentication-Results": "mx.example; dkim=pass; dmarc=pass "
                                                                      "header.from=bahn.de"}))
    assert c.category == "transactional" and c.merchant == "Deutsche Bahn", c


def test_a_pitch_about_invoices_is_no_invoice(clf: Classifier) -> None:
    c = clf.classify(mail("Hi Emma, quick question: who on your side audits carrier invoices at the moment? We built "
                          "Stackwise to catch duplicate charges automatically. Would it be worth a 15-minute call next "
                          "week? Best, Tyler", "Carrier invoice audits at Northbeam?", "tyler@getstackwise.io",
                          "Tyler Brooks", {"List-Unsubscribe": "<https://getstackwise.io/u>"}))
    assert c.category == "marketing", c


@pytest.mark.parametrize("msg", [
    mail("Verification required: please confirm your email address to finish setting up your workspace: "
         "https://www.notion.so/verify?t=8f2a", "Verify your email", "notify@mail.notion.so", "Notion"),
    mail("Welcome to Acme Cloud! Please verify your email address to activate your account: "
         "https://app.acmecloud.example/verify?token=ab12", "Verify your email", "no-reply@acmecloud.example",
         "Acme Cloud", {"List-Unsubscribe": "<https://acmecloud.example/u>"}),
])
def test_a_services_sign_up_confirmation_linking_home_is_its_notice(clf: Classifier, msg: RawMessage) -> None:
    # (both were fraud: "verify your email" is phishing wording wherever else it sends you)
    c = clf.classify(msg)
    assert c.category == "transactional", c
    assert not has(c.reasons, "fraud wording"), c.reasons


def test_verify_your_email_sending_you_elsewhere_or_speaking_as_a_brand_stays_fraud(clf: Classifier) -> None:
    for m in (mail("Dear user, verify your email now or your mailbox will be closed: https://mail-verify.example.top/x",
                   "Verify", "admin@webmail-center.example", "Mail Admin"),
              mail("Your PayPal account is limited. Verify your email now: https://paypal-secure-verify.example/login",
                   "Action needed", "service@paypal-secure-verify.example", "PayPal")):
        assert clf.classify(m).category == "fraud", clf.classify(m)


def test_reason_signature_and_opt_out(clf: Classifier) -> None:
    c = clf.classify(sms("【京东】年货节满减，速来 回TD退订"))
    assert "signature 【京东】" in c.reasons
    assert "opt-out text 回TD退订" in c.reasons
    c = clf.classify(sms("会员专享8折，详询门店。拒收请回复R【某某健身】"))
    assert "signature 【某某健身】" in c.reasons
    assert has(c.reasons, "opt-out text 拒收请回复R")


def test_reason_one_time_code(clf: Classifier) -> None:
    c = clf.classify(sms("【支付宝】验证码 482913，5分钟内有效。", "95188"))
    assert "one-time code pattern" in c.reasons


def test_reason_short_code_and_106_port(clf: Classifier) -> None:
    assert has(clf.classify(sms("Your code is 123456", "95555")).reasons, "short code sender 95555")
    assert has(clf.classify(sms("【某店】上新啦 回T退订", "1069012345678")).reasons, "bulk SMS port 1069012345678")


def test_reason_lookalike_domain(clf: Classifier) -> None:
    c = clf.classify(sms("【京东】账户异常，点击 http://jd-account-verify.top 处理"))
    assert c.category == "fraud"
    assert has(c.reasons, "link to a look-alike domain jd-account-verify.top")
    c = clf.classify(sms("Login to confirm your details: paypa1.com"))
    assert has(c.reasons, "look-alike domain paypa1.com (imitates PayPal)")


def test_reason_fraud_wording(clf: Classifier) -> None:
    c = clf.classify(sms("您的医保卡已被冻结，详情请联系 4001234567，逾期将注销。", "+8617100001111"))
    assert c.category == "fraud"
    assert has(c.reasons, "冻结")


NEW_NUMBER = "a new number asking for money (someone posing as family or a friend)"


NOTICE = "payment, bill or appointment notice"


@pytest.mark.parametrize(("text", "category", "reason"), [
    # fake police, fake "cancel your loan or lose your credit record": the fraud head learned from English SMS, so
    # two of the scripts' phrases decide
    ("您好，我是公安局民警，您涉嫌一起洗钱案件，请配合调查，加QQ 123456789。", "fraud", "fraud wording"),
    ("【京东金融】您的白条账户存在异常，将影响个人征信，请联系客服 0755-12345678 注销。", "fraud", "fraud wording"),
    # a child's or parent's "new number" asking for money
    ("妈，我手机掉水里了，这是我新号码，急需用钱，先转2000到这个卡号 6222021234567890123", "fraud", NEW_NUMBER),
    ("爸，我换号了，急需用钱，你先微信转我两千", "fraud", NEW_NUMBER),
    ("妈，这是我的新号码。你先帮我转3000，明天还你。", "fraud", NEW_NUMBER),
    ("Hi Mum its me new number, phone broke. Can you pay a bill for me today x", "fraud", NEW_NUMBER),
    ("Hi Mum, I dropped my phone in the toilet, this is my new number. Can you pay a bill for me urgently? I'll pay "
     "you back tomorrow x", "fraud", NEW_NUMBER),
    ("Hi Dad it's me, this is my new number, my old phone broke. Could you transfer £450 for my rent today?", "fraud",
     NEW_NUMBER),
    ("Hi Mum, it's me. This is my new number, old phone broke. I need you to transfer £380 for my rent today, I'll "
     "pay you back Friday x", "fraud", NEW_NUMBER),
    ("妈，这是我新号码，原来的手机丢了。能不能借我两千块，明天就还。", "fraud", NEW_NUMBER),
    # the scam names a bill "due by 5pm": still the scam, not a bill notice
    ("Hello mum this is my new number, save it. My payment of £650 is due by 5pm today for the car and my card is "
     "not working. Could you transfer it for me, will pay u back tomorrow", "fraud", NEW_NUMBER),
    ("Your credit card bill of Rs.12,450 is due on 20-Dec-24. Ignore if already paid.", "transactional", NOTICE),
    ("Minimum amount of Rs 270 is due on 20-Dec. Ignore if paid.", "transactional", NOTICE),
    # notices from senders not in the directory with nowhere to click or call and nothing to sell, though the
    # corpora's spam also has digits and "Rs."
    ("Rs.2,500.00 debited from A/c XX1234 on 05-12-26 to VPA merchant@upi. Avl Bal Rs.12,345.67", "transactional",
     NOTICE),
    ("Dear customer, your Airtel bill of Rs. 499 is due on 15-Dec. Pay via Airtel Thanks app. Ignore if paid.",
     "transactional", NOTICE),
    ("Your appointment at Riverside Surgery is on 12/12 at 09:40 with Dr Patel. Reply C to cancel.", "transactional",
     NOTICE),
    ("Reminder: your dental appointment is on Tue 14 May at 09:15. Reply YES to confirm.", "transactional", NOTICE),
])
def test_scripted_messages(clf: Classifier, text: str, category: str, reason: str) -> None:
    # scams come from anyone's mobile; notices from a sender name (a person's mobile reminding you is a person)
    c = clf.classify(sms(text, "+8613812345678" if category == "fraud" else "ALERTS"))
    assert c.category == category, c.reasons
    assert has(c.reasons, reason)


@pytest.mark.parametrize("text", [
    "Not tonight mate. Catching up on some sleep. This is my new number by the way.",
    "新手机号13137002709，以后打这个",
    "I got a new phone! Can you send me the photos from Saturday?",
    # money mentioned, not asked for
    "Hi it's Sam, this is my new number. I'm starting at the Leeds office next month - finally got the transfer I "
    "wanted!",
    "This is my new number btw. Did the bank transfer for the holiday cottage go through?",
    "Got a new number, save it! Also you can borrow my tent for the weekend",
    "妈，我换新手机号了，存一下。房租我已经转账了",
    "我换了新号码，你先转告一下爸妈，晚上我再打给你们。",
    "Hey it's Tom, this is my new number. Can you lend me your ladder on Saturday?",
    "Hi it's Tom, this is my new number. I need you to send me the photos from Saturday when you get a sec",
    "Got a new number! Thanks again for your help with the bill last week x",
    "我换新手机号了，到了赶紧汇合",
    "Welcome to giffgaff! Your new number is active. Remember to pay the bill by the 5th each month.",
    "FYI the new number for the dentist is 01632 960123. Can you pay the bill when you pick the kids up?",
    "这是我的新号码，麻烦帮我转一下给群里的人，谢谢！",
    "我换了新号码，有事打这个。你到了先转2号线，再坐3站就到了",
    "Hey it's me, new number! The refund finally went into my account, so dinner's on me Friday",
    # help with a bill or a form is no request for money
    "Got a new number btw. Can you help me with my bill tomorrow? I can't make sense of the tariff lol",
    "Hi Gran, this is my new number. Can you help me with the payment form for the swimming club? It's confusing",
])
def test_a_new_number_alone_is_ordinary(clf: Classifier, text: str) -> None:
    c = clf.classify(sms(text, "+447700900123"))
    assert not has(c.reasons, "a new number asking for money"), c.reasons


@pytest.mark.parametrize(("text", "sender"), [
    # bill and tax scams with pressure or a request for identity data
    ("Your electricity bill of Rs 1,250 is due on 20-Dec. Power will be disconnected tonight at 9.30pm as your "
     "previous month bill was not updated. Please contact our electricity officer immediately", "+919876543210"),
    ("Your appointment with HMRC is on Monday. Failure to attend will lead to arrest. Reply with your NI number to "
     "confirm", "HMRC"),
    ("Your bill of £1 is due by midnight. Reply PAY to avoid suspension of your service", "BILLING"),
    ("Rs.49,999 debited from your A/c for Apple iPhone order. If not done by you reply NO with your name and date "
     "of birth to cancel", "VK-ALERTS"),
    ("E-ZPass: Toll payment of $6.99 is due by 04/15 to avoid late fees. Reply Y to get the payment page.",
     "+447700900456"),
    ("Your council tax payment of £180 is due on 01/07. Reply Y to confirm and receive your payment page.",
     "+447700900123"),
    ("HMRC: Your tax payment of £248.60 is due on 31/01. Reply YES to confirm and we will text you a secure payment "
     "link.", "HMRC"),
])
def test_scams_dressed_as_notices_are_not_notices(clf: Classifier, text: str, sender: str) -> None:
    c = clf.classify(sms(text, sender))
    assert c.category == "fraud", c.reasons
    assert "payment, bill or appointment notice" not in c.reasons


def test_someone_posing_as_your_boss_with_a_new_qq_is_a_scam(clf: Classifier) -> None:
    boss = ("小王，在吗？\n\n我现在在开会，不方便接电话。你加一下我的新QQ 2750391846，有个事需要你马上处理一下。"
            "\n\n张卫东")
    for msg in (sms(boss, "+8613912345678"), mail(boss, "在吗", "zhangweidong.office@163.com", "张卫东")):
        c = clf.classify(msg)
        assert c.category == "fraud", c
        assert has(c.reasons, "someone posing as your boss"), c.reasons
    # a friend with a new WeChat, a meeting and a colleague's WeChat: no script
    for text in ("我换了新微信，加一下我的新微信 abc123，晚上再聊", "明天开会，记得加一下新同事的微信"):
        assert clf.classify(sms(text, "+8613912345678")).category == "personal"


def test_a_warrant_for_missed_jury_duty_is_a_scam(clf: Classifier) -> None:
    c = clf.classify(sms("Sheriff's Office: You missed jury duty and a warrant has been issued. To clear it pay the "
                         "fine today, call Deputy Miller at (404) 555-0139.", "+14045550139"))
    assert c.category == "fraud", c


@pytest.mark.parametrize("msg", [
    sms("Hi dear, I am stuck at the airport in Lagos and need $500 for my ticket home. Please send it via Western "
        "Union to my agent, I will pay you back", "+447700900111"),
    sms("Grandma it's me, I'm in trouble. Please buy 4 Apple gift cards of $100 and text me the codes, don't tell mom",
        "+15550100333"),
    sms("你好，我是你领导，急需你帮忙购买5张京东购物卡，把卡号卡密发给我", "+8613800138000"),
    sms("Don't tell anyone, just pay with gift cards and send me the codes tonight", "+15550100444"),
    mail("Karen, are you at your desk? I'm stuck in back to back meetings all afternoon, can't take calls. Can you "
         "pick up 5 Apple gift cards, $200 each, from Walgreens or CVS on your lunch break? Keep the receipt and I'll "
         "reimburse you today. Once you have them, scratch off the back and send me clear pictures of the codes.",
         "Quick request", "msullivan.ceo.office@gmail.com", "Mark Sullivan"),
    mail("Dear friend, I need your help to receive the funds. Send the processing fee of $250 via MoneyGram to the "
         "name below.", "Urgent assistance", "barrister.j@gmail.com", "Barrister James"),
])
def test_asking_to_be_paid_by_wire_service_or_gift_card_is_fraud(clf: Classifier, msg: RawMessage) -> None:
    c = clf.classify(msg)
    assert c.category == "fraud" and c.merchant is None, c  # (a brand named in a scam's text is not its sender)
    assert has(c.reasons, "asks to be paid by wire transfer service or gift card"), c.reasons


_SEXTORTION = ("I hacked your device months ago and recorded you through your webcam. Transfer $1450 in Bitcoin to "
               "my wallet: {addr}. You have 48 hours, or the video goes to all your contacts.")


@pytest.mark.parametrize("msg,addr", [
    (mail(_SEXTORTION.format(addr="bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"), "Your account was hacked",
          "xkqzt@outlook.com"), "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"),
    (mail("I know your password. I made a video of you. My bitcoin address is 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 . "
          "Send 0.1 BTC within 2 days.", "hunter2", "anon88@gmail.com"), "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
    (sms("你的视频已被录下，24小时内向比特币钱包 bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh 转账0.05BTC，"
         "否则发给你通讯录所有人"),
     "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"),
    (mail("Pay 200 USDT to TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL within 24 hours to unlock your profit.", "profit",
          "desk@trade.example"), "TNPeeaaFB7K9cmo4uQpcU32zGK8G1NYqeL"),
])
def test_a_wallet_demanded_by_a_deadline_or_a_threat_is_fraud(clf: Classifier, msg: RawMessage, addr: str) -> None:
    c = clf.classify(msg)
    assert c.category == "fraud", c
    assert f"demands payment to a cryptocurrency wallet by a deadline or with a threat: {addr}" in c.reasons, c.reasons


def test_a_wallet_address_broken_by_zero_width_characters_is_still_read(clf: Classifier) -> None:
    addr = "bc1qxy2kgdygjrsqtzq2n0yr\u200bf2493p83kkfjhx0wlh"
    c = clf.classify(mail(_SEXTORTION.format(addr=addr), "hacked", "xkqzt@outlook.com"))
    assert c.category == "fraud", c
    assert has(c.reasons, "demands payment to a cryptocurrency wallet"), c.reasons


@pytest.mark.parametrize("msg", [
    # a friend settling a debt, an exchange's own notice, an address whose checksum fails
    mail("Hi Tom, finally bought some bitcoin. Send the 0.01 BTC you owe me to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 "
         "whenever. Lunch Friday?", "lunch", "jane.doe@gmail.com", "Jane Doe"),
    mail("Your withdrawal of 0.05 BTC to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh was completed within 2 hours.",
         "Withdrawal completed", "no-reply@coinbase.com", "Coinbase"),
    mail(_SEXTORTION.format(addr="bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlj"), "hacked", "xkqzt@outlook.com"),
    # a deadline in days between friends, an exchange's minutes
    sms("Send the 0.002 BTC to my wallet bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh within the next few days, no rush",
        "+447700900555"),
    sms("上次的钱用比特币还我吧，钱包 bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh ，三天内转给我就行，不急",
        "+8613800138000"),
    mail("Your deposit to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 will be credited within 30 minutes.", "Deposit",
         "no-reply@kraken.com", "Kraken"),
])
def test_no_wallet_demand_without_pressure_from_a_stranger_or_a_valid_address(clf: Classifier,
                                                                              msg: RawMessage) -> None:
    assert not has(clf.classify(msg).reasons, "demands payment to a cryptocurrency wallet"), clf.classify(msg)


@pytest.mark.parametrize("text,addr", [
    ("to bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297 now",  # bech32m (taproot)
     "bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297"),
    ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"),  # upper case
    ("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy.", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),  # P2SH
    ("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3", None),  # checksum fails
    ("bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", None),  # mixed case
    ("x1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2", None),  # inside a longer run (base64)
    ("aGVsbG8gd29ybGQgdGhpcyBpcyBiYXNlNjQgZGF0YQ== " * 50, None),
])
def test_wallet_addresses_are_confirmed_by_their_checksum(text: str, addr: str | None) -> None:
    assert evidence.wallet_address(text) == addr


@pytest.mark.parametrize("msg", [
    sms("Got you a £20 Amazon gift card for your birthday, check your email!", "+447700900222"),
    sms("Can you pay me back by bank transfer or in cash, whatever is easier", "+447700900333"),
    mail("Send money to family abroad fast with Western Union. Fees from $0.", "Send money home",
         "news@westernunion.example", "Western Union", {"List-Unsubscribe": "<mailto:u@westernunion.example>"}),
    # advice against paying so: a father forwarding a scam warning, a bank's tips
    mail("Kate - read this. Your mother almost drove to Walgreens for gift cards before she called me.\n\nLove, Dad"
         "\n\nBegin forwarded message:\n\nFrom: AARP <member@email.aarp.org>\nSubject: Voice cloning scams\n\n"
         "How to protect yourself: hang up and call your family member back. Never pay with gift cards, wire "
         "transfers or crypto. No legitimate agency asks you to pay with gift cards.",
         "Fwd: Voice cloning scams", "rnolan56@yahoo.com", "Rob Nolan"),
    sms("不要购买充值卡并发送卡密给陌生人，谨防诈骗。", "+8613800138000"),
])
def test_gift_cards_and_wire_services_mentioned_are_no_scam_payment(clf: Classifier, msg: RawMessage) -> None:
    assert not has(clf.classify(msg).reasons, "asks to be paid"), clf.classify(msg)


@pytest.mark.parametrize("text", ["get gift card " * 500, "buy gift cards send " * 400, "send via " * 800,
                                  "pay " + "x" * 39 + " " + "with gift " * 700])
def test_hostile_payment_wording_is_read_without_hanging(no_hang: Any, text: str) -> None:
    assert no_hang(evidence.extract, sms(text, "+447700900111")) is not None


def test_a_friend_telling_you_about_a_scam_text_is_a_friend(clf: Classifier) -> None:
    c = clf.classify(sms("Got a text saying my account will be suspended unless I verify your identity lol, they can't "
                         "even spell. Don't click those links Dad", "+447700900603"))
    assert c.category == "personal", c


@pytest.mark.parametrize("body", [
    "Dad it's Jack, lost my phone, this is my temporary number. Can you call me on 07700 900111 asap, it's urgent",
    "Hi, it's Sarah from the Barclays fraud team. We need to speak to you about a payment on your account today. "
    "Please call me back on 020 7946 0555. Thanks",
    "Hi Mum, my phone is broken so I'm using a mate's. Text me on my new number 07700 900765 when you get this, "
    "need your help with something x",
])
def test_scams_in_the_frames_of_everyday_texts_stay_unwanted(clf: Classifier, body: str) -> None:
    assert clf.classify(sms(body, "+447700900434")).category == "fraud", body


@pytest.mark.parametrize(("body", "sender"), [
    ("HSBC: your new debit card is on its way. It's free to use abroad in the EU.", "HSBC"),
    ("Nationwide: your mortgage offer has been issued. Your solicitor has a copy.", "Nationwide"),
])
def test_a_sender_name_with_one_sales_word_is_not_marketing(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category not in ("marketing", "fraud")


def test_two_scam_phrases_decide_only_when_they_speak_to_you_in_chinese(clf: Classifier) -> None:
    # the Chinese corpus's ham holds news sentences naming the police and a charge
    news = clf.classify(sms("南京市玄武区人民检察院依法以涉嫌破坏计算机信息系统罪对犯罪嫌疑人程某批准逮捕",
                            "+8613800138000"))
    assert news.category == "personal", news
    scam = clf.classify(sms("这里是公安局，您的身份证涉嫌洗钱，请配合调查，不要告诉家人。", "+8613800138000"))
    assert scam.category == "fraud", scam


@pytest.mark.parametrize("text", ["Hi, my payment of rent is due on friday, can you send me your half by then?",
                                  "Mum, your appointment with the dentist is on Tuesday at 3, don't forget!"])
def test_a_person_reminding_you_of_a_bill_is_a_person(clf: Classifier, text: str) -> None:
    assert clf.classify(sms(text, "+447700900123")).category == "personal"


@pytest.mark.parametrize(("text", "sender", "category"), [
    ("Black Friday at Bella Pizza! Use code: 2024 for 30% off your next order online", "BELLA", "marketing"),
    ("Flash sale this weekend only, discount code: 5050 at checkout, 50% off everything!", "SHOP", "marketing"),
    ("Hi! The door code: 4821 - come straight up", "+447700900123", "personal"),
])
def test_promo_and_door_codes_are_no_one_time_codes(clf: Classifier, text: str, sender: str, category: str) -> None:
    c = clf.classify(sms(text, sender))
    assert c.category == category and "one-time code pattern" not in c.reasons, c.reasons


@pytest.mark.parametrize(("text", "sender", "merchant"), [
    ("DHL: votre colis 1234567890 sera livre demain. Suivi: https://www.dhl.fr/suivi?id=1234567890", "DHL", "DHL"),
    ("Lidl Plus: your weekly coupons are ready! Open the app or see https://www.lidl.ie/plus", "Lidl", "Lidl"),
    ("Your Amazon order has been dispatched. Track it at https://www.amazon.fr/orders", "Amazon", "Amazon"),
])
def test_a_brand_linking_to_its_own_country_site_is_the_brand(clf: Classifier, text: str, sender: str,
                                                              merchant: str) -> None:
    # the large markets' suffixes only: evri.co and sf-express.co pass for .com and stay suspicious
    c = clf.classify(sms(text, sender))
    assert c.category != "fraud" and c.merchant == merchant, c.reasons


def test_a_sender_names_own_country_and_short_domains_are_its_own(clf: Classifier) -> None:
    for text, sender in (("Revolut: 482193 is your login code. Never share it. Help: revolut.me/help", "Revolut"),
                         ("Your DHL parcel is on its way: dhl.co.uk/track", "DHL"),
                         ("Your Amazon parcel will be delivered today. Track: amzn.eu/d/abc", "Amazon")):
        c = clf.classify(sms(text, sender))
        assert c.category == "transactional" and c.merchant is not None, c.reasons
        assert not has(c.reasons, "suspicious"), c.reasons
    # a scam under a bank's sender name is not the bank's: no attribution, and the name is said to be forgeable
    c = clf.classify(sms("Your HSBC account has been frozen due to suspicious activity. Call us now on 020 3123 4567",
                         "HSBC"))
    assert c.category == "fraud" and c.merchant is None, c.reasons
    assert "sender name HSBC (easily forged)" in c.reasons


@pytest.mark.parametrize("message", [
    # phishing boilerplate is no warning, and scammers call themselves 反诈中心
    mail("Your account has been suspended due to unusual activity. Verify your account within 24 hours at "
         "http://paypal-resolution-center.top/login. Please do not reply to this email. For your security, never "
         "share your password.", "Account suspended", "service@notice-center.top", "Service"),
    sms("您好，我是市公安局反诈中心民警，您的银行账户涉嫌洗钱，请立即配合调查，请警惕他人冒充。", "+8613812345678"),
    # a brand's name under another country suffix is not its domain: evri.co, sf-express.co
    sms("Evri: We missed you today. Your parcel will be returned to sender. Reschedule your delivery: "
        "https://evri.co/reschedule", "Evri"),
    sms("【顺丰速运】您的快件因地址不详无法派送，请点击 https://sf-express.co/addr 重新填写收货地址", "+8613812345678"),
    # a scam signed as a bank is not the bank's
    sms("【工商银行】您的账户涉嫌洗钱，已被公安冻结，请回复您的身份证号码配合调查。", "+8617012345678"),
    # bulk ports carry scams too
    sms("【中国银行】您的账户涉嫌洗钱，已被公安机关冻结，请立即将资金转账到安全账户配合调查。", "10690123456789"),
    # telling you to beware of impostors is not what makes a warning
    sms("【公安局】您的身份证涉嫌洗钱，账户将被冻结，请配合调查，将资金转至安全账户。谨记警惕冒充公检法人员，勿告知他人。",
        "+8617012345678"),
])
def test_scams_stay_scams(clf: Classifier, message: RawMessage) -> None:
    c = clf.classify(message)
    assert c.category == "fraud" and c.merchant is None, c.reasons


@pytest.mark.parametrize("message", [
    mail("Your council tax payment is overdue. Please pay within 7 days to avoid legal action. Pay online at "
         "https://www.camden.gov.uk/pay", "Council tax reminder", "revenues@camden.gov.uk", "Camden Council"),
    mail("Your water bill is overdue. Please pay the balance of £84.20 to avoid disconnection.", "Overdue bill",
         "billing@thameswater.co.uk", "Thames Water"),
])
def test_genuine_reminders_with_pressure_words_are_not_fraud(clf: Classifier, message: RawMessage) -> None:
    assert clf.classify(message).category != "fraud"


@pytest.mark.parametrize("message", [
    sms("【招商银行】温馨提示：近期有不法分子冒充客服以“影响征信”为由诱导转账，我行不会要求您转账至任何安全账户。",
        "95555"),
    sms("【国家反诈中心】公安机关提醒您：凡是要求转账到安全账户的都是诈骗，刷单都是诈骗", "12381"),
    # a bank's warning that links to its own site, from its bulk port; one that says 警惕
    sms("【招商银行】谨防诈骗：冒充客服退款、要求转账到安全账户的都是诈骗。详见 cmbchina.com/safe", "106980095555"),
    sms("【支付宝】请警惕冒充客服退款、要求转账到安全账户的电话，请立即挂断。", "1069000095188"),
    sms("【建设银行】提醒您：任何自称公安要求您将资金转入安全账户配合调查的，一律是诈骗，请勿轻信。", "10690123456789"),
    mail("We have seen phishing emails asking you to verify your account. Never click links that say your account "
         "will be suspended. Report them to it@company.com.", "Warning: phishing emails", "it@company.com",
         "IT Service Desk"),
])
def test_warnings_about_scams_are_not_scams(clf: Classifier, message: RawMessage) -> None:
    # they quote the scams' words ("影响征信", "安全账户", "verify your account")
    assert clf.classify(message).category != "fraud"


def test_a_notice_with_a_link_or_a_personal_appointment_is_no_bank_alert(clf: Classifier) -> None:
    c = clf.classify(sms("Your account was debited from A/c XX1234, verify at sbi-kyc-update.in", "+919876543210"))
    assert c.category == "fraud", c.reasons
    c = clf.classify(sms("Forgot that i have hairdressers appointment at four so can't make it", "+447700900123"))
    assert "payment, bill or appointment notice" not in c.reasons


def test_a_utility_bill_notice_is_a_transaction(clf: Classifier) -> None:
    c = clf.classify(sms("【国家电网】尊敬的客户，您户号1234567的电费账单已出，本期电费156.30元，请于12月20日前缴纳。"))
    assert (c.category, c.merchant) == ("transactional", "国家电网"), c.reasons
    # the same signature linking elsewhere to pay is no notice of State Grid's
    c = clf.classify(sms("【国家电网】您的电费账单已出，欠费将停电，请点击 sgcc-pay.top 缴纳"))
    assert c.category == "fraud", c.reasons


def test_reasons_name_the_model(clf: Classifier) -> None:
    c = clf.classify(sms("WINNER!! You have been selected to receive a £900 prize reward! Call 09061701461"))
    assert c.category in ("marketing", "fraud")
    assert has(c.reasons, "text model")


# -- merchant attribution ----------------------------------------------------------------------------
def test_attribution_by_signature(clf: Classifier) -> None:
    c = clf.classify(sms("【美团】周末外卖红包已到账，满30减10，回T退订"))
    assert c.merchant == "美团"
    assert "signature 【美团】" in c.reasons
    # its own short-link domain is no foreign link
    c = clf.classify(sms("【美团】您有3张外卖红包即将过期，最高立减15元，戳 dpurl.cn/aB3d 使用，拒收请回复R"))
    assert (c.category, c.merchant) == ("marketing", "美团"), c.reasons


def test_attribution_by_alphanumeric_sender_id(clf: Classifier) -> None:
    # UK and EU networks show a brand's chosen sender name instead of a number
    c = clf.classify(sms("Your Amazon parcel will be delivered today between 10:00 and 14:00. "
                         "Track: amazon.co.uk/track", "Amazon"))
    assert (c.category, c.merchant) == ("transactional", "Amazon"), c.reasons
    assert "sender Amazon is Amazon" in c.reasons
    # a forged sender name still has to link to the brand's own domains
    c = clf.classify(sms("Your parcel could not be delivered, pay the £1.45 fee at parcel-redeliver.info", "Amazon"))
    assert c.category == "fraud" and c.merchant is None, c.reasons
    assert has(c.reasons, "suspicious: names Amazon but links to parcel-redeliver.info")
    # a sender name that is no brand claims nothing
    assert clf.classify(sms("Running late, see you at 8", "Mum")).merchant is None


def test_one_time_code_after_a_colon(clf: Classifier) -> None:
    c = clf.classify(sms("Your Uber code: 4821. Never share this code.", "Uber"))
    assert c.category == "transactional", c.reasons
    assert "one-time code pattern" in c.reasons


def test_attribution_by_sender_number(clf: Classifier) -> None:
    c = clf.classify(sms("您的验证码为 884201，请勿泄露。", "95118"))
    assert c.merchant == "京东"
    assert has(c.reasons, "sender 95118 is 京东")


def test_attribution_by_domain(clf: Classifier) -> None:
    c = clf.classify(mail("Your order has shipped. Track your package in Your Orders.", "Your order has shipped",
                          "shipment-tracking@amazon.com", "Amazon.com"))
    assert c.merchant == "Amazon"
    assert c.category == "transactional"
    assert has(c.reasons, "sender domain amazon.com")


def test_attribution_by_plus_alias(clf: Classifier) -> None:
    msg = mail("Thanks for signing up.", "Welcome", "hello@mailer.example.net")
    c = clf.classify(msg, to_detail="me+netflix@x.org")
    assert c.merchant == "Netflix"


def test_signature_with_unrelated_link_is_not_attributed(clf: Classifier) -> None:
    c = clf.classify(sms("【京东】您有一笔退款待领取，请登录 http://refund-center.cc 办理"))
    assert c.merchant is None
    assert has(c.reasons, "names 京东 but links to refund-center.cc")
    assert c.category == "fraud"


def test_signature_with_own_domain_is_attributed(clf: Classifier) -> None:
    c = clf.classify(sms("【京东】PLUS会员日，详情 https://pro.jd.com/a 回TD退订"))
    assert c.merchant == "京东"
    assert c.category == "marketing"


def test_display_name_spoof_is_fraud(clf: Classifier) -> None:
    c = clf.classify(mail("Your account has been limited. Verify your identity: http://secure-check.example.top",
                          "Account limited", "service@mailbox-notice.top", "PayPal"))
    assert c.category == "fraud"
    assert c.merchant is None
    assert has(c.reasons, "display name PayPal")


@pytest.mark.parametrize(("name", "sender"), [
    ("Chase Miller", "chase.miller@gmail.com"),  # a person whose first name is a bank's name
    ("Amazon Smile fan club", "club@fanmail.org"),  # a club named after a brand's programme
    ("Chase", "chase.m@gmail.com"),  # a first name alone, from a free-mail address, nowhere to click
])
@pytest.mark.parametrize("link", ["", " Photos from last time: https://photos.example.net/album/8812"])
def test_a_person_or_club_whose_name_holds_a_brand_word_is_not_a_spoof(clf: Classifier, name: str,
                                                                      sender: str, link: str) -> None:
    c = clf.classify(mail(f"Hi Anna, are we still on for dinner on Saturday? I can bring the salad.{link}\nSee you",
                          "Saturday dinner", sender, name))
    assert c.category == "personal", c.reasons
    assert not has(c.reasons, "display name"), c.reasons
    assert c.merchant is None


@pytest.mark.parametrize("name", ["PayPal Support", "PayPal™ Service Team", "Chase Bank Alerts", "Apple ID",
                                  "京东商城客服"])
def test_a_brand_speaking_with_service_words_from_elsewhere_is_a_spoof(clf: Classifier, name: str) -> None:
    c = clf.classify(mail("Your account has been limited. Verify your identity: http://secure-check.example.top",
                          "Account limited", "service@mailbox-notice.top", name))
    assert c.category == "fraud"
    assert has(c.reasons, "suspicious: display name"), c.reasons


def test_display_claim_rules() -> None:
    idx = MerchantIndex(list(builtin_directory()))
    for name, brand in (("PayPal", "PayPal"), ("PAYPAL Customer Care", "PayPal"), ("Amazon.com", "Amazon"),
                        ("京东客服", "京东")):
        e = idx.display_claim(name)
        assert e is not None and brand.casefold() in (e.name.casefold() + " " + " ".join(e.labels)), (name, e)
    for name in ("Chase Miller", "Amazon Smile fan club", "Apple Orchard Farm Shop Newsletter Ben", "Ben Apple"):
        assert idx.display_claim(name) is None, name


def test_unknown_sender_gets_a_suggestion(clf: Classifier) -> None:
    c = clf.classify(sms("【全金釜韩国烧烤】新店开业，凭短信享8折优惠，欢迎惠顾！拒收请回复R", "10690099887"))
    assert c.category == "marketing"
    assert c.merchant is None
    assert "unknown sender" in c.reasons
    assert c.suggestion == "signature:全金釜韩国烧烤"


def test_lookalike_index_rules() -> None:
    idx = MerchantIndex(list(builtin_directory()))
    assert idx.lookalike("paypa1.com") is not None  # homoglyph
    assert idx.lookalike("arnazon.com") is not None  # rn -> m
    assert idx.lookalike("jd-account-verify.top") is not None  # brand token + phishing words
    assert idx.lookalike("paypal.com.login-check.xyz") is not None  # brand as a sub-domain
    assert idx.lookalike("amazom.com") is not None  # one edit away
    for legit in ("paypal.com", "jd.com", "example.org", "email.com", "applebees.com", "qmail.org"):
        assert idx.lookalike(legit) is None, legit


def test_common_words_and_freemail_do_not_attribute(clf: Classifier) -> None:
    c = clf.classify(sms("Got apple pie and chase the kids around, see www.recipes-example.com", "+447700900123"))
    assert c.merchant is None
    assert c.category != "fraud"
    c = clf.classify(mail("Photos from the weekend attached.", "Photos", "bob@icloud.com", "Bob"))
    assert c.merchant is None  # Apple owns icloud.com, but Bob's address is not Apple


@pytest.mark.parametrize("body", [
    "我下周去腾讯面试，晚上一起吃饭吗？",
    "妈，京东买的东西到了没有？我明天回家拿。",
])
def test_a_persons_text_naming_a_chinese_brand_is_not_that_brands(clf: Classifier, body: str) -> None:
    c = clf.classify(sms(body, "+8613800138000"))
    assert c.category == "personal", c
    assert c.merchant is None, c
    # the same brand's own signed notice still is
    c = clf.classify(sms("【京东】您的订单 2837465 已发货，快递单号 JD0012345678，请注意查收。", "95118"))
    assert c.category == "transactional" and c.merchant is not None, c


def test_a_billing_notice_from_the_merchants_own_domain_is_a_notice(clf: Classifier) -> None:
    body = ("Hi Sophie, we're having some trouble with your current billing information. We'll try again, but in the "
            "meantime you may want to update your payment details: https://www.netflix.com/youraccountpayment")
    c = clf.classify(mail(body, "Update your payment information", "info@account.netflix.com", "Netflix"))
    assert c.category == "transactional" and c.merchant == "Netflix", c
    # the same words from another domain are the phish
    c = clf.classify(mail(body, "Update your payment information", "info@netflix-billing.example", "Netflix"))
    assert c.category == "fraud", c


def test_a_mail_of_nothing_but_shortened_links_is_a_lure(clf: Classifier) -> None:
    lure = mail("[afsdjcaycsviuays]<https://bit.ly/45Z2C7t>\n[weyiwvewioye]<https://bit.ly/3N50nXJ>", "_Your_Reward_",
                "qzx8812@mail-relay.example")
    assert clf.classify(lure).category in ("marketing", "fraud")
    # a friend's video on the platform's own link, or a short link with a few words of their own, is a friend's
    assert clf.classify(mail("https://youtu.be/aBc12XyZ9Qw", "", "tom.becker@gmail.com", "Tom")).category == "personal"
    note = mail("Here are the photos from Saturday's barbecue, the ones of the kids are great: https://bit.ly/3xYz12",
                "Photos", "tom.becker@gmail.com", "Tom")
    assert clf.classify(note).category == "personal"


def test_a_sales_pitch_written_one_to_one_is_marketing(clf: Classifier) -> None:
    realtor = ("Hi Sarah,\n\nSorry to land in your inbox out of the blue - I'm Dave, I work with a brokerage here and "
               "I've sold three homes on your street this year. If you'd ever consider selling, I'm happy to put "
               "together a free, no-obligation market analysis for your place.\n\nDave Harding\nREALTOR")
    c = clf.classify(mail(realtor, "Quick question about your place", "dave.harding.homes@gmail.com", "Dave Harding"))
    assert c.category == "marketing", c
    agent = ("Hi Sarah,\n\nYour auto policy renews on February 12. If we bundle your renters policy with the auto "
             "you'd likely save around $210 a year. Happy to walk through it on a quick call.\n\nMike")
    c = clf.classify(mail(agent, "Your auto policy renews Feb 12", "mike.sullivan.agency@gmail.com", "Mike Sullivan"))
    assert c.category == "marketing", c
    # a friend writing out of the blue and asking for a quick call offers nothing
    friend = ("Hi Sarah, sorry to write out of the blue after all these years! I'm in town next week for a "
              "conference. Do you have time for a quick call on Sunday to plan a coffee?\n\nJen")
    c = clf.classify(mail(friend, "Long time!", "jen.okafor@gmail.com", "Jen Okafor"))
    assert c.category == "personal", c


def test_brand_country_sites_and_hosted_pages_are_not_lookalikes() -> None:
    idx = MerchantIndex(list(builtin_directory()))
    for legit in ("amazon.it", "www.amazon.co.jp", "ssl-images-amazon.com", "dhl-usa.com", "usps.force.com"):
        assert idx.lookalike(legit) is None, legit


@pytest.mark.parametrize("body,opt_out", [
    ("【小米商城】新品首发，限量抢购 s.mi.com/x 退订回T", "退订回T"),
    ("【瑞幸咖啡】周一咖啡日，全场4.9折起，退订回复TD谢谢", "退订回复TD"),
    ("【盒马】今日鲜货到店，会员专享价。回复T退订", "回复T退订"),
    ("【某某教育】暑期班报名立减500元，详询400-123-4567，拒收请回复R", "拒收请回复R"),
    ("Flash sale: 2 for 1 pizzas tonight only! Reply STOP to opt out", "Reply STOP"),
])
def test_modern_templates_are_marketing_with_the_opt_out_reason(clf: Classifier, body: str, opt_out: str) -> None:
    c = clf.classify(sms(body))
    assert c.category == "marketing", c
    assert has(c.reasons, f"opt-out text {opt_out}")


@pytest.mark.parametrize("body,sender,cue", [
    ("会员积分即将清零【小明超市】", "10690000000", "会员"),
    ("会员积分即将清零【小明超市】", "13800138000", "会员"),
    ("【XX Fitness】Your rewards points expire at the end of the month", "12345", "rewards"),
])
def test_signed_loyalty_notice_is_marketing(clf: Classifier, body: str, sender: str, cue: str) -> None:
    # a short signed points/membership notice reads like a personal text to the model; the structure decides
    c = clf.classify(sms(body, sender))
    assert c.category == "marketing", c
    assert has(c.reasons, f"loyalty-programme wording {cue}")
    assert has(c.reasons, "signature 【")


def test_points_expiry_with_a_link_stays_fraud(clf: Classifier) -> None:
    c = clf.classify(sms("【某银行】您的积分即将清零，点击 jf-bank.top 立即兑换"))
    assert c.category == "fraud", c


def test_classify_many_matches_classify(clf: Classifier) -> None:
    msgs = [sms("【京东】您的订单已发货"), sms("晚上一起吃饭吗？", "13800138000"),
            mail("Hi Bob, see you tomorrow.", "lunch"), sms("Your code is 123456", "12345")]
    assert clf.classify_many(msgs) == [clf.classify(m) for m in msgs]


@pytest.mark.parametrize("body", [
    "Fuuuuck I need to stop sleepin, sup",
    "Plus he's going to stop all your runs",
    "I had to stop somewhere first, be there in 10",
])
def test_to_stop_in_running_text_is_not_an_opt_out(body: str) -> None:
    assert evidence.extract(sms(body, None)).opt_out is None


@pytest.mark.parametrize("body,opt_out", [
    ("Ringtone club: 3 free tones each week! To stop texts, txt STOP to 80062", "To stop"),
    ("Your discount code RP176781. To stop further messages reply stop.", "To stop"),
    ("New tips every day on wap, reply STP to stop receiving these tips", "to stop receiving"),
])
def test_to_stop_opening_a_clause_is_an_opt_out(body: str, opt_out: str) -> None:
    assert evidence.extract(sms(body, None)).opt_out == opt_out


def test_mail_from_a_brand_country_site_linking_to_it_is_not_a_mismatch(clf: Classifier) -> None:
    body = ("Il tuo ordine n. 405-5236882 è stato spedito. Dettagli: https://www.amazon.it/gp/css/order "
            "<https://images.ssl-images-amazon.com/logo.png>")
    c = clf.classify(mail(body, "Il tuo ordine Amazon.it è stato spedito", "conferma-spedizione@amazon.it",
                          "Amazon.it"))
    assert c.category not in ("fraud", "marketing"), c
    assert not has(c.reasons, "suspicious")
    assert has(c.reasons, "sender domain amazon.it")
    # the same display name linking to a third-party domain is still a mismatch
    c = clf.classify(mail(body.replace("www.amazon.it", "amazon-it.delivery-track.top"),
                          "Il tuo ordine Amazon.it è stato spedito", "conferma-spedizione@amazon.it", "Amazon.it"))
    assert has(c.reasons, "suspicious"), c


@pytest.mark.parametrize("body", [
    "【中通快递】您的快递已到达小区驿站，请凭取件码 3-2-1108 取件",
    "【小区快递柜】您的包裹已存入智能柜，取件码 88231234，请及时取件",
])
def test_parcel_pickup_code_sms_is_transactional(clf: Classifier, body: str) -> None:
    r = clf.classify(sms(body, sender="10690000001"))
    assert r.category == "transactional"
    assert has(r.reasons, "one-time code pattern")


def test_ad_naming_a_carrier_in_its_text_stays_marketing(clf: Classifier) -> None:
    # A brand named in running text is not a known sender: the order wording of an ad does not make it a notice.
    r = clf.classify(sms("德邦快递新开通苏州、无锡线路，发货价格实惠，下单立减，欢迎来电咨询 0512-12345678 王经理",
                         sender="13912345678"))
    assert r.category == "marketing"


@pytest.mark.parametrize("masked,digits", [
    ("【华联超市】会员日全场x折，满xxx减xx，回T退订", "【华联超市】会员日全场8折，满200减30，回T退订"),
    ("您的验证码是xxxxxx，5分钟内有效", "您的验证码是482913，5分钟内有效"),
    ("老王，明天下午x点在xx号楼门口见", "老王，明天下午3点在12号楼门口见"),
])
def test_chinese_sms_with_digits_masked_as_x_reads_like_digits(clf: Classifier, masked: str, digits: str) -> None:
    # Public Chinese SMS corpora publish texts with every digit replaced by "x".
    a, b = clf.classify(sms(masked)), clf.classify(sms(digits))
    assert a.category == b.category
    assert evidence.extract(sms(masked)).text == evidence.extract(sms(digits)).text


def test_x_in_english_sms_is_left_alone() -> None:
    assert "xxx" in evidence.extract(sms("Love you lots, see you soon xxx")).text


_PARCEL_EN = ("Your parcel 6912 4471 0023 is out for delivery today between 10:00 and 14:00. "
              "Track your shipment or change the delivery date at any time. Delivery is free of charge.")


@pytest.mark.parametrize("sender,name,body,merchant", [
    ("powiadomienia@inpost.pl", "InPost", _PARCEL_EN, "InPost"),
    ("noreply@notifications.auspost.com.au", "Australia Post", _PARCEL_EN, "Australia Post"),
    ("noreply@gls-group.eu", "GLS", _PARCEL_EN, "GLS"),
    # in the carrier's own language
    ("powiadomienia@inpost.pl", None, "Twoja paczka nr 6912447100 czeka w Paczkomacie WAW12M. Odbierz ją.", "InPost"),
    ("noreply@gls-group.eu", None, "Ihre Sendung 90346692444 wird heute zwischen 10 und 14 Uhr zugestellt.", "GLS"),
    ("noreply@laposte.fr", None, "Votre colis 6A12345678901 est en cours de livraison aujourd'hui.", "La Poste"),
])
def test_parcel_notice_from_a_carrier_is_transactional_and_attributed(clf: Classifier, sender: str, name: str | None,
                                                                     body: str, merchant: str) -> None:
    r = clf.classify(mail(body, subject=body[:30], sender=sender, name=name))
    assert r.category == "transactional" and r.merchant == merchant
    assert has(r.reasons, "sender domain") and has(r.reasons, "order/shipping/payment wording")


def test_security_coded_is_not_a_one_time_code() -> None:
    # "funds are security coded" in an advance-fee letter is no code
    assert not evidence.extract(mail("The funds are security coded to prevent them from opening.")).otp
    assert evidence.extract(mail("Your security code is 448812.")).otp


# -- letters disguised as others ---------------------------------------------------------------------------
def test_words_with_cyrillic_look_alike_letters_are_fraud_and_say_which(clf: Classifier) -> None:
    # "Yоur аccоunt hаs been lоcked" with Cyrillic о and а: reads as English, slips past word filters
    c = clf.classify(mail("Yоur аccоunt hаs been lоcked. Sign in to restore access.", subject="Yоur аccоunt hаs "
                          "been lоcked #2015913", sender="cs-support-17527@feedback.hurghada-example.com"))
    assert c.category == "fraud", c
    assert has(c.reasons, "look-alike letters: Yоur, аccоunt, hаs"), c.reasons


def test_text_in_mathematical_letters_is_unwanted_and_says_why(clf: Classifier) -> None:
    c = clf.classify(mail("𝐓𝐫𝐲 𝐢𝐭 𝐭𝐨𝐝𝐚𝐲", subject="𝐐𝐮𝐢𝐜𝐤 𝐫𝐞𝐥𝐢𝐞𝐟 𝐟𝐫𝐨𝐦 𝐚𝐥𝐥 𝐩𝐚𝐢𝐧",
                          sender="hope_28988@white.faculty-example.shop"))
    assert c.category in ("marketing", "fraud"), c
    assert has(c.reasons, "look-alike mathematical letters"), c.reasons


@pytest.mark.parametrize("text", [
    "Привет! Как дела? Увидимся в субботу в Москве.",  # Cyrillic words of their own
    "The 10kΩ resistor and the 5μm filter arrived, β-test on Monday.",  # Greek signs inside Latin words
    "Café crème at the Zürich office, 你好, ça va?",
    "Привiт! Як справи?",  # Ukrainian typed with a Latin i
    "Cпасибо, получил по e-mailу, файл в Excelе, ссылка на GitHubе",  # a Latin C; Latin stems, Cyrillic endings
    "Ответ: 𝑓(𝑥) = 𝑎𝑥 + 𝑏, и 𝑠𝑖𝑛(𝑥) + 𝑐𝑜𝑠(𝑥) = 1",  # an equation editor's italic letters
])
def test_ordinary_non_latin_and_accented_text_is_not_called_disguised(text: str) -> None:
    assert evidence.extract(sms(text)).disguised == []
    assert evidence.extract(mail(text, subject="hi")).disguised == []


def test_a_shops_points_newsletter_linking_only_to_itself_is_marketing_not_fraud(clf: Classifier) -> None:
    headers = {"List-Unsubscribe": "<https://mail.lanshan-tea.cn/u/8f2a>", "List-Unsubscribe-Post":
               "List-Unsubscribe=One-Click", "Feedback-ID": "7:88:edm:sendcloud"}
    body = ("尊敬的会员：您有2,380积分将于本月底到期，积分可兑换茶礼或抵扣现金，详情 https://www.lanshan-tea.cn/points "
            "如不想再收到此类邮件请退订 https://mail.lanshan-tea.cn/u/8f2a")
    c = clf.classify(mail(body, subject="积分到期提醒", sender="member@lanshan-tea.cn", name="兰山茶庄",
                          headers=headers))
    assert c.category == "marketing", c
    # the same wording with a link elsewhere, or a Reply-To elsewhere, is still fraud
    c2 = clf.classify(mail(body.replace("https://www.lanshan-tea.cn/points", "https://lanshan-points.top/x"),
                           subject="积分到期提醒", sender="member@lanshan-tea.cn", name="兰山茶庄", headers=headers))
    assert c2.category == "fraud", c2


# -- free page hosting --------------------------------------------------------------------------------------
def test_unwanted_mail_linking_to_free_page_hosting_is_fraud_and_names_the_host(clf: Classifier) -> None:
    c = clf.classify(mail("Congratulations! 4,000.00 EUR have been credited to your account. Claim your bonus now: "
                          "https://claim-bonus-7f3a.web.app/start before midnight, 200 free spins included!",
                          subject="You have received 4,000.00 EUR - claim today", sender="noreply@lucky-spins.example"))
    assert c.category == "fraud", c
    assert has(c.reasons, "free page hosting: claim-bonus-7f3a.web.app"), c.reasons


def test_free_hosting_does_not_make_wanted_mail_unwanted_or_bulk_mail_fraud(clf: Classifier) -> None:
    personal = clf.classify(mail("Hi Anna, the photos from the wedding are on the page I made: "
                                 "https://millerfamily.github.io/wedding/ Love, Tom",
                                 subject="wedding photos", sender="tom.miller@gmail.com", name="Tom Miller"))
    assert personal.category == "personal", personal
    headers = {"List-Unsubscribe": "<https://news.taskwell.example/u/1>", "Feedback-ID": "1:2:news:mailgun"}
    bulk = clf.classify(mail("Our 2025 changelog is live at https://taskwell.github.io/changelog. Save 20% on Pro "
                             "this month with code NEWYEAR20. Unsubscribe: https://news.taskwell.example/u/1",
                             subject="What's new this month", sender="news@taskwell.example", headers=headers))
    assert bulk.category == "marketing", bulk


def test_chinese_bulk_mail_selling_something_is_marketing(clf: Classifier) -> None:
    headers = {"List-Unsubscribe": "<https://unsub.taobao.com/u>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    promo = mail("淘宝年货节开始啦！领取满199减30优惠券，爆款包邮，速来抢购 https://www.taobao.com 退订", "年货节",
                 "newsletter@taobao.com", "淘宝", headers)
    c = clf.classify(promo)
    assert (c.category, c.merchant) == ("marketing", "淘宝"), c.reasons
    assert has(c.reasons, "promotional wording")
    # the same bulk headers on an order notice keep it a transaction
    order = mail("您的订单 2023112233 已发货，快递单号 YT1234567890，请注意查收。", "订单已发货",
                 "newsletter@taobao.com", "淘宝", headers)
    assert clf.classify(order).category == "transactional"


def test_advance_fee_scripts_are_fraud_with_the_verdicts_confidence(clf: Classifier) -> None:
    c = clf.classify(mail(
        "Hello, I am a barrister representing the estate of a late client who shares your surname. He left $8.5 "
        "million with no next of kin. Reply with your full name and phone number so we can proceed.",
        "Inheritance claim", "barrister.james.lawson@gmail.com", "James Lawson Esq"))
    assert c.category == "fraud", c.reasons
    assert has(c.reasons, "fraud wording next of kin")
    assert c.confidence >= 0.8  # decided by the wording, not by the SMS-trained fraud head's score


def test_a_list_unsubscribe_header_does_not_turn_phishing_into_marketing(clf: Classifier) -> None:
    headers = {"List-Unsubscribe": "<https://mailbox-notice-center.example/u/1>"}
    for body in ("Your password expires today. Verify your identity now: https://mailbox-notice-center.example/login",
                 "Your password expires today. Verify your identity now: https://bit.ly/3xYz",
                 # the header alone pulls the model to "wanted" (2002 lists carry it): the wording still decides
                 "Your account is suspended. Call +1 888 555 0142 and give your card number to verify your identity."):
        c = clf.classify(mail(body, subject="Action required", sender="security@mailbox-notice-center.example",
                              headers=headers))
        assert c.category == "fraud", (body, c)


# -- links that show one address and go to another ----------------------------------------------------------
def html_mail(html: str, subject: str, sender: str, headers: dict[str, str] | None = None) -> RawMessage:
    m = mail("", subject, sender, headers=headers)
    m.body_html = html
    return m


def test_a_link_showing_one_address_and_going_to_another_makes_unwanted_mail_fraud(clf: Classifier) -> None:
    # an ordinary-looking offer; only the link gives it away
    html = ('<p>Exclusive offer for you: 50% off all sneakers. Shop the collection at <a href="https://best-sneaker-'
            'outlet.top/x">www.nike.com</a> while stocks last!</p>')
    c = clf.classify(html_mail(html, "New arrivals for you", "offers@style-news.example"))
    assert c.category == "fraud" and c.confidence > 0.9, c
    assert has(c.reasons, "link shows one address and goes to another: nike.com -> best-sneaker-outlet.top"), c.reasons


def test_masked_links_leave_mailing_service_tracking_and_file_names_alone(clf: Classifier) -> None:
    # mailing services rewrite every link for click tracking: in bulk mail a masked link is no sign of fraud
    html = ('<p>Spring sale: 30% off everything this weekend with code SPRING30. Shop now at <a href="https://u1.ct.'
            'sendgrid.net/ls/click?x"><b>https://shop.example.com/sale</b></a></p>')
    headers = {"List-Unsubscribe": "<https://shop.example.com/u/1>", "X-SG-EID": "abc"}
    newsletter = html_mail(html, "Spring sale", "news@shop.example.com", headers)
    assert evidence.extract(newsletter).masked_links == ["example.com -> sendgrid.net"]
    assert clf.classify(newsletter).category == "marketing"
    same = evidence.extract(html_mail('<a href="https://www.amazon.co.uk/x">amazon.co.uk</a> <a href="https://a.b'
                                      '.example/f.pdf">report.pdf</a> <a href="https://x.example">Click here</a>',
                                      "Your order", "orders@amazon.co.uk"))
    assert same.masked_links == []


def test_a_newsletter_linking_through_its_own_domain_is_not_disguising_its_links(clf: Classifier) -> None:
    # 2002 CNET newsletters (SpamAssassin hard_ham): "news.com" over a link to the sender's own click tracker, with
    # no List-Unsubscribe; 35 of 180 such newsletters were fraud
    html = ('<p>Today on News.com: chip makers report record sales. Read the story at <a href="http://clickthru.'
            'online.com/Click?q=8c">http://news.com/2100-1001-955.html</a>. To unsubscribe, reply with REMOVE in the '
            'subject line. Special offer: save 20% on our partner magazines, click here.</p>')
    newsletter = html_mail(html, "CNET News.com Daily Dispatch", "dispatch@newsletter.online.com")
    assert evidence.extract(newsletter).masked_links == ["news.com -> online.com"]
    c = clf.classify(newsletter)
    assert c.category == "marketing", c
    assert not has(c.reasons, "link shows one address"), c.reasons
    # the same link shown as a known merchant's address is still a disguise, and so is one from a forged sender
    phish = html_mail(html.replace("http://news.com/2100-1001-955.html", "https://www.paypal.com/signin"),
                      "Your account", "service@secure-online.example")
    phish.body_html = phish.body_html.replace("online.com", "secure-online.example")  # type: ignore[union-attr]
    c = clf.classify(phish)
    assert c.category == "fraud" and has(c.reasons, "paypal.com -> secure-online.example"), c
    auth = "mx.example.net; dmarc=fail action=quarantine header.from=online.com"
    forged = html_mail(html, "CNET News.com Daily Dispatch", "dispatch@newsletter.online.com",
                       {"Authentication-Results": auth})
    c = clf.classify(forged)
    assert c.category == "fraud" and has(c.reasons, "link shows one address and goes to another"), c


@pytest.mark.parametrize(("shown", "sender"), [
    ("www.gov.uk/refund", "refunds@hmrc-online-services.example"),  # a public body's address
    ("www.amazon.fr", "service@client-suivi-commande.example"),  # a known brand's country site
    ("www.natwest.com/secure", "forms-receipts-noreply@google.com"),  # a form hosted by a known platform
])
def test_links_to_the_senders_own_domain_still_disguise_trusted_addresses(shown: str, sender: str) -> None:
    domain = sender.rsplit("@", 1)[1]
    html = f'<p>Please review your account at <a href="https://{domain}/x">{shown}</a> today.</p>'
    clf = Classifier.standalone()
    ev = evidence.extract(html_mail(html, "Your account", sender))
    assert ev.masked_links, ev
    c = clf.classify(html_mail(html + "<p>Verify your identity now or your account will be suspended.</p>",
                               "Your account", sender))
    assert c.category == "fraud" and has(c.reasons, "link shows one address and goes to another"), c


def test_a_short_mail_asking_to_act_on_an_account_through_its_own_domain_is_still_disguised(clf: Classifier) -> None:
    # the bank's address shown over the phisher's own page: no newsletter's click tracking
    html = ('<p>You have a new secure message about your account. Please read it at <a href="https://lloyds-'
            'securemail.example/m">www.lloydsbank.com/securemessages</a></p>')
    c = clf.classify(html_mail(html, "New secure message", "messages@lloyds-securemail.example"))
    assert has(c.reasons, "link shows one address and goes to another: lloydsbank.com -> lloyds-securemail.example"), c


@pytest.mark.parametrize(("href", "inner"), [
    ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.gov.uk%2Frefund&amp;data=05%7C01",
     "https://www.gov.uk/refund"),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__www.paypal.com_signin&d=DwMF", "https://www.paypal.com/signin"),
    ("https://urldefense.com/v3/__https://www.paypal.com/signin__;!!abc", "https://www.paypal.com/signin"),
    ("https://protect-eu.mimecast.com/s/AbCd?domain=natwest.com", "https://natwest.com"),
    ("https://www.google.com/url?q=https://example.org/x&sa=D", "https://example.org/x"),
    ("https://www.google.com/search?q=cats", "https://www.google.com/search?q=cats"),  # no redirector
    ("https://shop.example.com/a?url=https://x.example", "https://shop.example.com/a?url=https://x.example"),
    ("https://eur01.safelinks.protection.outlook.com/?url=javascript:alert(1)", None),  # not a web address: kept
    ("https://eur01.safelinks.protection.outlook.com/?url=" + "%" * 100000, None),  # hostile: bounded
    ("https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpaypal.com%0A%00evil.top", None),
    # wrappers are known by the link's own host, never by text elsewhere in it
    ("https://evil-login.top/urldefense?url=https://www.paypal.com/", None),
    ("https://safelinks.protection.outlook.com.evil-login.top/?url=https%3A%2F%2Fwww.paypal.com", None),
    ("https://evil-login.top/r?mimecast.com&domain=paypal.com", None),
    ("https://www.google.com.evil-login.top/url?q=https://paypal.com", None),
    ("HTTPS://URLDEFENSE.COM/V3/__https://www.amazon.com/__;!!abc$", "https://www.amazon.com/"),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__secure-5Fx.example.com_a&d=x",
     "https://secure_x.example.com/a"),  # "-5F" is "_", not "/"
    ("https://url.uk.m.mimecastprotect.com/s/AbCd?domain=royalmail.com", "https://royalmail.com"),
    ("https://nam02.safelinks.protection.outlook.com/?url=https%3A%2F%2Furldefense.com%2Fv3%2F__https%3A%2F%2F"
     "www.paypal.com%2Fsignin__%3B!!x%24&data=05", "https://www.paypal.com/signin"),  # nested
])
def test_links_wrapped_by_link_protection_services_are_read_through(href: str, inner: str | None) -> None:
    assert evidence.unwrap_link(href) == (href if inner is None else inner)


def test_phishing_in_an_office_365_mailbox_is_judged_by_the_links_safe_links_wrap(clf: Classifier) -> None:
    wrapped = "https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpaypa1-secure.com%2Flogin&amp;data=x"
    html = (f'<p>Your PayPal account is limited. Restore access at <a href="{wrapped}">www.paypal.com</a> within 24 '
            "hours.</p>")
    m = html_mail(html, "Account limited", "service@account-notice.example")
    ev = evidence.extract(m)
    assert "paypa1-secure.com" in ev.url_domains and ev.masked_links == ["paypal.com -> paypa1-secure.com"], ev
    c = clf.classify(m)
    assert c.category == "fraud" and has(c.reasons, "paypa1-secure.com"), c
    # the same wrapping around an honest link shows no disguise
    honest = html_mail('<p>See <a href="https://eur01.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.gov.'
                       'uk%2Fbins&amp;data=x">www.gov.uk/bins</a> for the new collection days.</p>', "Bins",
                       "a@b.example")
    assert evidence.extract(honest).masked_links == []


@pytest.mark.parametrize(("body", "subject", "sender", "target", "shown"), [
    ("Ihre Rentenauskunft ist verfügbar. Abrufen unter www.deutsche-rentenversicherung.bund.de", "Rentenauskunft",
     "info@drv-auskunft.example", "https://drv-auskunft.example/abruf", "www.deutsche-rentenversicherung.bund.de"),
    ("Un remboursement d'impôt de 312,00 € est disponible. Accédez à votre espace sur www.impots.gouv.fr",
     "Avis de remboursement", "dgfip@impots-remboursement.example", "https://impots-remboursement.example/espace",
     "www.impots.gouv.fr"),
])
def test_a_public_bodys_address_over_a_link_elsewhere_is_fraud_however_personal_it_reads(
        clf: Classifier, body: str, subject: str, sender: str, target: str, shown: str) -> None:
    # the model took these for personal mail: no bulk headers, a short note
    html = f'<html><body><p>Hallo</p><p><a href="{target}">{shown}</a></p></body></html>'
    c = clf.classify(mail(body, subject, sender, html=html))
    assert c.category == "fraud" and has(c.reasons, "link shows one address and goes to another"), c


def test_a_brands_country_site_over_a_link_to_its_main_domain_disguises_nothing(clf: Classifier) -> None:
    own = html_mail('<p>Your order has shipped. Track it at <a href="https://www.amazon.com/track?x=1">'
                    "www.amazon.fr/track</a>.</p>", "Your order has shipped", "ship-confirm@amazon.com")
    assert clf.classify(own).category == "transactional"
    council = html_mail('<p>Your council tax bill for 2025/26 is ready. Read about discounts at <a href="https://www.'
                        'sheffield.gov.uk/council-tax">www.gov.uk/council-tax</a>.</p>', "Council tax",
                        "counciltax@sheffield.gov.uk")
    assert not has(clf.classify(council).reasons, "suspicious"), clf.classify(council)
    assert clf.classify(council).category != "fraud"


def test_fraud_from_replies_going_elsewhere_says_so(clf: Classifier) -> None:
    body = ("Dear friend, I am contacting you about a business proposal of mutual benefit. Kindly reply to my private "
            "email with your full name and phone number for more details. Regards, Mr. Daniel Brown")
    c = clf.classify(mail(body, "Business proposal", "daniel.brown@consultant-mail.example", "Daniel Brown",
                          {"Reply-To": "dbrown.private@other-inbox.example"}))
    assert c.category == "fraud", c
    assert has(c.reasons, "replies go to other-inbox.example, not to the sender's domain consultant-mail.example"), c
    # a person whose replies go to another of their addresses is not accused of anything
    c = clf.classify(mail("Hi Anna, the photos from Saturday are in the shared album. Reply to my work address, I "
                          "rarely check this one.", "Photos", "tom.lee@gmail.com", "Tom Lee",
                          {"Reply-To": "tom.lee@acme-tools.example"}))
    assert c.category == "personal" and not has(c.reasons, "replies go to"), c


@pytest.mark.parametrize("html", [
    "<a " * 50000 + "href",  # thousands of unclosed anchors (a lazy tag pattern went quadratic: ~50 s)
    '<a href="https://x.example">' + "<" * 190000,  # the tag strip rescanned from every "<": ~30 s
    "<script " * 20000 + "<style>" * 20000,  # unclosed script and style blocks
    ('<a href="https://x.example">' + "<b>" * 5) * 5000,
    "о " + "b" * 60000 + " Yоur" * 1000,  # a look-alike before one very long word, then many disguised words
])
def test_hostile_html_is_classified_without_hanging(clf: Classifier, html: str) -> None:
    import concurrent.futures

    msg = html_mail(html, "x", "a@b.example")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        c = pool.submit(clf.classify, msg).result(timeout=10)  # a hang guard (0.03 s here), not a speed target
    assert c.category in ("marketing", "transactional", "personal", "fraud")


@pytest.mark.parametrize("frm", ['"books@books"@publisher.example.com', "info@münchen.de", "post@bücher.example"])
def test_quoted_local_parts_and_international_domains_are_real_addresses(frm: str) -> None:
    assert evidence.extract(mail("hi", "hi", frm)).forged_from is None


@pytest.mark.parametrize(("frm", "auth", "reason"), [
    ("noreply@correios", None, "no real domain: noreply@correios"),
    ("taxas@%atendimento.com", None, "no real domain"),
    ("mercadopago@atendimento.net-2", None, "no real domain"),
    ("zvfj@[1086695621]", None, "bare IP address"),
    ('"service@adac.de"', None, 'no real domain: "service@adac.de"'),  # a quoted local part, no domain at all
    ("noreply@𝐚𝐨𝐤.𝐝𝐞", None, "no real domain: noreply@𝐚𝐨𝐤.𝐝𝐞"),  # mathematical bold letters: IDNA forbids them
    ("news@shop-deals.example.com", "mx.example.net; spf=softfail smtp.mailfrom=x.art; dkim=none; "
     "dmarc=fail action=oreject header.from=shop-deals.example.com", "failed its DMARC check"),
    ("news@shop-deals.example.com", "spf=fail; dmarc=none action=none header.from=shop-deals.example.com; "
     "compauth=fail reason=001", "compauth=fail"),
])
def test_unwanted_mail_from_a_forged_address_is_fraud_and_says_why(clf: Classifier, frm: str, auth: str | None,
                                                                   reason: str) -> None:
    headers = {"Authentication-Results": auth} if auth else {}
    c = clf.classify(mail("Congratulations! You have been selected to receive a $500 gift card. Claim your reward "
                          "before midnight: https://rewards-today.example.top/claim", "You have won a $500 gift card",
                          frm, "Rewards Desk", headers))
    assert c.category == "fraud", c.reasons
    assert has(c.reasons, reason), c.reasons


@pytest.mark.parametrize("frm", ["anna@example.com.", "li@例子.中国", "ben@mail.example.co.uk"])
def test_real_domains_are_no_forgery(frm: str) -> None:
    ev = evidence.extract(mail("see you", "hi", frm))
    assert ev.forged_from is None


@pytest.mark.parametrize("auth", [
    "mx.example.net; spf=pass; dkim=pass; dmarc=pass header.from=example.org; compauth=fail reason=000",
    "mx.example.net; dmarc=fail header.from=list.example.net",  # another domain's result: not this From
])
def test_authentication_results_that_do_not_accuse_this_from_address_are_ignored(auth: str) -> None:
    ev = evidence.extract(mail("see you", "hi", "anna@example.org", headers={"Authentication-Results": auth}))
    assert ev.forged_from is None


def test_a_merchants_domain_failing_dmarc_is_not_that_merchant(clf: Classifier) -> None:
    body = "Your PayPal balance is ready. Log in to review the payment: https://www.paypal.com/signin"
    auth = "mx.example.net; spf=fail smtp.mailfrom=bulk.example.xyz; dmarc=fail action=oreject header.from=paypal.com"
    c = clf.classify(mail(body, "Payment received", "service@paypal.com", "PayPal",
                          {"Authentication-Results": auth}))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, "From address of PayPal, but sender domain paypal.com failed its DMARC check"), c.reasons
    assert sum("DMARC" in r for r in c.reasons) == 1, c.reasons
    ok = auth.replace("dmarc=fail", "dmarc=pass").replace("spf=fail", "spf=pass")
    c = clf.classify(mail(body, "Payment received", "service@paypal.com", "PayPal", {"Authentication-Results": ok}))
    assert c.merchant == "PayPal" and c.category != "fraud", c


def test_personal_mail_failing_authentication_stays_personal(clf: Classifier) -> None:
    # forwarding and mailing lists break authentication of ordinary mail: it alone makes nothing unwanted
    c = clf.classify(mail("Hi Anna, are we still on for dinner on Saturday? I can bring the salad.\nSee you",
                          "Saturday dinner", "ben@example.org", "Ben",
                          {"Authentication-Results": "mx.example.net; dmarc=fail header.from=example.org"}))
    assert c.category == "personal", c.reasons


def test_a_link_from_an_address_without_a_real_domain_is_fraud_whatever_the_text_model_says(clf: Classifier) -> None:
    body = "Seu pedido foi retido pela fiscalização. Pague a taxa para liberar a entrega: https://rastreio.example.top/p"
    c = clf.classify(mail(body, "Aviso importante", "contato@correios", "Correios"))
    assert c.category == "fraud" and has(c.reasons, "no real domain: contato@correios"), c.reasons
    # the same text from a real address is left to the text model and the other evidence
    c = clf.classify(mail(body, "Aviso importante", "contato@example.com.br", "Correios"))
    assert not has(c.reasons, "no real domain"), c.reasons


@pytest.mark.parametrize("frm", ["a" * 200000, "x@" + "b" * 200000, "x@" + "b." * 100000 + "-"])
def test_a_hostile_from_header_is_read_without_hanging(frm: str, no_hang: Any) -> None:
    ev = no_hang(evidence.extract, mail("hi", "hi", frm, headers={"Authentication-Results": "dmarc=fail " * 50000,
                                                                 "Reply-To": frm}))
    assert ev.channel == "email"


@pytest.mark.parametrize("msg", [sms("a." * 100000 + "-"), mail("a." * 10000 + "-"),
                                 html_mail('<a href="http://x(' + "a." * 100000 + '-">x</a>', "x", "a@b.example")],
                         ids=["sms", "mail", "href"])
def test_a_hostile_run_of_labels_is_scanned_for_links_without_hanging(msg: RawMessage, no_hang: Any) -> None:
    # no top-level domain in "a.a.a...": the link pattern retried from every label to the end of the run (quadratic)
    assert no_hang(evidence.extract, msg).url_hosts == []


def test_a_link_with_a_long_path_keeps_its_host() -> None:
    ev = evidence.extract(mail("see https://shop.example.com/" + "a-" * 300 + " or www.jd.com/" + "b." * 300))
    assert ev.url_hosts == ["shop.example.com", "jd.com"]


def test_a_hostile_host_of_many_labels_is_checked_without_hanging(no_hang: Any) -> None:
    idx = MerchantIndex(list(builtin_directory()))
    # every run of labels was joined and looked up: cubic in the number of labels
    assert no_hang(idx.lookalike, "a." * 4000 + "example.xyz") is None
    assert no_hang(idx.lookalike, "a." * 4000 + "paypal.com.login-check.xyz") is not None


def test_a_hostile_display_name_is_read_without_hanging(no_hang: Any) -> None:
    idx = MerchantIndex(list(builtin_directory()))
    # each brand name found in it re-split the whole name (quadratic)
    assert no_hang(idx.display_claim, "PayPal Miller " * 15000) is None


def test_one_merchants_name_on_anothers_domain_is_a_spoof_when_unwanted(clf: Classifier) -> None:
    body = ("Your PayPal account has been limited. Verify your identity within 24 hours: "
            "https://www.telekom.com/verify")
    c = clf.classify(mail(body, "Your PayPal account has been limited", "reply@telekom.com", "PayPal"))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, "display name PayPal but sender domain telekom.com (Deutsche Telekom)"), c.reasons


def test_one_merchants_name_on_anothers_domain_selling_something_is_no_mail_of_that_domain(clf: Classifier) -> None:
    # phishing_pot: "Kundenservice Deutsche Bahn <reply@telekom.com>" with a prize draw and no fraud wording was
    # Telekom's marketing
    c = clf.classify(mail("Congratulations! You have been selected to win a 100 EUR DB voucher. Answer 3 quick "
                          "questions and claim your FREE reward today: https://umfrage-gewinn.example/db",
                          "Ihre Meinung zählt – gewinnen Sie einen 100€ DB Gutschein!", "reply@telekom.com",
                          "Kundenservice Deutsche Bahn"))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, "display name Deutsche Bahn but sender domain telekom.com (Deutsche Telekom)"), c.reasons


def test_one_merchants_name_on_a_sister_brands_domain_linking_only_to_known_sites_is_no_spoof(clf: Classifier) -> None:
    c = clf.classify(mail("Send money to friends free with Venmo. Get $10 when you sign up this month: "
                          "https://venmo.com/signup", "Get $10", "promo@paypal.com", "Venmo",
                          {"List-Unsubscribe": "<https://www.paypal.com/unsubscribe>"}))
    assert c.category != "fraud" and not has(c.reasons, "suspicious"), c


def test_a_carriers_bundle_offer_under_a_partners_name_is_the_carriers_marketing(clf: Classifier) -> None:
    m = html_mail('<p>Get Netflix and Max together for $10/mo with your Verizon plan. Offer ends soon. <a href="https'
                  '://vz.to/netflixoffer">Learn more</a></p>', "Netflix is on us", "vzwpix@verizon.com",
                  {"List-Unsubscribe": "<mailto:unsub@verizon.com>"})
    m.sender_name = "Netflix"
    c = clf.classify(m)
    assert c.category != "fraud" and not has(c.reasons, "suspicious"), c


def test_one_merchants_name_on_anothers_domain_in_wanted_mail_is_left_alone(clf: Classifier) -> None:
    # Hermes UK became Evri: its parcel notices still say "Hermes" from the Evri domain
    c = clf.classify(mail("Your parcel from House of Fraser was delivered today at 10:42 and left with a neighbour. "
                          "Track it at https://www.myhermes.co.uk/track", "Hermes has delivered your parcel",
                          "donotreply@myhermes.co.uk", "Hermes"))
    assert c.category == "transactional" and c.merchant == "Evri", c
    assert not has(c.reasons, "suspicious"), c.reasons


def test_generic_words_and_internet_providers_mailboxes_imitate_no_one(clf: Classifier) -> None:
    idx = MerchantIndex(list(builtin_directory()))
    assert idx.lookalike("cash-refund.com") is None  # Cash App's domain is cash.app: "cash" is no brand
    assert idx.lookalike("paypal-refund.com") is not None
    assert idx.lookalike("verizonmail.com") is None  # Verizon's own customers' mailboxes
    c = clf.classify(mail("Photos from the weekend attached.", "Photos", "brad@verizon.net", "Brad"))
    assert c.merchant is None and not has(c.reasons, "imitates"), c


def test_a_free_mail_sender_is_suggested_by_address_not_by_domain(clf: Classifier) -> None:
    c = clf.classify(mail("Replica watches at 90% off, buy now at http://cheap-watches.example.net", "Cheap watches",
                          "Deals4U@gmail.com"))
    assert c.category in ("marketing", "fraud") and c.merchant is None, c
    assert c.suggestion == "email_sender:deals4u@gmail.com"
    c = clf.classify(mail("Replica watches at 90% off, buy now at http://cheap-watches.example.net. Limited time "
                          "offer!", "Cheap watches", "deals@cheap-watches.example.net"))
    assert c.category in ("marketing", "fraud"), c
    assert c.suggestion == "domain:example.net"


def test_a_brand_name_on_the_brands_own_free_mail_service_is_not_the_brand(clf: Classifier) -> None:
    c = clf.classify(mail("Your Apple ID has been locked for security reasons. Call Apple Support now on "
                          "+1 888 555 0101 to unlock it.", "Apple ID locked", "apple.support.team@icloud.com",
                          "Apple Support"))
    assert c.merchant is None and c.category == "fraud", c
    assert has(c.reasons, "display name Apple but sender domain icloud.com"), c.reasons


def test_a_link_in_a_long_sms_is_found_and_a_megabyte_of_hostile_text_is_not_scanned_whole() -> None:
    long_sms = "x " * 15_000 + "more at https://shop-deals.example.top/a"  # longer than the text model reads
    assert "shop-deals.example.top" in evidence.extract(sms(long_sms, None)).url_hosts
    hostile = ("a." * 128 + " ") * 4_000 + "https://far-away.example.top/x"  # 1 MB: past MAX_SMS_LINK_CHARS
    ev = evidence.extract(sms(hostile, None))
    assert "far-away.example.top" not in ev.url_hosts


@pytest.mark.parametrize(("body", "fraud"), [
    ("Your Norton 360 subscription was renewed for $399.99. To cancel and get a refund call +1 888 555 0101.", True),
    ("Here is the lasagne recipe I promised: https://recipes.example.net/lasagne. Enjoy!", False),
])
def test_a_brand_name_on_a_free_mail_address_is_a_spoof_when_it_asks_you_to_call(clf: Classifier, body: str,
                                                                                  fraud: bool) -> None:
    c = clf.classify(mail(body, "Hello", "jnorton@gmail.com", "Norton"))
    assert (c.category == "fraud") is fraud, c
    assert has(c.reasons, "display name Norton but sender domain gmail.com") is fraud, c.reasons


@pytest.mark.parametrize(("name", "sender", "merchant", "site"), [
    ("Xfinity", "online.communications@alerts.comcast.net", "Xfinity", "xfinity.com"),  # an ISP's own sub-domain
    ("AT&T", "att@emaildl.att-mail.com", "AT&T", "att.com"),
    ("Cash App", "cash@square.com", "Cash App", "cash.app"),
])
def test_brands_writing_from_their_own_other_domains_are_not_spoofs(clf: Classifier, name: str, sender: str,
                                                                    merchant: str, site: str) -> None:
    c = clf.classify(mail(f"Your monthly statement is ready. View it at https://www.{site}/statement",
                          "Your statement", sender, name))
    assert c.category != "fraud" and c.merchant == merchant, c


def test_co_branded_marketing_from_another_merchants_domain_stays_marketing(clf: Classifier) -> None:
    c = clf.classify(mail("Earn 5% back at Amazon with your Prime Visa. Shop the holiday deals now! Unsubscribe",
                          "Holiday deals with your card", "no-reply@alertsp.chase.com", "Amazon Prime Visa",
                          {"List-Unsubscribe": "<mailto:u@chase.com>"}))
    assert c.category == "marketing" and c.merchant == "Chase", c


@pytest.mark.parametrize("auth", [
    "mx.example.net; spf=pass; dkim=none; dmarc=fail (p=NONE sp=NONE dis=NONE) header.from=shop-news.example.com",
    "mx.example.net; dmarc=fail action=none header.from=shop-news.example.com",
    "mx.example.net; dmarc=fail action=quarantine header.from=shop-news.example.com; arc=pass",
])
def test_dmarc_failures_the_domain_does_not_enforce_or_a_trusted_forwarder_explains_are_no_forgery(auth: str) -> None:
    ev = evidence.extract(mail("hi", "hi", "news@shop-news.example.com", headers={"Authentication-Results": auth}))
    assert ev.forged_from is None


def test_local_mail_from_a_host_without_a_domain_stays_wanted(clf: Classifier) -> None:
    c = clf.classify(mail("Package lists updated from http://deb.debian.org/debian. 3 packages can be upgraded.",
                          "Cron <root@nas> apt update", "root@nas"))
    assert c.category not in ("fraud", "marketing"), c


@pytest.mark.parametrize("text", ["." * 300 + "paypal-secure-login.xyz/restore",
                                  "a-" * 200 + "x.paypal-secure-login.xyz/restore"])
def test_a_host_cannot_hide_behind_a_long_run_of_junk_labels(clf: Classifier, text: str) -> None:
    msg = sms("Your account is locked. Restore it: https://" + text, None)
    assert any("paypal-secure-login" in h for h in evidence.extract(msg).url_hosts)
    assert has(clf.classify(msg).reasons, "imitates PayPal")


@pytest.mark.parametrize(("name", "brand"), [("lRS.GOV", "IRS"), ("PayPaI Support", "PayPal"), ("G00gle", "Google"),
                                             ("Arnazon.com", "Amazon"), ("NetfIix", "Netflix")])
def test_a_display_name_written_to_pass_for_a_brand_is_fraud_and_says_so(clf: Classifier, name: str,
                                                                         brand: str) -> None:
    c = clf.classify(mail("Please see the attached statement and confirm your details today.", "Statement",
                          "notice@statements-center.example.net", name))
    assert c.category == "fraud" and c.merchant is None, c
    assert has(c.reasons, f"display name {name.split()[0]} imitates {brand}"), c.reasons


@pytest.mark.parametrize("name", ["Rory McIlroy", "LinkedIn Learning Club", "Dell Allen", "Il Sole 24 Ore", "R2D2 fans",
                                  "AMAZON WAREHOUSE SALE", "Microsoft.Learn Study Group", "Amazon.Returns",
                                  "Netflix.2024", "gessgroup.de", "abs-group.de"])
def test_ordinary_names_with_capital_i_small_l_or_digits_imitate_no_one(name: str) -> None:
    assert MerchantIndex(list(builtin_directory())).display_lookalike(name) is None


def test_a_merchant_is_recognised_by_its_exact_free_mail_address_unless_the_address_is_forged() -> None:
    from privatrack.core.household import Merchant

    clf = Classifier([Merchant(name="小明超市", id=7, email_senders=["xiaoming.shop@qq.com"])])
    c = clf.classify(mail("鸡蛋特价，欢迎光临", "周末特价", "XiaoMing.Shop@qq.com"))
    assert (c.merchant, c.merchant_id) == ("小明超市", 7) and "sender XiaoMing.Shop@qq.com is 小明超市" in c.reasons
    assert clf.classify(mail("鸡蛋特价", "周末特价", "li.wei@qq.com")).merchant is None
    for auth in ("mx.qq.com; dmarc=fail action=quarantine header.from=qq.com",
                 "mx.google.com; dmarc=fail (p=NONE sp=QUARANTINE dis=NONE) header.from=qq.com"):  # unenforced too
        forged = {"Authentication-Results": auth}
        assert clf.classify(mail("鸡蛋特价", "周末特价", "xiaoming.shop@qq.com", headers=forged)).merchant is None
