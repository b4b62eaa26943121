"""Message classifier: ``Classifier`` gives a category, a merchant, a confidence and plain-word reasons (issue 4).

Structure first (headers, SMS signatures, opt-out text, links and look-alike domains, codes), a learned linear
text model on top (``textmodel``), merchant attribution (``merchants``) and the user's corrections (``corrections``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from privatrack.core.classify import evidence as evmod
from privatrack.core.classify.corrections import Corrections
from privatrack.core.classify.evidence import is_sender_id
from privatrack.core.classify.forwarded import describe as describe_forwarded
from privatrack.core.classify.forwarded import forwarded_message, note_chars, note_warns
from privatrack.core.classify.merchants import FREEMAIL, PHISH_WORDS, MerchantIndex, country_site, phone_key
from privatrack.core.classify.textmodel import TextModel, load_model
from privatrack.core.models import Classification, RawMessage

CATEGORIES = ("marketing", "transactional", "personal", "fraud")
# Bump when a rule change alters verdicts: messages judged by an older classifier are offered a reclassify.
RULES_VERSION = "2026-12-08.80"
SPAM_THRESHOLD = 0.5
_SIGNUP_CUES = frozenset({"verify your email"})
# fraud cues that a sign-in alert says ("unusual sign-in", "suspicious activity", "someone tried to log in")
_SIGNIN_CUE = re.compile(r"sign[- ]?in|log[- ]?in|\baccess\b|activity|someone tried")
# disguises that imitate particular words (a brand's name), as opposed to styled letters (𝐅𝐑𝐄𝐄)
_LOOKALIKE_REASONS = ("words mixing", "words split by invisible", "display name words")
_WEAK_CUES = frozenset({"urgent", "urgently", "异常", "风险", "活动", "will be disconnected", "disconnection notice",
                        "disconnection of", "to avoid suspension", "to avoid disconnection", "to avoid penalty",
                        "to avoid penalties", "to avoid legal action"})  # what genuine reminders say too
# Loyalty-programme wording: a signed SMS about points or membership is a merchant's marketing.
_LOYALTY = re.compile(r"会员|积分|membership|member\b|points\b|rewards?\b|loyalty|pontos\b|puntos\b")
_APPT = (r"\byour (?:[a-z]{1,20} )?(?:appointment|appt) (?:is |on |at |with |for )"
         # ("reminding you of your cleaning on Thu 6/12", "reminder of your appt with Jenna")
         r"|\b(?:reminder of|reminding you of|reminder for) your (?:[a-z]{1,20} )?(?:appointment|appt|cleaning|visit"
         r"|session|consultation|check-?up|eye test|booking)\b")
_APPT_ALERT = re.compile(_APPT)
_ALERT = re.compile(r"\bdebited (?:from|to|by|in|for)\b|\bcredited (?:to|in|by)\b|\bavl\.? bal|\bavailable balance\b"
                    # (HDFC's UPI template: "Sent Rs.2,450.00 From HDFC Bank A/C *4417 To …")
                    r"|\bsent rs\.? ?#[#,.]*\s+from\b"
                    r"|\b(?:bill|payment|amount) (?:of \S{1,16}(?: \S{1,16})? )?(?:is )?due (?:on|by)\b"
                    r"|" + _APPT)

# "if this was not you, freeze your account": what a genuine security notice advises (a scam threatens to freeze)
_SELF_CHECK_ZH = re.compile(r"(?:如非|若非|如不是|若不是|如果不是|非)(?:您)?本人操作[^。！!？?]{0,30}冻结")
# ... but not when the advice leads anywhere else: a reply, a call back, a search, an account to follow or add, an
# agent; or a number that is not the brand's own (in Chinese digits, split, or a look-alike of its short code)
_SELF_CHECK_DETOUR = re.compile(
    r"回复|回拨|回电|本号|本短信|搜索|公众号|小程序|专员|顾问|客服|添加|私信|关注|下载|转人工|提示")
_SELF_CHECK_NUMBER = re.compile(
    r"(?:拨打|致电|电话|热线)[^。！!？?，,]{0,8}?([0-9零〇一二三四五六七八九][0-9零〇一二三四五六七八九\s-]*)")
# What Chinese notices are about: bills and debits, travel, bookings, deliveries, insurance, public services
_NOTICE_ZH = re.compile(
    r"户号|电费|水费|燃气费|话费|账单|扣款|扣费|缴费|缴纳|余额|到账|入账|支出|航班|登机|值机|延误|起飞|车次|检票|改签"
    r"|出票|预约成功|成功预约|已预约|您预约的|预约已确认|预订成功|成功预订|确认号|就诊|复诊|挂号|号源|接种|保单|保费|停水"
    r"|停电|检修|违法|违章|取件|签收|派送|投递|妥投|发货|揽收|运单|退款|原路退回|司机|上车点|取餐|维修|工单|受理|审批"
    r"|审核通过|办结|制作完成|制卡|订单|行程|流量|停课|复课|放假|家长会|归还|续借|新设备|已确认|您预订的|座位号|班次"
    r"|车票|实付|骑行|支付成功|付款成功|自动续费|单号|发往|汇算|名下车辆")
# ... and what ads say around the same words ("预约试听", "授信…一天到账", "未缴费的同学可以先试听")
_AD_ZH = re.compile(r"咨询|欢迎|赠送|即送|就送|送您|免费|名额有限|贷款额度|申请贷款|授信|放款|低息|详询|参与|专享"
                    r"|回复y|热线|报名|招生|开课|开盘|认筹|试听|新品|上市|特惠|礼品|礼包|加盟|招商(?!银行|证券|局|基金|蛇口)|订购|回复.{0,8}(?:办理|开通)"
                    r"|代金券|加油包|升级包|价格下降|降价|首杯|半价|立减|借款|提现|首付|房源|续卡|分期|立即预订|马上预订"
                    r"|下单可|下单立|下单享|下单即|可抵|快去|抢|买一|限量|充#+元?得|#+元得|#+(?:\.#)?折|折起|降至|元起"
                    r"|手慢无|满#+元?减|行程券|券已到账")
# asked to get in touch outside the sender's own channels (a WeChat or QQ ID, a chat app) or to send card details
# (news of a court's WeChat service, a refund "to WeChat Pay" or "in WeChat's settings" ask nothing)
_CONTACT_ID_ZH = re.compile(r"(?:加|添加|联系).{0,6}(?:微信|qq|q q|扣扣|飞书|钉钉|vx|薇信|威信|v信)"
                            r"|(?:微信|qq|q q|扣扣|vx|薇信|威信)号?[:：\s]{0,2}[a-z#][\w-]{3,}"
                            r"|下载.{0,6}(?:飞书|钉钉|app)|(?:卡号|身份证|密码).{0,8}(?:发送|回复|告知|提供)|发送至本号码")
_CHAT_APPS = r"纸飞机|telegram|(?<![a-z])tg(?![a-z])|腾讯会议|会议号"
_CONTACT_ELSEWHERE = re.compile(_CONTACT_ID_ZH.pattern + "|" + _CHAT_APPS)
# a code with a request to pass it on, or a promised call (whose caller then asks for it)
_CODE_HARVEST = re.compile(
    r"\b(?:send|forward|text) (?:it|this|them|the code|the numbers?)\b[^.!?]{0,20}\b(?:back|to (?:me|us|this number))\b"
    r"|\bforward it\b|\bshare (?:it|this(?: code)?|the code) with (?!anyone|anybody|no)"
    r"|\bgive (?:them|him|her|the \w+|our \w+) (?:this |the )?code\b|\b(?:have|keep) (?:this|the) code ready\b"
    r"|\b(?:will|'ll) (?:call|ring|contact) you\b|\ban agent will\b"
    r"|(?:专员|客服|工作人员)(?:将|会|稍后).{0,2}(?:致电|联系|来电)")
_CONTACT_ZH = re.compile(_CONTACT_ID_ZH.pattern + r"|添v|加v|" + _CHAT_APPS + r"|私聊|加我|回电|请打")
# What an account's security notices say (text lower-cased)
_ACCOUNT_NOTICE = re.compile(
    r"\bnew sign-?in\b|\bsigned in\b|\bsign-?in attempt|\bnew (?:device|login|log-in)\b|\blogged in\b"
    r"|\bpassword (?:was |has been )?(?:changed|reset)\b|\breset your password\b|\bsecurity alert\b"
    r"|\bverification code\b|\btwo-factor\b|\b2-step\b|\b(?:verify|confirm) your email\b"
    r"|新设备|异地登录|登录提醒|修改.{0,4}密码|重置.{0,4}密码|密码已修改|安全提醒|账号安全|帐号安全|验证码")
# A statement or a bill that is ready, in a merchant's own mail (text lower-cased)
_STATEMENT_NOTICE = re.compile(
    r"\bstatement is (?:ready|available) (?:to view|online|in)\b|\bminimum payment due\b|\bpayment due date\b"
    r"|\bbill is (?:ready|available)\b|账单已出|本期账单|电子账单已|账单日")
# ... a renewal, a subscription's change or a crypto transfer of yours ("your protection plan will renew
# automatically… renewal price", "you just received 0.0125 BTC")
_OWN_TRANSACTION = re.compile(
    r"\bwill renew automatically\b|\b(?:has been|was|will be) renewed\b"
    r"|\brenewal (?:date|price|confirmation|receipt)\b"
    r"|\b(?:subscription|membership|plan) (?:has been |was )?(?:renewed|activated|cancell?ed)\b"
    r"|\byou (?:just )?(?:received|sent|bought|sold|withdrew|deposited) [#.,]+ ?"
    r"(?:btc|eth|usdc|usdt|sol|xrp|ltc|doge)\b")
# A notice's own reference: "invoice R0024718365", "booking ID 3489727266", "your appointment is confirmed" (an ad's
# "order now" names none; text lower-cased, digits as "#")
_NOTICE_REF = re.compile(
    r"\b(?:order|booking|reservation|invoice|confirmation|ticket|receipt|itinerary|reference|ref)\s*"
    r"(?:id|no\.?|number|reference|ref)?\s*[:#]?\s*[a-z]{0,3}-?#{4,}"
    # ... in the other languages of European mail: "facture n°…", "numero fattura M…", "Auftragsnummer: …"
    r"|\b(?:facture|commande|fattura|factura|pedido|ordine|rechnung|bestellung|buchung|auftrag|factuur|bestelling)"
    r"(?:s?nummer)?\s*(?:n[°º.o]?|nr\.?|num(?:éro|ero)?|número|nummer)?\s*[:#]?\s*[a-z]{0,3}-?#{4,}"
    r"|\b(?:appointment|booking|reservation|order) (?:is |has been )?confirmed\b"
    r"|\byour tickets\b|订单号|预订号|预约单号|确认号|发票号码|预约挂号成功|挂号成功")
# Sales wording in the languages of European mail the text model knows little of (text lower-cased, digits "#")
_SALE_WORDS = re.compile(
    r"(?<![#.,])#{1,2} ?% (?:off|rabatt|de (?:descuento|desconto|réduction|remise)|korting|sconto)\b"
    r"|(?<![\w#])-#{1,2} ?%|\b(?:up to|bis zu|jusqu'à|hasta|até|fino al|tot) -?#{1,2} ?%|% off\b|\bsale\b"
    r"|\bdeals?\b|\boffers?\b|\bcoupon|\bvoucher|\bfree shipping\b|\bshop now\b"
    r"|rabatt|angebot|gutschein|reduziert|\bsparen\b|versandkostenfrei|descuento|\bofertas?\b|rebajas|\bsoldes\b"
    r"|\bpromo|réduction|\bremise\b|\boffre|\bsconto|\bofferta|\bsaldi\b|korting|aanbieding|desconto"
    r"|promoção|liquidação|aproveite|скидк|распродаж|\bакци")
# a reference number, a date or an amount (digits as "#")
_NOTICE_FIGURE = re.compile(r"#{5}|##[./-]##[./-]##|[€$£¥]\s?#|#\s?(?:€|eur\b|usd\b|gbp\b)|#[.,]#+ ?[a-z]{3}\b")
# the headers of mailing services (Mailgun, SES, SendGrid, Mailchimp, Salesforce, Mailjet): what a newsletter sent
# without List-Unsubscribe still carries, and no person's mail program adds
_ESP_HEADERS = frozenset(["feedback-id", "x-mc-user", "x-mailgun-sid", "x-mailgun-tag", "x-mailgun-variables",
                          "x-mailgun-sending-ip", "x-ses-outgoing", "x-ses-configuration-set", "x-sg-eid", "x-sg-id",
                          "x-sfmc-stack", "x-mj-mid", "x-emarsys-identify"])
# what a discussion list (Mailman, Yahoo and Google Groups) adds besides List-Unsubscribe, and a newsletter does not
_DISCUSSION_LIST_HEADERS = frozenset(
    ["list-post", "mailing-list", "x-mailing-list", "list-help", "list-subscribe", "x-beenthere", "list-archive",
     "list-owner"])
# A notice's wording in bulk mail (a statement, a delivery, a withdrawal): what makes it a transaction
_BULK_NOTICE = re.compile(
    r"\bstatement\b|\breceipt\b|\binvoice\b|\bwithdrawal\b|\bdeposit\b|\btransaction\b|\bshipped\b"
    r"|\bdelivered\b|\bdispatched\b|\btracking\b|\bpayment (?:received|confirmed|due)\b|\brenew(?:s|al|ed)\b"
    r"|\bexpir(?:es|ed|ing|y)\b|\bstorage\b|\bsecurity alert\b|\bcolis\b|\bexpédié|\brelevé\b|\blivraison\b"
    r"|\benvío\b|\benviado\b|\bbestelling\b|\bverzonden\b|\bpakket\b|\bpaczk|\bzamówieni|заказ|\bspedit|\bconsegna\b"
    r"|buchung|\breservierung|\bréservation\b|\breserva\b|\bprenotazione\b|\bboeking\b|\bfactuur\b|\bbolletta\b"
    r"|\bcompra\b|\bbillet\b|\bfahrkarte|\bticket\b"
    r"|\byour (?:order|booking"
    r"|reservation|bill|appointment)\b|kontoauszug|rechnung|bestellung|versandbestätigung|sendungsverfolgung"
    r"|\bfactura\b|\bpedido\b|\bfacture\b|\bcommande\b|\bfattura\b|\bordine\b|\bfatura\b|\bextrato\b"
    r"|\bgirokonto|\bkontoführung|\bentgelte\b|\bextracto\b|\bestratto conto\b|\brekeningafschrift")
# A salesperson's role or a shop's price offer, as a sales mail written one to one introduces itself
_SALES_ROLE_ZH = re.compile(
    r"置业顾问|保险顾问|保险代理人|保险经纪人|理财经理|理财顾问|销售顾问|销售经理|课程顾问|招生老师|房产经纪人|家装顾问"
    r"|老客户专享|专享价|原价\s*¥?#+")
# a forwarder's own note of this many letters (Chinese characters count one each) is a message of theirs
_NOTE_CHARS = 20
# a mailing service's own link domains (click tracking, hosted pages): a bulk mail's links go through them
_ESP_LINK_DOMAINS = frozenset({"list-manage.com", "eepurl.com", "mailchi.mp", "mcusercontent.com", "sendgrid.net",
                               "mailgun.org", "hubspotlinks.com", "klclick.com", "klclick1.com", "rs6.net"})
# Invoicing and booking services that send a business's mail from their own domain with the business's Reply-To
_ON_BEHALF_SENDERS = frozenset({"xero.com", "intuit.com", "freshbooks.com", "stripe.com", "squareup.com",
                                "sumup.com", "zoho.com", "invoice2go.com", "calendly.com"})
# what a billing notice says that phishing says too
_PAYMENT_CUES = frozenset({"update your payment", "update your billing", "confirm your payment"})
# what a win-back mail says that phishing says too ("reactivate your membership")
_WINBACK_CUES = frozenset({"reactivate", "re-activate"})
# sales words every mailing service's footer says ("unsubscribe", "manage your newsletter settings")
_FOOTER_WORDS = frozenset({"subscribe", "newsletter"})
# What a Chinese offer to an existing customer says ("您已获得…升级资格", "首年免年费", "回归礼")
_OFFER_ZH = re.compile(r"获得.{0,12}资格|升级资格|专属升级|免年费|回归礼|专属礼遇|邀您办理|诚邀您")
# What only a notice quotes: your order, waybill, bill, ticket or invoice (text lower-cased, digits as "#")
_HARD_NOTICE_ZH = re.compile(
    r"订单号|订单编号|运单号|快递单号|取件码|本期应还|应还金额|最低还款|还款日|航班号|车次|座位号|登机|发票号码|实付|支付成功"
    r"|付款成功|退款成功|已发货|已签收|预约成功|预订成功")
# What English notices are about (text lower-cased, digits as "#")
_NOTICE_EN = re.compile(
    r"\bdeliver(?:ed|y)\b|\bparcel\b|\bpackage\b|\btrack(?:ing)?\b|\border\b|\bdispatched\b|\bshipped\b"
    r"|\bshipment\b|\bappointment\b|\bappt\b|\bbooking\b|\bbooked\b|\breservation\b|\bbalance\b|\bdebited\b"
    r"|\bcredited\b|\bdirect debit\b|\bbill\b|\bstatement\b|\bpayment\b|\bpaid\b|\brefund\b|\bprescription\b"
    r"|\brx\b|\bflight\b|\bgate\b|\bdepart|\bdelay|\bcancell?ed\b|\bcheck-?in\b|\btrain\b|\bpnr\b|\bplatform\b"
    r"|\bschool\b|\bmeter reading\b|\bsupply\b|\boutage\b|\bvaccin|\bbooster\b|\bsign-?in\b|\bsigned in\b"
    r"|\bnew device\b|\bpassword\b|\brecharge\b|\bexpir|\brenewal\b|\bpolicy\b|\bpremium\b|\baccount ending\b"
    r"|\bcard ending\b|\bwas charged\b"
    r"|\ba/c\b|\bacct\b|\bdeposit\b|\btransaction\b|\bpick ?up\b|\bcollection\b|\bmessage from\b"
    r"|\bcard ending\b|\breminder\b|\bengineer\b|\busage\b|\ballowance\b|\bdue (?:back|on|by)\b")
_CALL_BEFORE = re.compile(r"\b(?:call|ring|dial|contact|phone|whatsapp|helpline|care|tel)\b[^.!?]{0,20}$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENDER_MARKS = re.compile(r"[\s()-]")
_DIGIT_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine)"
_SPELLED_DIGITS = _DIGIT_WORD + r"\b(?:[\s,-]+" + _DIGIT_WORD + r"\b){6,}"  # seven or more, digit by digit
_ZH_DIGITS = "[零〇一二三四五六七八九]{7,}"
# A phone number spelled out digit by digit is written to slip past filters: no business writes its own so. With a
# zero in it: "一二三四五六七" and "one, two, three…" are counting
_EVASIVE_NUMBER = re.compile(r"(?=[一二三四五六七八九]{0,6}[零〇])" + _ZH_DIGITS + r"|\b(?=(?:(?:one|two|three|four"
                             r"|five|six|seven|eight|nine)[\s,-]+){0,6}zero)" + _SPELLED_DIGITS)
# ... and what no number pattern sees in a notice: dotted or spaced digits, digits spelled out (zero or not), digits of
# another script (٠٨٠٠…)
_ODD_NUMBER = re.compile(r"#{3,4}\.#{3}\.#{3,4}|(?:#[ -]){6,}#|" + _ZH_DIGITS + r"|(?![0-9])\d|\b" + _SPELLED_DIGITS)


# UK premium-rate (09…) and personal numbers (070…) as written: 0 and ten digits, or +44. Both cost the caller and
# are given by prize draws and "sorry I missed your call, I'm on 070…" scams, never by a friend (UK mobiles are
# 071-075 and 077-079); phonenumbers tells which a candidate is
_UK_COSTLY = re.compile(r"(?<![\d+])(?:\+44[\s-]?(?:\(0\)\s?)?|0)(?:7[\s-]?0(?:[\s-]?\d){8}|9(?:[\s-]?\d){9})(?![\d-])")


# ... and what an advertised paid line says of its price ("Calls £1/min", "60p/min", "150ppm", "callcost"): a chat or
# ringtone service selling openly, where a scam hides the cost
_PRICE_STATED = re.compile(r"\d\s?p\s?/?\s?min|\d\s?ppm|/\s?min|\bper min|\bcall\s?cost|\bcalls? (?:cost|charged)"
                           r"|\bcalls?\s?(?:from\s)?[£$€]\s?\d|[£$€]\s?\d+(?:\.\d+)?\s?(?:/|per |a )?\s?min", re.I)


def _costly_number(body: str) -> str | None:
    """:return: the first UK premium-rate or personal number in an SMS's text, as written, or ``None``."""
    if "07" not in body and "09" not in body and "+44" not in body:
        return None
    import phonenumbers

    t = phonenumbers.PhoneNumberType
    for m in _UK_COSTLY.finditer(body[:2000]):
        try:
            kind = phonenumbers.number_type(phonenumbers.parse(m.group(0), "GB"))
        except phonenumbers.NumberParseException:
            continue
        if kind in (t.PREMIUM_RATE, t.PERSONAL_NUMBER):
            return m.group(0)
    return None


def _evasive_number(text: str) -> re.Match[str] | None:
    """``_EVASIVE_NUMBER.search(text)``: every match holds a zero, so most texts need no scan."""
    if "zero" in text or "零" in text or "〇" in text:
        return _EVASIVE_NUMBER.search(text)
    return None


# Whatever may be a link, found more widely than the model's link feature: any suffix, an IP address, "点com"
# (a dotted token from its start only, its suffix checked after: a nested pattern backtracked quadratically on
# "a.a.a…" and "a-a-a…")
# (read in the evidence's text, where digits are "#": boi-secure###.com is a link too)
_LINKISH = re.compile(r"(?:https?://|www\.)[^\s<>\"'【】（）()，。]+|(?<![a-z0-9#.-])[a-z0-9#-]+(?:\.[a-z0-9#-]+)+"
                      r"(?:/[^\s<>\"'【】，。]*)?|点(?:com|cn|net|org|top|cc|xyz|vip)")
_SUFFIX_LABEL = re.compile(r"[a-z]{2,24}")
_FRAGMENT = re.compile(r"(\.[a-z]{2,24})#.*")
_DIGIT = re.compile(r"[0-9]")
# a public body's own suffix: what no one else can register
_PUBLIC_SUFFIXES = ("gov", "mil", "gov.uk", "nhs.uk", "nhs.net", "police.uk", "gov.in", "nic.in", "gov.au",
                    "gov.sg", "gc.ca", "govt.nz", "gov.ie", "gov.za", "gov.cn", "gouv.fr", "bund.de", "europa.eu")
_PUBLIC_SUBDOMAINS = tuple("." + x for x in _PUBLIC_SUFFIXES)
# "etc.gov-cn.vip", "govuk-refund.com", "tax.gov.cn.example.top": a host that spells a government's suffix
# somewhere no one but that government can have it
_FAKE_GOV = re.compile(r"(?:^|[.-])gov[.-]?(cn|uk|au|in|sg|ie|za)(?=[.-])")
# numbers in a notice: any run of 8+ digits with phone separators (digits are "#", a letter O read as a zero)
_NUMBERISH = re.compile(r"[+(]?#[#o\s().-]{5,}#")
_DATE = re.compile(r"####[-./]##[-./]##|##[-./]##[-./]####")
# what names the long unbroken number after it as a reference, not one to call
_REF_BEFORE = re.compile(r"(?:\b(?:ref|refno|pnr|order|txn|transid|transaction|a/c|acct|awb|track|tracking|shipment"
                         r"|parcel|imps|utr|rrn|upi|id|no|ems|colis|sendung|paket|pedido|pacco|envío|suivi|numéro|nr)"
                         r"|单号|户号|编号|工单|确认号|保单|流水号|交易号|凭证号|尾号|取件码|验证码|邮件|快件|包裹|订单)"
                         r"[\s.:#：-]{0,3}$")
# asked to send something back or pass it on
_ASKS_BACK = re.compile(r"\breply to this (?:text|message) with\b|\bemail (?:us )?your\b"
                        # (but "切勿将验证码告知他人": the warning every code SMS ends with)
                        r"|\b(?:read|give|tell) (?:this|the) code\b|告知(?!他人|任何人|别人)|告诉.{0,4}客服"
                        r"|验证码.{0,6}(?:发送|提供|转发)")
_AD_EN = re.compile(
    r"\bupgrade\b|pre-?approved|\bapply now\b|\bdonat|\bvote\b|\bswitch (?:to|now)\b|\bjoin (?:now|today|us)\b"
    r"|\bearn\b|\bbonus\b|\bcashback\b|\bsave (?:up to|£|\$|#)|\bexclusive\b|\bloan\b|\bcredit limit\b|\buse code\b"
    r"|\bpromo|\b(?:for|at) just\b|\bonly (?:£|\$|rs)|\bhalf price\b|\bbuy one\b|(?<![\w#])#-for-|\bextra\b|\bhurry\b"
    r"|\btreat yourself\b|\bdon'?t miss\b|\bspecial\b|\bnew arrivals?\b|\blimited (?:time|offer|stock|edition)\b"
    r"|\bcould get\b|\bflat\b|\boff on\b|\bcheap|\bis back\b|\border now\b|\bgrab\b|\bcraving"
    r"|\b(?:for|from) (?:just|only) (?:£|\$|€|rs)|\bfrom (?:£|\$|€|rs)\.? ?#+(?!\.##)|(?:£|\$)#+(?:\.##)? off\b"
    r"|\boff your\b|\badd #+ ?gb|(?<![\w#])#+ ?gb (?:for|more)|\breply (?:yes|data|buy)\b"
    r"|\b(?:shop|browse|explore|discover|check out|see) (?:the |our )?(?:latest|new|range)|\bin store\b"
    r"|\b(?:bookings?|reservations|orders|tables?) (?:are |is )?now open\b"
    r"|\bnow open for (?:booking|order|deliver|christ)|\bselling fast\b|\bbasket\b|\bvoucher|\bpre-?order"
    r"|\breserve your\b|\bbets?\b|\bfavou?rite\b|\bit'?s (?:friday|the weekend)\b|(?<![\w#])#-for-#\b|\bthousands of\b"
    r"|\bdouble\b|\bspend (?:it|them|your)\b|\border (?:via|by|online|from)\b|\bbook (?:now|today)\b|\bpackages\b"
    r"|\bkeep your number\b|\bsorted\b|\bnew (?:phones?|tvs?|range|collection|season|menu)\b"
    r"|\b(?:a|per) month\b|/month\b|\bwishlist\b|\bprices? (?:have )?(?:drop|dropped|down)\b|\bwaived\b"
    r"|#+% less\b|\byou saved\b|\badd [a-z0-9+ ]{1,25} for (?:£|\$)|(?<![\w#])# courses\b|\bgoing down\b"
    r"|\bnear you\b|\btuck in\b|#+,?#*\+ |\bour new\b|\bsavings?\b(?! account)|\bbuy any\b|\bwhile stocks? last"
    r"|(?<![\w#])#+% on\b|\bget (?:truly )?unlimited\b")
_PICKUP_ZH = re.compile(r"取件|包裹|快递|快件|邮件|驿站|证件|取机|取餐|取货|提货|制作完成|签注|社保卡|身份证"
                        r"|驾驶证|护照")


def _number_to_call(text: str) -> bool:
    """Is a long number in ``text`` one to call? Not a code glued to letters ("JJD0012345678", "1Z999AA…"), a link's
    path, or an unbroken run after a reference word ("PNR 2847163950", "UPI Ref: 309812765543", "运单号SF…", "户号…").
    Spaced, dashed or bracketed as phone numbers are, it is one ("ref: 0800 028 4567", "(844) 555-0143")."""
    return next(_numbers_to_call(text), None) is not None


def _numbers_to_call(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``text``'s numbers to call (see :func:`_number_to_call`)."""
    for m in _NUMBERISH.finditer(text):
        run = m.group(0).rstrip(" .-")
        digits = run.count("#")
        if digits < 8 or digits > 15 or _DATE.fullmatch(run):
            continue  # (a phone number has at most 15 digits; a tracking number or a date is none)
        before = text[m.start() - 1] if m.start() else " "
        after = text[m.start() + len(run)] if m.start() + len(run) < len(text) else " "
        if before in "/=#_&?" or (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
            continue
        if (run.strip("#") == "" and _REF_BEFORE.search(text, max(0, m.start() - 20), m.start()) is not None
                and _CALL_BEFORE.search(text, max(0, m.start() - 30), m.start()) is None):
            continue
        yield m.start(), m.start() + len(run)


# Social networks and app stores that merchants' own mail links to in its footer
_SOCIAL_SITES = frozenset("facebook.com instagram.com twitter.com x.com linkedin.com tiktok.com pinterest.com "
                          "youtube.com weibo.com qq.com apple.com google.com threads.net whatsapp.com".split())
# Sites whose links people share in their own texts (videos, songs, maps, articles), where no one can put up a
# login page of their own (not the social networks: a scam's profile lives there)
_SHARED_SITES = frozenset("youtube.com youtu.be spotify.com wikipedia.org bbc.co.uk bbc.com imdb.com".split())
_SHARED_HOSTS = frozenset(["maps.google.com", "maps.google.co.uk"])
# Numbers that cost or that businesses and scams give: UK 03/08/09/070/076, North American toll-free and 900, AU
# 13/1300/1800/1900, international premium (+44 9...) or written with a country code of those
_SERVICE_NUMBER = re.compile(
    r"(?<![\w+])(?:(?:\+44\s?\(?0?\)?\s?|0)(?:[389]|7[06])\d|(?:\+?1[\s.-]?)?\(?(?:800|888|877|866|855|844|833|900)\)?[\s.-]?\d{3}"
    r"|(?:\+61\s?|0)?1[389]00)[\d\s.-]{4,}")
# short codes to text ("text WIN to 80082")
_SHORT_CODE_TEXT = re.compile(r"\b(?:text|txt|sms|send|reply)\b[^.!?\d]{0,20}\b\d{4,6}\b(?![\d\s-]*\d{3})", re.I)
# what texts that want your money or details speak of, however personal their tone
_ACCOUNT_WORDS = re.compile(
    r"\b(?:account|acct|payment|paid|charged?|refund|verif\w*|suspend\w*|secur\w*|fraud\w*|prize|winner|won|claim"
    r"|cash|rewards?|bonus|loan|debt|invest\w*|crypto\w*|bitcoin|btc|usdt|trading|profit|customs|tax|hmrc|irs|fees?"
    r"|fine|penalty|parcel fee|redeliver\w*|package|gift ?cards?|bank|card|pin|password|code|otp|job|salary|hiring"
    r"|recruit\w*|telegram|whatsapp me|dating|lonely|sexy|pics?|webcam)\b", re.I)


@lru_cache(maxsize=4096)
def _mobile_line(sender: str) -> bool:
    """Can ``sender`` (digits, with ``+`` and country code when international) be a person's phone: not a landline,
    a free, premium or shared-cost number? Numbers the metadata cannot tell apart (North America) or does not know
    count as a person's."""
    if not sender.startswith("+"):
        return True  # (a mainland mobile, by _MOBILE)
    import phonenumbers

    try:
        kind = phonenumbers.number_type(phonenumbers.parse(sender, None))
    except phonenumbers.NumberParseException:
        return False
    t = phonenumbers.PhoneNumberType
    return kind not in (t.FIXED_LINE, t.TOLL_FREE, t.PREMIUM_RATE, t.SHARED_COST, t.UAN, t.PAGER, t.VOICEMAIL,
                        t.PERSONAL_NUMBER)


# a phone number or a link as written in a text (what _without_contacts takes out)
_CONTACT_RUN = re.compile(r"(?:https?://|www\.)\S+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/\S*|[+(]?\d[\d\s().-]{5,}\d", re.I)


def _no_scam_marks(body: str) -> bool:
    """Does an SMS say nothing of money, accounts, prizes or jobs, give no number that costs (short ones too, which
    the phone-number evidence does not count), no short code to text and no number spelled out?"""
    return (_SERVICE_NUMBER.search(body) is None and _SHORT_CODE_TEXT.search(body) is None
            and _ACCOUNT_WORDS.search(body) is None and _EVASIVE_NUMBER.search(body.lower()) is None)


def _own_channels(text: str, brand: Any, digits: str | None = None) -> bool:
    """Does a notice keep to its sender's own channels: links only to the brand's sites (or its country site) or a
    public body's, no number to call, no contact elsewhere, nothing to send back? (A sender name and a signature are
    typed by whoever sends; a scam needs a way to reach its victim.)

    :param digits: ``text`` with its digits (the same length): then the brand's own service numbers (the
        directory's ``phones``) are numbers it may give to call"""
    if _ODD_NUMBER.search(text) or _ASKS_BACK.search(text) or _ASKS_DATA.search(text) or _CONTACT_ZH.search(text):
        return False
    phones = getattr(brand, "phones", None)
    if phones and digits is not None and len(digits) == len(text):
        if any(phone_key(digits[a:b]) not in phones for a, b in _numbers_to_call(text)):
            return False
    elif _number_to_call(text):
        return False
    for m in _LINKISH.finditer(text):
        link = m.group(0)
        if link.startswith("点"):
            return False  # "sfexpress-kd点com": an address spelled to slip past filters
        scheme = "://" in link or link.startswith("www.")
        # ("#" is a digit in the evidence's text, boi-secure###.com; after a suffix it starts a fragment)
        host = _FRAGMENT.sub(r"\1", re.split(r"[/?:\\]", link.split("://", 1)[-1], maxsplit=1)[0].lower())
        if host.startswith("www."):
            host = host[4:]
        if not scheme:
            labels = host.split(".")
            while labels and not _SUFFIX_LABEL.fullmatch(labels[-1]):
                labels.pop()  # "rs.###", "v1.2": no suffix, no address
            if len(labels) < 2:
                continue
            host = ".".join(labels)
        elif not re.search(r"[a-z]{2,}$", host):
            return False  # an IP address
        if host in _PUBLIC_SUFFIXES or host.endswith(_PUBLIC_SUBDOMAINS):
            continue
        reg = evmod.reg_domain(host)
        if brand is not None and (reg in brand.domains or host in brand.domains or country_site(reg, brand)
                                  or ("#" in reg and reg in {_DIGIT.sub("#", d) for d in brand.domains})):
            continue  # (jet#.com: the evidence's text writes jet2.com's digit as "#")
        return False
    return True


# A card issuer's question about a payment: "Did you attempt a $1,250.00 purchase … ? Reply YES or NO"
_VERIFY_ASK = re.compile(r"\bdid you (?:attempt|make|authori[sz]e|try|just)\b|\bwas (?:this|it) you\b")


def _ad_words(text: str) -> bool:
    """Does an English SMS sell (``_AD_EN``)? "Reply YES" answering a card issuer's "did you attempt…?" does not."""
    verify = None
    for m in _AD_EN.finditer(text):
        if not m.group(0).startswith("reply "):
            return True
        if verify is None:
            verify = _VERIFY_ASK.search(text) is not None
        if not verify:
            return True
    return False


def _own_numbers(ev: evmod.Evidence, speaks_as: Any, sender: str) -> bool:
    """Are the numbers an SMS alert gives to call its sender's own: the brand's service numbers from the directory,
    or, for an appointment, the number it came from ("Lakeview Dental … call (512) 555-0147" from +15125550147;
    "credited by mistake, return it to <the sender's number>" is a scam's)?"""
    if speaks_as is not None and getattr(speaks_as, "phones", None) and _own_channels(ev.text, speaks_as, ev.lowered):
        return True
    return _APPT_ALERT.search(ev.text) is not None and _only_calls_back(ev, sender)


def _only_calls_back(ev: evmod.Evidence, sender: str) -> bool:
    """Is every number an SMS gives to call the number it came from?"""
    own = phone_key(sender)
    spans = list(_numbers_to_call(ev.text)) if len(own) == 9 else []
    return bool(spans) and all(phone_key(ev.lowered[a:b]) == own for a, b in spans)


def _alert_words(text: str) -> bool:
    """Could ``_ALERT`` match? (Its alternatives start with ``\\b``, so the engine cannot skip ahead: checking its
    words first costs a third as much on the corpora's SMS.)"""
    return ("debited" in text or "credited" in text or "bal" in text or "due" in text or "appointment" in text
            or "sent rs" in text or "appt" in text or "remind" in text)


_PERSONAL_NUMBER = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$|^\+(?!86)\d{8,15}$|^0\d{9,10}$")  # mobiles, national numbers
# a reply asked for to get a payment link or page: "Reply Y to confirm" alone is an appointment's
_REPLY_ASKED = re.compile(r"\breply pay\b|\b(?:payment|secure|pay) (?:link|page)\b")
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$|^\+(?!86)\d{8,15}$")
# bank details written out (text lower-cased, digits "#"), with their numbers: a UK sort code and account number,
# an Australian BSB, an IBAN, a New Zealand account number, a named number ("IFSC HDFC0001234", "routing 021000021",
# "acc 41829563")
_BANK_NUMBER = (r"(?<![#\w])##-##-##(?![#\w])|(?<![#\w])###-###(?![#\w])|\b[a-z]{2}##(?: ?[a-z#]{4}){3,}"
                r"|(?<![#\w])##-####-#{7}-#{2,3}(?![#\w])"
                r"|\b(?:sort ?code|bsb|ifsc|iban|routing|transit|a/c|acc|acct|account)(?: no\.?| number)?[:.]? ?"
                r"(?:[a-z]{4}#)?#[# -]{4,}")
_BANK_DETAILS_NUMBERS = re.compile(_BANK_NUMBER)
# ... or named without them, as friends do ("e-transfer me", "my PayID is my number", "UPI me")
_BANK_DETAILS = re.compile(_BANK_NUMBER + r"|\bsort ?code\b|\bbsb\b|\bifsc\b|\biban\b|\brouting\b|\btransit\b"
                           r"|\be-?transfer\b|\bpayid\b|\bupi\b")
# ... passed on to share a cost: "£85 each", "my half", "the hen do money", "the collection", "the kitty"
_SHARED_COST = re.compile(r"\beach\b|\bmy (?:half|share|bit)\b|\byour (?:half|share|bit)\b|\bcollection\b"
                          r"|\bkitty\b|\bwhip-?round\b|\bsplit\b|\b(?:hen|stag|bucks) (?:do|party)\b"
                          r"|\bcomp money\b|\b(?:a|per) (?:head|person|player|child|kid)\b|/(?:player|person|head)\b"
                          r"|\bsubs\b|\bsyndicate\b|\bbuy-?in\b|\bpooling\b|\bfarewell\b|\bleaving (?:gift|do)\b")
# ... and what the payment-diversion scam says instead ("I've switched banks, please update your standing order",
# "payments now go to the business account", "our bank details have changed")
_BANK_CHANGED = (r"\bnew (?:bank|account|details|sort code|provider)\b"
                 r"|\b(?:bank|banking|account|payment) details (?:have |has )?(?:changed|been (?:updated|changed))"
                 r"|\b(?:changed|updated|switched|moved) (?:banks?|banking|(?:our|my) (?:bank|banking|account))\b"
                 r"|\bpayments? (?:should |must |will )?now (?:go|be made|be sent) to\b"
                 r"|\bupdate your (?:standing order|payee|direct debit)\b")
_DIVERSION = re.compile(_BANK_CHANGED)
# (a friend's shared cost is never taken with any of those, nor with "from now on" or "instead of")
_DETAILS_CHANGED = re.compile(_BANK_CHANGED + r"|\bfrom now on\b|\binstead of\b|\bgoing forward\b"
                              r"|\b(?:changed|updated|switched|moved) (?:our|my)\b")
_model_cache: TextModel | None = None


def shared_model() -> TextModel:
    """The shipped model, loaded once per process."""
    global _model_cache
    if _model_cache is None:
        _model_cache = load_model()
    return _model_cache


def classifier_version(model: TextModel | None = None) -> str:
    """The version string of a classifier with ``model`` (default: the shipped one)."""
    model = model or shared_model()
    return f"rules {RULES_VERSION}; model {model.digest[:16] or model.version}"


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    if x > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


@lru_cache(maxsize=65536)  # the same few thousand features give the reasons of most messages
def _term(feature: str) -> str | None:
    """A model feature as a word a user can read (``None`` for n-grams that are not words)."""
    if feature.startswith(("\x01w:", "\x01b:")):
        word = feature[3:]
        return None if "#" in word or len(word) < 3 else word
    if feature.startswith("\x01"):
        return None
    f = feature.strip()
    if "#" in f:
        return None
    if len(f) >= 2 and not f.isascii() and all(not c.isspace() for c in f):
        return f
    return None


class _Outcome(NamedTuple):
    result: Classification
    corrected: bool  # a user's correction (of the category or the merchant) decided it
    how: str | None  # the attribution's reason
    known_sender: bool  # a merchant known by its number, domain, address or signature
    scam_wording: bool  # strong fraud wording, not quoted in a warning
    elsewhere: bool  # links to domains that are neither the sender's nor its merchant's, or a number to call
    deceptive: bool  # look-alikes, a spoofed name, disguised letters, free hosting, a forged From, masked links


class Classifier:
    """Classifies one ``RawMessage`` at a time; build it once per run and reuse it."""

    def __init__(self, merchants: list[Any], corrections: Corrections | None = None,
                 model: TextModel | None = None) -> None:
        self.model = model or shared_model()
        self.index = MerchantIndex(merchants)
        self.corrections = corrections or Corrections()

    @cached_property  # read once per stored verdict: built once
    def version(self) -> str:
        """Which rules and model give these verdicts; stored with each verdict (``messages.classifier``)."""
        return classifier_version(self.model)

    @classmethod
    def for_db(cls, db: Any) -> Classifier:
        """A classifier that knows the vault's merchants (plus the built-in ones) and the user's corrections."""
        from privatrack.core.household import list_merchants

        return cls(list_merchants(db), Corrections.load(db))

    @classmethod
    def standalone(cls) -> Classifier:
        """A classifier without a vault: the built-in merchant directory only."""
        from privatrack.core.directory import builtin_directory

        return cls(list(builtin_directory()))

    def classify_many(self, msgs: list[RawMessage], to_detail: str | None = None) -> list[Classification]:
        """Classify a batch (same verdicts as ``classify`` one by one)."""
        return [self.classify(m, to_detail) for m in msgs]

    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        """:param msg: the message; :param to_detail: the detail it was sent to (a plus-alias names a merchant)."""
        first = self._classify(msg, to_detail)
        result = first.result
        if first.corrected or msg.channel != "email":
            return result
        if result.category in ("marketing", "fraud"):
            # (read as a whole, a warned-of scam's words make the forward look like the scam)
            inner = forwarded_message(msg) if result.category == "fraud" else None
            if inner is not None and self._warns(msg, inner):
                return self._warned(result, inner)
            if inner is not None and not first.known_sender:
                # a scam forwarded by a person, caught by its own words: from whom it came, not the forwarder as a
                # merchant to create
                result.reasons = [f"forwarded message from {describe_forwarded(inner)}"] + [
                    r for r in result.reasons if r != "unknown sender"]
                result.merchant = result.merchant_id = result.suggestion = None
            return result
        inner = forwarded_message(msg)
        if inner is None:
            return result
        # A person forwarding a scam, or an ad without a word of their own: the forwarder's mail reads as theirs,
        # what it carries decides. A known merchant's own mail (a booking, a statement, a security alert)
        # forwarded by a friend stays what the forward is, unless it deceives or has a scam's wording with a link
        # elsewhere or a number to call: the quoted From is only text, anyone can write "PayPal
        # <service@paypal.com>" there. The forwarded sender is not attributed (its mail reached someone else's
        # address, not the one it came to).
        second = self._classify(inner, None)
        got = second.result
        if got.category not in ("marketing", "fraud") or (
                # a relative passing on a notice, a warning or an ad with their own words about it is writing to
                # you; a bare forward (a honeypot's, a spam report) is what it carries
                got.category == "marketing" and not (second.scam_wording or second.deceptive)
                and note_chars(inner) >= _NOTE_CHARS) or (
                second.known_sender and not second.deceptive and not (second.scam_wording and second.elsewhere)):
            return result
        if self._warns(msg, inner):
            return self._warned(result, inner)
        got.reasons = [f"forwarded message from {describe_forwarded(inner)}"] + [
            r for r in got.reasons if r != "unknown sender" and r != second.how]
        got.merchant = got.merchant_id = got.suggestion = None
        return got

    def _script_stands_alone(self, msg: RawMessage, ev: evmod.Evidence, att: Any, foreign_links: list[str]) -> bool:
        """Is a mail scam's script (``Evidence.mail_script``) no sign of one here? A merchant's own mail may say "if you
        didn't make this transaction, call us at …" (its own number); a newsletter quotes scams or runs a charity
        match ("we will double the amount"); a regional bank's or a shop's own notice says "Konto gesperrt" or "if
        you did not authorize this, call" from its own domain, where a scam points elsewhere: a free-mail sender,
        replies or links to another domain, a brand named that is not the sender."""
        if att.merchant is not None and (att.how or "").startswith("sender domain ") and not (
                ev.forged_from or ev.auth_failed):
            return True
        if ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names:
            return True
        if not ev.mail_script_elsewhere:
            return False
        named = self.index.alias_in((msg.subject or "").lower()) if msg.subject else None
        return not (att.free or att.claimed or att.mismatch or foreign_links or ev.shorteners
                    or ev.reply_to_domain not in (None, ev.sender_domain) or ev.sender_domain in FREEMAIL
                    or (named is not None and named is not att.merchant))

    @staticmethod
    def _warns(msg: RawMessage, inner: RawMessage) -> bool:
        """Does the forwarder warn of what they forward, in their own words, from another domain than its sender's
        (a scammer "forwarding" their own phish with "be careful, follow the steps below" writes from its domain)?"""
        if not (note_warns(inner) and note_chars(inner) >= _NOTE_CHARS):
            return False
        outer, quoted = evmod.sender_domain_of(msg.sender), evmod.sender_domain_of(inner.sender)
        return outer is not None and outer != quoted

    @staticmethod
    def _warned(result: Classification, inner: RawMessage) -> Classification:
        """A relative passing on a scam with their own warning about it ("这是诈骗邮件，千万别点"): their personal
        message. Its own words are the message: a code, an order or a scam's wording that the quoted scam has is
        not theirs."""
        result.category = "personal"
        result.confidence = 0.7  # (the verdict it replaces was about the scam, not about this mail)
        result.merchant = result.merchant_id = result.suggestion = None
        result.reasons = [f"forwards a message from {describe_forwarded(inner)} with a warning about it"]
        return result

    def _without_contacts(self, msg: RawMessage, head: str) -> float:
        """The spam head's probability for ``msg`` with the phone numbers and links of its text taken out."""
        import dataclasses

        body = _CONTACT_RUN.sub(" ", msg.body_text or "")
        ev = evmod.extract(dataclasses.replace(msg, body_text=body, raw=body.encode("utf-8", "surrogatepass")))
        return _sigmoid(self.model.score(head, self.model.features(*evmod.feature_parts(ev)))[0])

    def _classify(self, msg: RawMessage, to_detail: str | None) -> _Outcome:
        ev = evmod.extract(msg)
        feats = self.model.features(*evmod.feature_parts(ev))  # built once, scored by each head
        spam_head = evmod.spam_head(ev, self.model.heads)
        spam_logit, known = self.model.score(spam_head, feats)
        p_spam = p_model = _sigmoid(spam_logit)
        att = self.index.attribute(msg, ev, to_detail)
        _own_country_site(att, ev, self.index)

        support: list[str] = []  # reasons for the verdict, strongest first
        other: list[str] = []
        # sales words, but not "领取" in a notice about something to collect (a parcel, a document, a repaired phone)
        sales = ev.marketing_words
        if "领取" in sales and _PICKUP_ZH.search(ev.text):
            sales = [w for w in sales if w != "领取"]
        # the brand the sender speaks as (its number, sender name or 【signature】), not one its text names
        brand = (att.merchant or att.claimed if att.sender_id or (att.how or "").startswith("sender ")
                 else self.index.by_signature_text(ev.signature) if ev.signature else None)
        speaks_as = brand or att.merchant or att.claimed  # (or the known brand its text names: "Thames Water: …")
        if (spam_head == "spam_en_biz" and "spam_en" in self.model.heads and speaks_as is not None
                and not _own_channels(ev.text, speaks_as, ev.lowered)):
            # spam_en_biz learned notices that keep to their brand's own sites; a known brand's that sends the reader
            # to another site, a number to call or a reply, from a sender ID anyone can type, is read as warily as
            # spam_en reads it (a spoofed "Thames Water: your bill is ready, view it at <look-alike>" copies the
            # wording). An unknown brand's own site cannot be told from a look-alike: the head decides
            en_logit, en_known = self.model.score("spam_en", feats)
            if en_logit > spam_logit:
                spam_head, spam_logit, known = "spam_en", en_logit, en_known
                p_spam = p_model = _sigmoid(spam_logit)
        bulk_sender = "@" not in (msg.sender or "") and not _MOBILE.match(_SENDER_MARKS.sub("", msg.sender or ""))
        if (ev.channel == "sms" and "冻结" in ev.fraud_cues and brand is not None and bulk_sender
                and not (ev.url_hosts or ev.phone_in_text or ev.new_number_money)
                and _SELF_CHECK_ZH.search(ev.text) is not None and _own_channels(ev.text, brand)
                and _SELF_CHECK_DETOUR.search(ev.text) is None
                and all(self.index.by_sender.get(re.sub(r"[\s-]", "", n)) is brand
                        for n in _SELF_CHECK_NUMBER.findall(unicodedata.normalize("NFKC", msg.body_text or "")))):
            # "如非本人操作，请立即打开支付宝App冻结账户，或拨打95188": a security notice's advice to the reader, signed
            # by a known merchant and keeping to its own app and service number, not a threat to freeze an account
            ev.fraud_cues = [c for c in ev.fraud_cues if c != "冻结"]
        # A Chinese notice (a bill, a debit, a flight change, a booking, a delivery) from a bulk sender, with
        # nothing to sell, click or call. Chinese SMS platforms append 回T退订 to notices as well as to ads, so its
        # opt-out does not make it marketing
        notice_zh = (ev.channel == "sms" and not sales and (ev.signature or ev.port_106 or ev.short_code)
                     and bulk_sender  # (not a 【signature】 typed on a personal phone or sent by iMessage)
                     and not (ev.url_hosts or ev.phone_in_text or ev.fraud_cues or ev.new_number_money)
                     and not ev.text.isascii() and _NOTICE_ZH.search(ev.text) is not None
                     and _AD_ZH.search(ev.text) is None and _LOYALTY.search(ev.text) is None
                     and _own_channels(ev.text, None))
        # The same in English from a business's sender name or short code ("RoyalMail", "NHSApp", "AX-HDFCBK",
        # 24273) that keeps to its own channels: links, if any, to the brand's own sites or a public body's (a sender
        # name is typed by whoever sends: "RoyalMail" linking to royalmail.us is a scam), no number to call, nothing
        # asked back. The corpora's SMS have no senders, so only the model speaks for them
        notice_en = (ev.channel == "sms" and not sales and _HAN.search(ev.text) is None
                     and (ev.short_code or is_sender_id(msg.sender or "")) and bulk_sender
                     and not (ev.fraud_cues or ev.new_number_money or ev.scam_payment or ev.wallet_demand
                              or ev.shorteners)
                     and _NOTICE_EN.search(ev.text) is not None and _AD_EN.search(ev.text) is None
                     and _LOYALTY.search(ev.text) is None  # ("your rewards points expire": a programme's marketing)
                     # (the brand it speaks as, by its sender or the name it opens with: "Amazon: … a.co/…"
                     # from a short code; not one its link names, drive.google.com; a spoof linking to the
                     # brand's own site sends you nowhere else)
                     and _REPLY_ASKED.search(ev.text) is None
                     and _own_channels(ev.text, brand or self.index.alias_in(ev.text[:40]), ev.lowered))
        # an opt-out that marks an ad: not under a code, an order notice or such a notice with nothing to sell
        # ... nor the "Reply STOP to opt out" that US rules make every business text carry, under a notice's wording
        # with nothing to sell: a delivery, an appointment, a bill, a card alert (the model and the other rules decide)
        us_notice_opt_out = (ev.channel == "sms" and ev.opt_out is not None and ev.text.isascii()
                             and ev.opt_out.lower().replace("  ", " ") in ("reply stop", "text stop", "txt stop")
                             and not (sales or ev.fraud_cues or ev.new_number_money)
                             and (_NOTICE_EN.search(ev.text) is not None or _APPT_ALERT.search(ev.text) is not None)
                             and not _ad_words(ev.text)
                             and _LOYALTY.search(ev.text) is None)
        opt_out_ad = ev.channel == "sms" and ev.opt_out is not None and not (
            ev.otp or notice_zh or notice_en or us_notice_opt_out)
        sms_marketing_template = opt_out_ad
        if sms_marketing_template and p_spam < 0.9:
            p_spam = max(p_spam, 0.9)
        loyalty = None
        bulk_sales = False
        shared_link: str | None = None
        if ev.channel == "sms" and ev.signature and not (ev.otp or ev.order):
            if sales:
                p_spam = max(p_spam, 0.8)
            elif loyalty := _LOYALTY.search(ev.text):
                p_spam = max(p_spam, 0.8)
        elif (ev.channel == "sms" and not (ev.otp or ev.order) and is_sender_id(msg.sender or "")
              and (len(ev.marketing_words) >= 2 or (ev.marketing_words and (ev.url_hosts or ev.opt_out)))):
            # a sender name ("SHOP", "Boots") is a business's bulk service: no person texts from one. Selling, not
            # a lone "free" or "offer" (a bank's "free to use abroad", a lender's "your mortgage offer")
            p_spam = max(p_spam, 0.8)
            bulk_sales = True
        if (ev.channel == "sms" and not ev.signature and not ev.url_hosts and not ev.opt_out and not ev.fraud_cues
                and not ev.marketing_words and not ev.phone_in_text and len(ev.text) <= 70 and p_spam < 0.99
                and _MOBILE.match(msg.sender or "")):
            # A short, plain text from a personal mobile number with none of the marks of bulk SMS. (Longer ones up
            # to 200 characters were tried in session 16: a review's scam texts written without the guards' words
            # passed, 34 of 78 — job offers, "reply Y" bank and toll scams — so the model decides them.)
            p_spam = min(p_spam, 0.3)
        elif (ev.channel == "sms" and ev.url_domains and p_spam < 0.99
              and _MOBILE.match(_SENDER_MARKS.sub("", msg.sender or ""))
              and not (ev.signature or ev.opt_out or ev.fraud_cues or ev.marketing_words or ev.new_number_money
                       or ev.scam_payment or ev.wallet_demand or ev.shorteners or ev.disguised
                       or ev.otp or ev.warning or ev.phone_in_text)
              and not (att.mismatch or att.lookalikes) and _HAN.search(ev.text) is None
              and all(h in _SHARED_HOSTS or evmod.reg_domain(h) in _SHARED_SITES for h in ev.url_hosts)
              and _no_scam_marks(msg.body_text or "") and _mobile_line(_SENDER_MARKS.sub("", msg.sender or ""))):
            # A person sharing a video, a song or a place from their own mobile ("omg watch this youtu.be/…"). The
            # corpora's SMS have no sender, and there a link meant spam: the model took such texts for it. So it
            # reads the text again without the link, and its words decide. (The same for phone numbers passed on,
            # "ring me on 07700 900456", was tried and dropped: without the number the model's words could not tell
            # such texts from modern scams, "a warrant in your name, call …", which it then took for chat.)
            # (no surer than the words alone can be)
            p_spam = min(p_spam, max(self._without_contacts(msg, spam_head), 0.25))
            shared_link = ev.url_hosts[0]
        split_bill = (ev.channel == "sms" and _MOBILE.match(_SENDER_MARKS.sub("", msg.sender or ""))
                      and not (ev.url_hosts or ev.fraud_cues or ev.marketing_words or ev.new_number_money
                               or ev.scam_payment or ev.wallet_demand or ev.signature or ev.opt_out or ev.otp
                               or ev.disguised)
                      and _BANK_DETAILS.search(ev.text) is not None and _SHARED_COST.search(ev.text) is not None
                      and _DETAILS_CHANGED.search(ev.text) is None
                      and _mobile_line(_SENDER_MARKS.sub("", msg.sender or "")))
        if split_bill:
            # A person passing on bank details to share a cost ("£85 each pls", "I've paid my half", "the wedding
            # collection"), from their own mobile, asking nothing else: the corpora's spam gave account numbers with
            # prizes and fees, so the model reads any of them as spam. The scams that give an account come as "a new
            # number" asking for money, with a fee, a link or a threat, which this leaves to the other rules
            p_spam = min(p_spam, 0.3)
        unwanted = p_spam >= SPAM_THRESHOLD
        if unwanted and ev.channel == "email" and not (ev.otp or ev.order):
            # (an order or delivery notice under another merchant's name is a relay or a renamed firm: Hermes from
            # Evri's domain, which the model may still take for bulk)
            self.index.cross_claim(att, ev, msg, wording=False)
        # (from a number that may be a person's only when the model took it for bulk: a friend reminding you of
        # your dentist is a friend, a surgery's or a bank's long number is not; never with a "new number asking
        # for money" or a reply asked for a payment page, which are the scams' moves)
        alert = (ev.channel == "sms" and not (ev.url_hosts or ev.marketing_words or ev.fraud_cues
                                               or ev.new_number_money)
                 and (p_spam >= SPAM_THRESHOLD or not _PERSONAL_NUMBER.match(msg.sender or ""))
                 and _alert_words(ev.text) and _ALERT.search(ev.text) is not None
                 and _REPLY_ASKED.search(ev.text) is None
                 # (a number to call only when it is the bank's own, from the directory: "Not you? Call 18002586161")
                 and (not (ev.phone_in_text or _number_to_call(ev.text))
                      or _own_numbers(ev, speaks_as, msg.sender or ""))) or notice_zh or notice_en
        if att.mismatch and ((att.weak and not (ev.fraud_cues or unwanted))
                             or (att.free and not (ev.fraud_cues or ev.phone_in_text or unwanted))
                             or (att.cross and not unwanted)):
            # "Chase Miller" writing about dinner, "Norton <jnorton@gmail.com>" sharing a recipe link: a brand word
            # in a person's or a club's name is no spoof unless the message is unwanted anyway, has fraud wording
            # or (a free-mail "Norton") asks you to call a number
            att.mismatch = None
            att.claimed = None
        if att.mismatch and att.cross:
            att.merchant = None  # its domain, another's name: whoever sent it, not that merchant's own mail
            att.how = None
        if ev.channel == "sms" and ev.signature and att.claimed is not None and att.mismatch is None:
            # a brand's 【signature】 comes from its SMS platform and points to its own channels; typed on a personal
            # phone, or asking to be reached on WeChat, QQ, Telegram or in a video meeting, it is someone else's
            contact_elsewhere = _CONTACT_ELSEWHERE.search(ev.text)
            if _MOBILE.match(_SENDER_MARKS.sub("", msg.sender or "")):
                att.mismatch = (f"signature 【{ev.signature}】 of {att.claimed.name} from a personal mobile number "
                                f"{msg.sender}")
            elif contact_elsewhere:
                att.mismatch = (f"signature 【{ev.signature}】 of {att.claimed.name}, but a contact elsewhere: "
                                f"{contact_elsewhere.group(0)}")
            if att.mismatch:
                att.merchant, att.how = None, None
        for h in dict.fromkeys([*ev.url_hosts, *([ev.sender_domain] if ev.sender_domain else [])]):
            if (fake := _FAKE_GOV.search(h)) and not (h.endswith(_PUBLIC_SUBDOMAINS) or h in _PUBLIC_SUFFIXES):
                att.lookalikes.append(f"sender domain {h} imitates gov.{fake[1]}" if h not in ev.url_hosts else
                                      f"link to a look-alike domain {evmod.reg_domain(h)} (imitates gov.{fake[1]})")
        suspicious = bool(att.lookalikes or att.mismatch)
        if ev.masked_links and ev.sender_domain and not ev.forged_from:
            # "news.com" over a link to newsletter.online.com, the sender's own domain: a newsletter's click
            # tracking takes you to its sender, nowhere hidden. A known merchant's address shown over it still
            # disguises (a phisher's own site behind "paypal.com")
            # ... and not for a short mail asking you to act on an account (sign in, verify, a refund): phishing
            # hosts its page on its own domain and shows the bank's or the tax office's address over it. A
            # newsletter's dozens of links may carry such words in its footer ("manage your account")
            if (msg.body_html or "").count("href", 0, 200000) >= _NEWSLETTER_LINKS or not _ACCOUNT_ACTION.search(
                    ev.text, 0, 6000):
                ev.masked_links = [p for p in ev.masked_links if not _own_redirect(p, ev.sender_domain, self.index)]
        if (ev.masked_links and not ev.bulk_headers and "list-unsubscribe" not in ev.header_names
                and any(_shows_trusted(p, self.index) for p in ev.masked_links)):
            # a bank's, a shop's or a public body's address shown over a link that goes elsewhere, outside bulk
            # mail (whose services rewrite links for click tracking): a disguise, however personal the rest reads
            suspicious = True
        # A sender we know by its number, domain or signature; a brand named in the text is not
        # ("寄快递就选申通，运费优惠" is an ad naming a carrier).
        known_sender = att.merchant is not None and att.how is not None and not att.how.startswith("names ")
        # A sender name or a 【signature】 is typed by whoever sends: what it claims vouches for a code or an order
        # notice only when the message gives no number to call and asks for nothing
        vouched = known_sender and not (
            (att.sender_id or att.how is not None and att.how.startswith("signature "))
            and not _own_channels(ev.text, att.merchant, ev.lowered))
        if ev.from_no_domain and (ev.url_hosts or ev.phone_in_text) and (att.claimed or ev.fraud_cues or unwanted):
            # somewhere to click or call, from an address no one can own or answer: made to deceive
            suspicious = True
        if ev.new_number_money:
            p_spam = max(p_spam, 0.9)  # reads like family, which is the point of the script
        # asked to pay by wire service or gift card, by someone who is no known merchant writing in bulk (Western
        # Union's own mail says "send money with Western Union")
        scam_payment = bool(ev.scam_payment or ev.wallet_demand) and not (
            (att.merchant and att.how and not att.how.startswith("names ")) or att.sender_id or ev.bulk_headers
            or "list-unsubscribe" in ev.header_names
            or (ev.channel == "sms" and is_sender_id(msg.sender or "")))
        if scam_payment:
            p_spam = max(p_spam, 0.9)
        evasive = _evasive_number(ev.text) if ev.channel == "sms" else None
        if evasive:
            p_spam = max(p_spam, 0.9)
        # a number that costs to call, given by no known merchant: a "missed call" or "you have messages, call back"
        # scam when the text hides the cost; a chat line or a ringtone service stating its price sells openly
        # (read as British numbers only from a British or unknown sender: 090… is a Japanese mobile, 0900 a Dutch
        # service line, 070… a Nigerian mobile; a merchant known by its number, not by a sender name anyone types)
        uk_sender = not msg.sender or (msg.sender or "").startswith(("+44", "0044")) or is_sender_id(msg.sender)
        costly = (_costly_number(msg.body_text or "") if ev.channel == "sms" and uk_sender
                  and not (att.merchant and att.how and not att.sender_id and not is_sender_id(msg.sender or ""))
                  and _HAN.search(ev.text) is None else None)
        if costly:
            p_spam = max(p_spam, 0.9)
        costly_hidden = bool(costly) and not sales and _PRICE_STATED.search(msg.body_text or "", 0, 2000) is None
        # new bank details for a payment, texted from a mobile ("we've moved our banking, from now on please pay the
        # rent to sort code …"): the payment-diversion scam, whatever the model makes of a landlord's or a
        # tradesman's polite words. A real change is confirmed by calling the number you already have
        diversion = (ev.channel == "sms" and not split_bill and _BANK_DETAILS_NUMBERS.search(ev.text) is not None
                     and _DIVERSION.search(ev.text) is not None
                     and _MOBILE.match(_SENDER_MARKS.sub("", msg.sender or "")) is not None)
        if diversion:
            p_spam = max(p_spam, 0.9)
        # a warning about scams ("we will never ask you to…", "谨防…都是诈骗") quotes the scams' words; it gives
        # nothing to click or call but its sender's own sites, where a scam always does
        own = set(att.merchant.domains if att.merchant else ()) | set(att.claimed.domains if att.claimed else ())
        foreign_links = [d for d in ev.url_domains if d != ev.sender_domain and d not in own]
        if foreign_links and "@" in ev.text:
            # (a notice that names your address, "sent to emma.clarke.uk@gmail.com", links to neither gmail.com nor
            # clarke.uk: the URL scan reads both out of the address)
            addressed = evmod.address_domains(ev.text)
            foreign_links = [d for d in foreign_links if d not in addressed]
        if ev.mail_script and self._script_stands_alone(msg, ev, att, foreign_links):
            ev.fraud_cues = [c for c in ev.fraud_cues if c != ev.mail_script]
        warning = ev.warning and not (ev.phone_in_text or ev.shorteners or foreign_links)
        # A sign-in alert or a password reset by mail from a merchant's own domain, linking only to its own sites,
        # selling nothing, giving no number to call: the account's notice, however much bulk-mail machinery
        # (Feedback-ID, SES) carries it. A forged From gains nothing by it: the links go to the real merchant
        own_domain_mail = (ev.channel == "email" and att.merchant is not None and (att.how or "").startswith(
            "sender domain ") and not (ev.forged_from or ev.auth_failed) and not foreign_links and not (
            ev.marketing_words or ev.shorteners))
        # (a number to call only when it is the merchant's own, from the directory: "call us at 1-888-237-8289")
        own_domain_notice = own_domain_mail and (not ev.phone_in_text or (
            bool(getattr(att.merchant, "phones", None)) and _own_channels(ev.text, att.merchant, ev.lowered)))
        account_notice = own_domain_notice and _ACCOUNT_NOTICE.search(ev.text, 0, 4000) is not None
        if own_domain_notice and ev.fraud_cues and all(_SIGNIN_CUE.search(c) for c in ev.fraud_cues):
            # the merchant's own sign-in alert ("unusual sign-in activity … review recent activity"), linking only to
            # its own sites: what phish imitate, with nowhere else to send you
            ev.fraud_cues, account_notice = [], True
        # ... and its statement or bill ("your credit card statement is ready… minimum payment due"), which the
        # mail model reads as bulk
        statement_notice = (own_domain_notice and not account_notice
                            and (_STATEMENT_NOTICE.search(ev.text, 0, 4000) is not None
                                 or _OWN_TRANSACTION.search(ev.text, 0, 4000) is not None))
        # ... and any notice of its own in the languages the mail model barely knows ("Ihre Buchungsbestätigung",
        # "votre facture est disponible"), with no sales wording near the top
        # (a booking gives numbers that read as phone numbers: with a DMARC pass the domain's owner sent it)
        own_notice_word = (_BULK_NOTICE.search(ev.text, 0, 1500) if own_domain_mail
                           and not (account_notice or statement_notice or ev.text.isascii())
                           and (not ev.phone_in_text or _dmarc_passed(msg))
                           and _SALE_WORDS.search(ev.text, 0, 1500) is None else None)
        if suspicious or ev.disguised:
            # letters disguised as others: written to slip past filters, never how people write
            p_spam = max(p_spam, 0.9)
        elif ((not any(c not in _WEAK_CUES for c in ev.fraud_cues) or warning)  # (quoted by a warning: none)
              and not opt_out_ad  # (异常, 风险, urgent: what genuine notices say too)
              and "list-unsubscribe" not in ev.header_names):
            # A code, or an order/shipping notice from a sender we know by its number or domain, is a
            # transaction even when it reads like the corpora's spam (signatures, digits).
            if ev.otp and (vouched or p_spam < 0.995) and not (
                    ev.channel == "sms" and (_ASKS_BACK.search(ev.text) or _CONTACT_ZH.search(ev.text)
                                             or _ODD_NUMBER.search(ev.text) or _CODE_HARVEST.search(ev.text)
                                             # a code plus a number to call or a site elsewhere: the call or the
                                             # site is the point ("Your Amazon code is 5821… call 1-844-…")
                                             or not _own_channels(ev.text, brand or att.claimed, ev.lowered))):
                p_spam = min(p_spam, 0.3)
            elif ev.order and vouched and (
                    not (sales or _AD_EN.search(ev.text) or _AD_ZH.search(ev.text)) if ev.channel == "sms"
                    # (a bank's mail saying 回复TD退订 is its offer; a carrier's "unsubscribe" footer is not; nor is
                    # "恭喜您获得…升级资格" that the model reads as an ad and that quotes no bill or order of yours)
                    else p_spam < 0.995 and not (ev.opt_out and not ev.opt_out.isascii()) and not (
                        p_spam >= 0.9 and _OFFER_ZH.search(ev.text, 0, 2000) and not _HARD_NOTICE_ZH.search(ev.text))):
                p_spam = min(p_spam, 0.4)
            elif account_notice or statement_notice or own_notice_word:
                p_spam = min(p_spam, 0.4)
            elif alert:
                # A bank alert, a bill or an appointment reminder with nowhere to click or call and nothing to sell
                # ("Rs.#,###.## debited from a/c xx####", "your bill of rs. ### is due on") is a notice, from
                # whoever sent it
                p_spam = min(p_spam, 0.4)

        if (ev.channel == "email" and p_spam < 0.8 and "list-unsubscribe" in ev.header_names and not ev.list_id
                and not (ev.otp or ev.order) and len([w for w in ev.marketing_words if not w.isascii()]) >= 2):
            # Bulk mail selling in Chinese ("全场低至5折…限时秒杀"). The model learned List-Unsubscribe as a sign of
            # wanted mail from 2002 English list traffic; there, list footers also carry English sales words
            # (Yahoo! Groups sponsors), so only Chinese promotional wording counts here
            p_spam = 0.8
        elif (ev.channel == "email" and p_spam < SPAM_THRESHOLD and "list-unsubscribe" in ev.header_names
              and not ev.list_id and not (ev.otp or ev.order) and len(_HAN.findall(ev.text, 0, 2000)) >= 40
              and _AD_ZH.search(ev.text) is not None and _NOTICE_ZH.search(ev.text) is None):
            # ... and bulk mail in Chinese inviting you to something ("招生说明会…报名链接"), with no notice in it:
            # no person writes with an unsubscribe header, and that lesson of the 2002 lists is not about Chinese
            p_spam = 0.7
        elif (ev.channel == "email" and p_spam < SPAM_THRESHOLD and not ev.otp
              and not (att.merchant and att.how) and _SALES_ROLE_ZH.search(ev.text, 0, 4000) is not None
              and (_AD_ZH.search(ev.text) is not None or any(not w.isascii() for w in ev.marketing_words))
              and (ev.phone_in_text or _CONTACT_ID_ZH.search(ev.text))
              and not _HARD_NOTICE_ZH.search(ev.text)):
            # one to one from a salesperson's own mailbox: "我是…的置业顾问/保险代理人…免费评估…加我微信", a shop's
            # "老客户专享价…原价268": the mail model reads any long polite Chinese letter as a person's
            p_spam = 0.7
        elif (ev.channel == "email" and p_spam < SPAM_THRESHOLD and not (ev.otp or ev.list_id)
              and not (att.merchant and att.how) and _cold_pitch(ev.text)):
            # ... and in English: "a free, no-obligation market analysis", "worth a 15-min call? here's my calendar",
            # "bumping this", "you'd save around $210": a salesperson's pitch, however personally it is written
            p_spam = 0.7
        elif (ev.channel == "email" and p_spam < SPAM_THRESHOLD and not ev.otp
              and len({w for w in ev.marketing_words if not w.isascii()}) >= 3 and not _HARD_NOTICE_ZH.search(ev.text)):
            # a Chinese mail that says three different sales words (优惠…领取…活动, 会员日…限时…领券) and quotes no
            # order, waybill, bill or ticket of yours: an offer, whatever account words (账单分期, 券已到账) it uses
            p_spam = 0.7
        elif (ev.channel == "email" and p_spam < SPAM_THRESHOLD and ev.opt_out and not ev.opt_out.isascii()
              and not ev.otp and (any(not w.isascii() for w in ev.marketing_words) or _AD_ZH.search(ev.text))):
            # a Chinese mail with an SMS-style opt-out (退订请回复TD) offering something: a bank's card upgrade or a
            # carrier's plan upsell, however much 账单/流量 it quotes from your own account
            p_spam = 0.7
        strong_cues = [] if warning else [c for c in ev.fraud_cues if c not in _WEAK_CUES]
        signup = False
        if (strong_cues and ev.channel == "email" and all(c in _SIGNUP_CUES for c in strong_cues) and _links_home(ev)
                and not (att.claimed or att.mismatch or att.lookalikes or ev.disguised or ev.forged_from
                         or ev.auth_failed or ev.masked_links or ev.free_hosted or ev.shorteners)):
            # "verify your email" from a service linking only to its own site, imitating no one: its sign-up
            # confirmation (a phish of it sends you to someone else's site, or speaks as a brand)
            strong_cues, signup = [], True
        # "Update your payment information" from the merchant's own domain (DMARC not failed, a From its provider
        # accepts), linking only to its own sites: its billing notice (Netflix, Spotify), not a phish of it
        payment_notice = (ev.channel == "email" and bool(strong_cues) and att.merchant is not None
                          and (att.how or "").startswith("sender domain ") and not (ev.forged_from or ev.auth_failed)
                          and ev.url_domains and not foreign_links and not (ev.shorteners or ev.masked_links)
                          and all(c in _PAYMENT_CUES for c in strong_cues))
        if payment_notice:
            strong_cues = []
            p_spam = min(p_spam, 0.4)
        # Two strong cues decide, except from a merchant's own number or domain (its warnings quote scams; a
        # sender name or a signature proves nothing, and bulk ports carry scams too)
        two_cues = len(set(strong_cues)) >= 2 and not ((att.how or "").startswith("sender ") and not att.sender_id)
        # scam wording with a contact outside the sender's own channels ("理赔请加客服微信", "联系客服扣扣…"): a bank or
        # a carrier answers on its own numbers and apps
        contact_scam = (ev.channel == "sms" and bool(strong_cues) and ("您" in ev.text or "你" in ev.text)
                        and _CONTACT_ID_ZH.search(ev.text) is not None)
        # ... and the same by mail from no known merchant, one to one, selling ("急招兼职…日结…新人福利…添加QQ",
        # invoices "对外代开…优惠…手机/微信：139…", a stock group's "免费名额"): the mail model, which knows Chinese
        # mail from few examples, reads a long polite letter as a person's. (A parent asking a teacher about a 刷单
        # offer sells nothing)
        contact_scam = contact_scam or (
            ev.channel == "email" and bool(strong_cues) and "您" in ev.text and not (att.merchant and att.how)
            and (any(not w.isascii() for w in ev.marketing_words) or _AD_ZH.search(ev.text) is not None)
            and not (ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names)
            and (ev.phone_in_text or _CONTACT_ID_ZH.search(ev.text) is not None))
        if contact_scam:
            p_spam = max(p_spam, 0.9)
        if (two_cues and ev.channel == "sms" and (ev.text.isascii() or "您" in ev.text or "你" in ev.text)
                and (ev.url_hosts or ev.phone_in_text or _ASKS_DATA.search(ev.text))):
            # a scam's script ("failure to attend will lead to arrest", "reply with your NI number"), however
            # ordinary the rest reads, when it asks you to click, call or send something. In Chinese, only one that
            # speaks to you: news of a prosecution says 公安 and 涉嫌 too, "您涉嫌洗钱" is the script. A friend
            # telling you about such a text ("they say my account will be suspended unless I verify") asks nothing
            p_spam = max(p_spam, 0.9)
        if (two_cues and ev.channel == "email" and ("您" in ev.text or "你" in ev.text)
                and not (att.merchant and att.how) and not warning
                and not (ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names)
                and (ev.url_hosts or ev.phone_in_text or _CONTACT_ID_ZH.search(ev.text) or _ASKS_DATA.search(ev.text))):
            # ... and the same script by mail, one to one ("你身份信息开户的账户涉嫌洗钱…冻结…联系承办民警"), which the
            # mail model, knowing little Chinese mail, reads as a formal letter
            p_spam = max(p_spam, 0.9)
        if (two_cues and ev.channel == "email" and not (att.merchant and att.how) and not warning
                and not (ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names)
                and (foreign_links or ev.shorteners)):
            # ... in any language: two different strong fraud phrases ("your account has been suspended … verify
            # your identity") and a link to someone else's site, one to one, from no known merchant, however much
            # the mail model reads it as a person's note
            p_spam = max(p_spam, 0.9)
        if (ev.channel == "email" and strong_cues and not ev.list_id and not (att.merchant and att.how)
                and (p_spam >= 0.2 or "list-unsubscribe" in ev.header_names
                     # (a scam's script with a link elsewhere, one to one: the mail model barely knows other
                     # languages than English and reads "su cuenta ha sido suspendida" as a person's note)
                     or (ev.mail_script in strong_cues and bool(foreign_links or ev.shorteners)))):
            # "Your wallet is suspended, verify now" from a sender we cannot tie to any merchant: phishing. A person
            # mentioning such words writes no List-Unsubscribe header (which pulls the model to "wanted")
            p_spam = max(p_spam, 0.8)
        if (ev.channel == "email" and p_spam < SPAM_THRESHOLD and ev.shorteners and not (att.merchant and att.how)
                and not ev.list_id and _words_beside_links(msg.body_text or "") < 40):
            # nothing but link-shortener links (bit.ly, tinyurl) and a few words, from no known sender: a lure that
            # hides where it goes. A friend sharing a video or a map says something, or uses the platform's link
            p_spam = max(p_spam, 0.8)
        # A booking, an invoice, tickets or a password reset from a sender the directory does not know (a dentist,
        # a hosting company), through a mailing service (List-Unsubscribe, Feedback-ID) and linking only to its own
        # site: its notice. The model learned those headers from newsletters.
        # (set below: one to one from the sender's own authenticated domain; with no link at all)
        own_mail = unlinked = False
        own_notice = (ev.channel == "email" and att.merchant is None and att.claimed is None and not att.lookalikes
                      and not (strong_cues or suspicious or ev.disguised or ev.forged_from or ev.masked_links
                               or ev.free_hosted or ev.shorteners or ev.list_id or scam_payment or ev.new_number_money)
                      and len([w for w in ev.marketing_words if w not in _FOOTER_WORDS]) <= 1
                      # (an invoicing service sends a firm's invoice with the firm's Reply-To)
                      and (ev.reply_to_domain in (None, ev.sender_domain) or ev.sender_domain in _ON_BEHALF_SENDERS)
                      and p_spam < 0.99
                      and ((unlinked := (own_mail := _own_one_to_one(msg, ev)) and not ev.url_domains)
                           or _links_home(ev))
                      and (ev.otp or _ACCOUNT_NOTICE.search(ev.text, 0, 4000) is not None
                           or _NOTICE_REF.search(ev.text, 0, 4000) is not None
                           # (one to one from its own domain: a notice's wording in any language the mail model
                           # barely knows, "o extrato da sua conta já se encontra disponível", selling nothing,
                           # pitching nothing)
                           or (own_mail and _BULK_NOTICE.search(ev.text, 0, 1500) is not None
                               and _SALE_WORDS.search(ev.text, 0, 1500) is None and not _cold_pitch(ev.text))))
        if own_notice:
            p_spam = min(p_spam, 0.4)
        # replies that go to another domain than the sender's, from no bulk sender (whose replies go to its helpdesk
        # service): the scammer's own mailbox behind someone else's address
        reply_elsewhere = (ev.channel == "email" and ev.reply_to_domain is not None
                           and ev.reply_to_domain != ev.sender_domain and not ev.bulk_headers
                           and ev.sender_domain not in _ON_BEHALF_SENDERS)
        # unwanted mail from a known merchant's domain that failed DMARC (even under a policy of none): its own
        # mail is signed and passes; this is someone posing as it
        # ... that sends you to a site that is neither its own, its mailing service's, another known merchant's nor
        # a social network (a misconfigured newsletter's footer links to its Facebook page; a phish to its own host)
        unknown_links = [d for d in foreign_links if d not in _ESP_LINK_DOMAINS and d not in _SOCIAL_SITES
                         and d not in _SHARED_SITES and d not in self.index.by_domain]
        spoofed_domain = (ev.channel == "email" and ev.auth_failed and not ev.forged_from and att.merchant is not None
                          and (att.how or "").startswith("sender domain ") and bool(unknown_links))
        # unwanted mail, from no mailing service, whose display name shows another domain than its address ("your
        # domain's Mail Administrator <it-desk@elsewhere.com.br>"): the mailbox-quota and invoice phish
        shown_domain = (_display_domain(msg, ev.sender_domain)
                        if ev.channel == "email" and not (ev.bulk_headers or "list-unsubscribe" in ev.header_names)
                        else None)
        # a web page or an SVG attached to one-to-one mail from no known merchant: a login form in a file
        web_page = (ev.channel == "email" and ev.web_page_attached is not None and not (att.merchant and att.how)
                    and not (ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names))
        if web_page:
            p_spam = max(p_spam, 0.8)
            support.append(f"web page attached: {ev.web_page_attached}")
        # ... or a linked or attached file disguised by a double extension, outside bulk mail
        double_ext = ev.double_extension is not None and not (
            ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names)
        if double_ext:
            p_spam = max(p_spam, 0.9)
            support.append(f"file disguised by a double extension: {ev.double_extension}")
        if spoofed_domain:
            # ... even one that reads as its notice ("pay the customs fee at ems-cn-clearance.top"): the same spoof,
            # whatever the model makes of its text
            p_spam = max(p_spam, 0.9)
        if p_spam >= SPAM_THRESHOLD:
            p_fraud = _sigmoid(self.model.logit("fraud", feats))
            homoglyphs = any(d.startswith(_LOOKALIKE_REASONS) for d in ev.disguised)
            bulk = "list-unsubscribe" in ev.header_names or bool(ev.bulk_headers)
            # a page on free hosting, from anyone but a bulk sender: nobody's shop lives there
            free_hosted = bool(ev.free_hosted) and "list-unsubscribe" not in ev.header_names
            # a link that shows one address and goes to another; mailing services rewrite links for click
            # tracking, so only outside bulk mail
            masked = bool(ev.masked_links) and not bulk
            if ev.channel == "email":
                # the fraud head learned from SMS; for mail the structure decides
                fraud = (suspicious or homoglyphs or free_hosted or masked or bool(strong_cues) or bool(ev.forged_from)
                         or reply_elsewhere or scam_payment or ev.new_number_money or spoofed_domain
                         or shown_domain is not None or web_page or double_ext)
            else:
                # two different strong cues ("公安" and "涉嫌", "急需用钱" and "转…到这个卡号") are a script, whatever
                # the fraud head (which learned from English SMS) says
                fraud = (suspicious or homoglyphs or free_hosted or p_fraud >= 0.5 or ev.new_number_money
                         or (bool(ev.fraud_cues) and not warning and p_fraud >= 0.3) or two_cues or scam_payment
                         or bool(evasive) or contact_scam or costly_hidden or double_ext or diversion)
            if ev.channel == "sms" and ev.opt_out and not suspicious and p_fraud < 0.8:
                fraud = False  # a marketing template with an opt-out is marketing, even when pushy
            if (loyalty or bulk_sales) and not (suspicious or ev.url_hosts or ev.phone_in_text):
                # "your points expire" from a signed sender, a sender name's sale, with nowhere to click or call
                fraud = False
            if (ev.channel == "email" and fraud and not (suspicious or homoglyphs or ev.free_hosted or ev.forged_from)
                    and ev.sender_domain and "list-unsubscribe" in ev.header_names
                    and ev.url_domains and set(ev.url_domains) <= {ev.sender_domain} | own | _ESP_LINK_DOMAINS
                    and not (ev.shorteners or ev.phone_in_text) and ev.reply_to_domain in (None, ev.sender_domain)
                    and all(_LOYALTY.search(c) or c in _WINBACK_CUES for c in strong_cues)):
                # a points or membership notice, or a win-back ("reactivate your membership"), in a bulk mail that
                # imitates nobody and links only to its sender's own domain (or its mailing service's click
                # tracking) is that sender's marketing ("积分可兑换"); "verify your password" never is
                fraud = False
            category = "fraud" if fraud else "marketing"
            # fraud shown by the message's structure (for mail, its wording too) is as sure as the verdict; by the
            # SMS fraud head, its score
            by_structure = (suspicious or homoglyphs or masked or free_hosted or bool(ev.forged_from) or spoofed_domain
                            or shown_domain is not None or web_page or double_ext
                            or ev.new_number_money or two_cues or scam_payment or bool(evasive) or contact_scam
                            or costly_hidden or diversion
                            or (ev.channel == "email" and bool(strong_cues)))
            confidence = p_spam if not fraud or by_structure else min(p_spam, max(p_fraud, 0.5))
        else:
            # The transaction head only matters where structure is silent; skip it for plain SMS (speed).
            need = ev.channel == "email" or ev.order or ev.url_hosts or ev.signature
            p_trans = _sigmoid(self.model.logit("trans", feats)) if need and not ev.otp else 0.0
            # an order/shipping notice from a known merchant or carrier is a transaction whatever its language
            trans = (ev.otp or alert or account_notice or statement_notice or bool(own_notice_word) or own_notice
                     or payment_notice
                     or (ev.order and (p_trans >= 0.3 or known_sender)) or p_trans >= 0.5)
            category = "transactional" if trans else "personal"
            confidence = 1.0 - p_spam
            if ev.otp and confidence < 0.8:
                confidence = 0.8
            if (category == "personal" and ev.channel == "email"
                    and ("list-unsubscribe" in ev.header_names or _ESP_HEADERS & ev.header_names)
                    and ev.header_names.isdisjoint(_DISCUSSION_LIST_HEADERS)
                    and evmod.FORWARDED_COPY not in msg.headers):
                # a List-Unsubscribe header outside a discussion list (where people write to each other): bulk mail,
                # which no person sends. The model, which learned mail mostly in English, reads a German or
                # Portuguese newsletter as a letter
                # (a notice's footer may advertise: only sales words near the top outweigh notice wording there)
                notice = _BULK_NOTICE.search(ev.text, 0, 1500)
                if notice and _NOTICE_FIGURE.search(ev.text, 0, 1500) is None:
                    notice = None  # a notice quotes its reference, date or amount; a pitch about invoices does not
                sale = _SALE_WORDS.search(ev.text, 0, 1500 if notice else 4000)
                if notice and not sale:
                    category = "transactional"
                    support.append(f"bulk mail (List-Unsubscribe) with notice wording: {notice.group(0)}")
                elif ev.order and not sale and _NOTICE_FIGURE.search(ev.text, 0, 1500) is not None:
                    category = "transactional"
                else:
                    category = "marketing"
                    support.append("bulk mail (List-Unsubscribe) from a sender, not a person")
                confidence = 0.6

        # Reasons in plain words.
        if shared_link and category == "personal":
            support.append(f"a link to {shared_link} shared from a personal mobile")
        if split_bill and category == "personal":
            support.append("bank details to share a cost, from a personal mobile")
        if diversion and category == "fraud":
            support.append("new bank details for a payment, texted from a mobile (payment diversion)")
        support.extend(att.lookalikes)
        if att.mismatch:
            support.append(f"suspicious: {att.mismatch}")
        support.extend(ev.disguised)
        if ev.boss_script:
            (support if category == "fraud" else other).append(
                "cannot take a call and asks you to add a new QQ or WeChat or to pay now (someone posing as your boss)")
        elif ev.new_number_money:
            (support if category == "fraud" else other).append(
                "a new number asking for money (someone posing as family or a friend)")
        if scam_payment and ev.scam_payment:
            (support if category == "fraud" else other).append(
                f"asks to be paid by wire transfer service or gift card: {ev.scam_payment}")
        if scam_payment and ev.wallet_demand:
            (support if category == "fraud" else other).append(
                f"demands payment to a cryptocurrency wallet by a deadline or with a threat: {ev.wallet_demand}")
        if evasive:
            (support if category == "fraud" else other).append(
                f"a number written to slip past filters: {evasive.group(0)}")
        if costly:
            (support if category in ("fraud", "marketing") else other).append(
                f"a premium-rate or personal number, costly to call: {costly}")
        if ev.forged_from and not (att.mismatch and ev.forged_from in att.mismatch):  # (said once)
            (support if category == "fraud" else other).append(ev.forged_from)
        if ev.free_hosted:
            (support if category == "fraud" else other).append(
                f"link or sender on free page hosting: {', '.join(ev.free_hosted[:2])}")
        if ev.masked_links:
            (support if category == "fraud" else other).append(
                f"link shows one address and goes to another: {', '.join(ev.masked_links[:2])}")
        if shown_domain and category == "fraud":
            support.insert(0, f"display name shows {shown_domain}, but the mail comes from {ev.sender_domain}")
        if reply_elsewhere and category == "fraud" and ev.sender_domain:
            support.append(f"replies go to {ev.reply_to_domain}, not to the sender's domain {ev.sender_domain}")
        for r in ev.bulk_headers:
            (support if category == "marketing" else other).append(r)
        if ev.precedence in ("bulk", "list", "junk"):
            (support if category == "marketing" else other).append(f"Precedence: {ev.precedence}")
        if ev.list_id:
            other.append("List-Id header (mailing list)")
        if ev.signature:
            other.insert(0, f"signature 【{ev.signature}】")
        if ev.opt_out:
            (support if category == "marketing" else other).append(f"opt-out text {ev.opt_out}")
        if ev.otp:
            (support if category == "transactional" else other).append("one-time code pattern")
        if ev.order:
            (support if category == "transactional" else other).append("order/shipping/payment wording")
        if alert:
            (support if category == "transactional" else other).append("payment, bill or appointment notice")
        if account_notice:
            (support if category == "transactional" else other).append(
                "sign-in or password notice from the merchant's own domain")
        elif statement_notice and category == "transactional":
            support.append("statement or bill from the merchant's own domain")
        elif own_notice_word and category == "transactional":
            support.append(f"notice from the merchant's own domain: {own_notice_word.group(0)}")
        elif payment_notice and category == "transactional":
            support.append("payment notice from the merchant's own domain")
        elif own_notice and category == "transactional":
            support.append(f"notice without links from the sender's own domain {ev.sender_domain} (DMARC passed)"
                           if unlinked else f"notice linking only to the sender's own site {ev.sender_domain}")
        if ev.fraud_cues and not (signup and category != "fraud"):
            (support if category == "fraud" else other).append("fraud wording " + ", ".join(ev.fraud_cues[:3]))
        if ev.marketing_words and category == "marketing":
            support.append("promotional wording " + ", ".join(ev.marketing_words[:3]))
        elif loyalty and category == "marketing":
            support.append(f"signed loyalty-programme wording {loyalty.group(0)}")
        if ev.shorteners:
            other.append(f"shortened link {ev.shorteners[0]}")
        if ev.port_106:
            other.append(f"bulk SMS port {msg.sender}")
        elif ev.short_code:
            other.append(f"short code sender {msg.sender}")
        head = self.model.heads.get(spam_head)
        if head is not None:
            spam_side = category in ("marketing", "fraud")
            if (p_model >= SPAM_THRESHOLD) == spam_side:
                terms = [t for t in (_term(f) for f in head.top(known, 3, positive=spam_side)) if t][:3]
                label = "unwanted" if spam_side else "wanted"
                model_reason = f"text model {p_model if spam_side else 1 - p_model:.0%} {label}"
                if terms:
                    model_reason += ": " + ", ".join(repr(t) for t in terms)
                support.append(model_reason)
            else:
                other.append(f"text model alone: {p_model:.0%} unwanted (outweighed by the evidence above)")

        merchant = att.merchant
        if (category == "fraud" and merchant is not None and att.how is not None
                and (att.sender_id or att.how.startswith(("signature ", "names ")))):
            # a scam under a bank's sender name or 【signature】, or naming a brand in its text ("buy 京东 gift
            # cards"), is not the brand's message: all are typed by whoever sends it (its own number or domain
            # would be another matter)
            if att.sender_id:
                other.append(f"sender name {msg.sender} (easily forged)")
            merchant, att.how = None, None
        if (category == "fraud" and merchant is not None and (att.how or "").startswith("sender domain ")
                and (ev.auth_failed or any(d.startswith(_LOOKALIKE_REASONS) for d in ev.disguised))):
            # a scam from the merchant's domain that the receiving server could not authenticate (DMARC failed under
            # a policy of none), or that writes the merchant's name in look-alike letters: someone posing as it
            if spoofed_domain:
                support.insert(0, f"sender domain {ev.sender_domain} failed DMARC and the mail links to "
                               f"{unknown_links[0]}: not its owner's mail")
            merchant, att.how = None, None
        if category == "personal" and merchant is not None and (att.how or "").startswith("names "):
            # a person's text naming a brand ("腾讯面试过了") is from that person, not the brand
            merchant, att.how = None, None
        if att.how and merchant is not None:
            other.insert(0, att.how)
        result = Classification(category=category, merchant=merchant.name if merchant else None,
                                confidence=round(max(0.0, min(1.0, confidence)), 3),
                                reasons=[], merchant_id=merchant.id if merchant else None)
        # The user's corrections win over everything learned from the corpora.
        fix = self.corrections.match(msg, ev)
        if fix is not None:
            if fix.category:
                result.category = fix.category
                result.confidence = fix.confidence
            if fix.merchant_name:
                result.merchant, result.merchant_id = fix.merchant_name, fix.merchant_id
            support.insert(0, fix.reason)
        if result.merchant is None:
            if att.claimed is None and not att.lookalikes and result.category != "personal":
                other.append("unknown sender")
            if result.category in ("marketing", "transactional"):
                result.suggestion = _suggestion(msg, ev)
        result.reasons = list(dict.fromkeys(support + other))
        deceptive = bool(suspicious or ev.disguised or ev.free_hosted or ev.forged_from or ev.masked_links)
        # (a number to call counts with a scam's script, several strong phrases: a genuine alert gives its helpline)
        elsewhere = bool(foreign_links) or (ev.phone_in_text and len(set(strong_cues)) >= 2)
        return _Outcome(result, fix is not None, att.how, known_sender, bool(strong_cues), elsewhere, deceptive)


# A sales pitch written one to one (text lower-cased, digits as "#"): the offer ...
_PITCH_OFFER = re.compile(
    r"no[- ]obligation|free (?:quote|consultation|market analysis|estimate|assessment|trial|demo)|\bsave (?:you )?"
    r"(?:around |up to |about |over )?[$£€]#|book a (?:call|demo|meeting)|here'?s my calendar|worth a (?:quick )?"
    r"(?:#+[- ]min(?:ute)? )?(?:call|chat)|bumping this|not the right person")
# ... and the approach around it
_PITCH_ANY = re.compile(_PITCH_OFFER.pattern + r"|quick call|\b#+[- ]min(?:ute)? (?:call|chat)|happy to (?:walk you "
                        r"through|put together|set up)|following up on my (?:last|previous) (?:email|note|message)"
                        r"|circling back|out of the blue|reaching out (?:to|because|about)")


# a word of each _PITCH_OFFER alternative: most mail has none, and finding words is far cheaper than the pattern
# (~90 us on 3,000 characters: its alternatives start with different letters, so every position is tried)
_PITCH_OFFER_WORDS = ("obligation", "free ", "save", "book a ", "calendar", "worth a ", "bumping this",
                      "not the right person")


_DISPLAY_DOMAIN = re.compile(r"(?<![\w.@-])((?:[a-z0-9-]+\.)+[a-z]{2,24})(?![\w@-])")
_BARE_SITE_WORDS = re.compile(r"\b(?:support|team|service|services|security|official|help|customer care|account|"
                              r"accounts|notification|notifications|no-?reply)\b")
_ADMIN_NAME = re.compile(r"\badmin|\bit (?:desk|support|team|department)\b|\bhelp ?desk\b|\bwebmail\b|\bpostmaster\b"
                         r"|\bmail (?:server|system|team|service)\b|\bsecurity team\b")


def _display_domain(msg: RawMessage, sender_domain: str | None) -> str | None:
    """:return: a domain that a From line's display name shows when the address is at another registrable domain
    and the name speaks for it: your own domain's "Mail Administrator", or a site's name over a free-mail address
    ("ethereum.org <…@icloud.com>"). A newsletter's "CNET News.com <…@online.com>" is neither. Else ``None``."""
    name = msg.sender_name
    if not name or not sender_domain:
        return None
    low = unicodedata.normalize("NFKC", name).lower()  # ("EXAMPLE．COM Mail Administrator": a full-width dot)
    if "." not in low:
        return None
    m = _DISPLAY_DOMAIN.search(low)
    if m is None:
        return None
    from privatrack.core.normalize import known_registrable_domain

    shown = known_registrable_domain(m.group(1))
    if not shown or shown == sender_domain:
        return None
    yours = any(r.lower().rstrip(">").endswith(("@" + shown, "." + shown)) for r in msg.recipients)
    # over free mail, only a bare site name ("ethereum.org", "paypal.com support"): a freelancer's "Maria Lopez |
    # marialopez.design" is her own name
    rest = _BARE_SITE_WORDS.sub("", low.replace(m.group(1), " ")).strip(" -|:·•()[]<>\"'")
    return shown if yours or _ADMIN_NAME.search(low) or (sender_domain in FREEMAIL and not rest) else None


def _dmarc_passed(msg: RawMessage) -> bool:
    """Does the receiving provider's Authentication-Results header say the From domain passed DMARC?"""
    return "dmarc=pass" in (evmod.mail_headers(msg).get("authentication-results") or "")[:4000].lower()


# words that a phisher's domain adds after a name ("kraken-account-review.com", "bybit-withdrawals.io",
# "sparkasse-kundenportal-online.de", "correos-envios-aduana.com"): a business's own domain is its name. The
# look-alike words of the directory's check (in the languages phishing kits write), and the notice words of
# parcels, payments and orders in them
_LURE_LABELS = PHISH_WORDS | frozenset(
    "review notices payments helpdesk withdrawal withdrawals deposit deposits transaction transactions transfers "
    "invoice invoices receipt receipts order orders delivery tracking parcel parcels claims refunds "
    "suivi livraison colis commande commandes facture factures paiement paiements remboursement douane "
    "envio envios aduana pedido pedidos pago pagos factura facturas reembolso entrega entregas "
    "pagamento pagamentos encomenda encomendas fatura faturas reembolso "
    "spedizione spedizioni giacenza giacenze pagamento pagamenti fattura fatture rimborso ordine ordini "
    "zahlung zahlungen rechnung rechnungen bestellung lieferung paket sendung zoll rueckerstattung kundenportal "
    "betaling bestelling levering pakket factuur".split())


def _own_one_to_one(msg: RawMessage, ev: evmod.Evidence) -> bool:
    """:return: whether a mail without an attachment came one to one from its sender's own domain, which passed
    DMARC. With no link at all, a shop's or a bank's notice that sends you nowhere ("this e-mail deliberately
    contains no links"), where a phish must send you somewhere: to a site, to a number a scam's script asks you to
    call (even one the sender's own domain may give), or to an attached document or calendar invitation that holds
    the link (a "Norton renewal receipt" with a .docx)."""
    return (ev.mail_script is None  # ("if you did not make this withdrawal, call +1 …")
            and ev.sender_domain is not None and ev.sender_domain not in FREEMAIL
            # (a domain made of a name and a lure, "kraken-account-review.com", is a phisher's own)
            and _LURE_LABELS.isdisjoint(ev.sender_domain.split(".", 1)[0].split("-")[1:])
            and not (ev.bulk_headers or ev.list_id or "list-unsubscribe" in ev.header_names)
            and "x-privatrack-attachments" not in evmod.mail_headers(msg) and _dmarc_passed(msg))


def _cold_pitch(text: str) -> bool:
    """:return: whether a mail makes a salesperson's pitch: two different pitch phrases, one of them an offer."""
    head = text[:3000]
    if not any(w in head for w in _PITCH_OFFER_WORDS) or _PITCH_OFFER.search(head) is None:
        return False
    return len({m.group(0) for m in _PITCH_ANY.finditer(head)}) >= 2


def _words_beside_links(body: str) -> int:
    """:return: the letters of a mail's text outside its links (counted in its first 2,000 characters)."""
    return sum(ch.isalpha() for ch in _CONTACT_RUN.sub(" ", body[:2000]))


def _links_home(ev: evmod.Evidence) -> bool:
    """:return: whether a mail's links all go to its sender's own site, at least one does, and the sender is no
    free-mail mailbox. A link's site counts as the sender's when it is the sender's domain or the sender's first
    label begins with the link's ("agoda-messaging.com" sends for "agoda.com"); a free-mail domain is an address
    quoted in the text ("the account of kate@gmail.com"), not a link anyone follows."""
    home = ev.sender_domain
    if not home or home in FREEMAIL or not ev.url_domains:
        return False
    label = home.split(".", 1)[0]
    own = [d for d in ev.url_domains if d == home or label.startswith(d.split(".", 1)[0] + "-")]
    return bool(own) and all(d in own or d in FREEMAIL for d in ev.url_domains)


def _own_country_site(att: Any, ev: evmod.Evidence, index: MerchantIndex) -> None:
    """Mail from a brand's own country domain linking to that domain (Amazon.it, from and to amazon.it, images on
    ssl-images-amazon.com) is the brand: the attribution counts the sender as the brand's but its links as foreign.
    Look-alike links (amazon-login-check.xyz) stay suspicious: they are reported separately."""
    claimed, dom = att.claimed, ev.sender_domain
    if (claimed is None or att.merchant is not None or not att.mismatch or att.lookalikes or ev.channel != "email"
            or not dom or dom.split(".", 1)[0] not in claimed.labels or not att.mismatch.startswith("names ")
            or dom not in ev.url_domains):
        return
    if all(d in claimed.domains or d in index.by_domain or d == dom or any(b in d for b in claimed.labels)
           for d in ev.url_domains):
        att.mismatch = None
        att.merchant = claimed
        att.how = f"sender domain {dom} (a {claimed.name} site)"


# a request to send personal data back (the action of a scam with no link or number to call)
_ASKS_DATA = re.compile(r"reply (?:back )?with your|send (?:us |me )?your|text (?:back|us|me) (?:with )?your|"
                        r"回复(?:您|你)的|发送(?:您|你)的|提供(?:您|你)的")
_NEWSLETTER_LINKS = 20
# (actions, not the nouns: a newsletter's footer says "modify your account preferences at …/login.html")
_ACCOUNT_ACTION = re.compile(
    r"(?<![/.])\b(?:sign(?:ed)? ?in|log ?in|password|secure message|verify|confirm your|update your|restore"
    r"|refund|rebate|billing|payment details|bank details|anmelden|einloggen|bestätigen|erstattung|postfach"
    r"|connectez|identifiez|remboursement|acceda|devoluci[oó]n|pago|tasas)\b")
_PUBLIC_SECTOR = frozenset({"gov", "gouv", "gob", "go", "gc", "mil", "bund", "nhs", "police", "europa"})


def _shows_trusted(pair: str, index: MerchantIndex) -> bool:
    """:return: whether a masked link ``"shown -> real"`` shows a public body's or a known merchant's address (its
    domain or its brand under any suffix) and goes to someone else's."""
    shown, _, real = pair.partition(" -> ")
    labels = shown.split(".")
    if _PUBLIC_SECTOR.intersection(labels):
        # (a council's mail showing "www.gov.uk/council-tax" over its own sheffield.gov.uk page hides nothing)
        return not _PUBLIC_SECTOR.intersection(real.split("."))
    merchant = index.by_domain.get(shown) or index.by_label.get(labels[0])
    if merchant is None or (shown not in index.by_domain and not country_site(shown, merchant)):
        return False  # (a brand's label under a suffix it does not hold, "vip.de", is someone else's)
    return merchant is not (index.by_domain.get(real) or index.by_label.get(real.split(".", 1)[0]))


def _own_redirect(pair: str, sender_domain: str, index: MerchantIndex) -> bool:
    """:return: whether a masked link ``"shown -> real"`` is a newsletter's click tracking: it goes to the sender's
    own domain and shows no address anyone would trust more than the sender.

    A directory merchant's domain as the sender (Google Forms, a shop's mail) excuses only its own addresses shown:
    a form on docs.google.com shown as natwest.com is a phish. A known brand's address or country site (amazon.fr)
    and a public body's (gov.uk, gouv.fr, irs.gov) shown over any other sender's link are disguises."""
    shown, _, real = pair.partition(" -> ")
    if real != sender_domain:
        return False
    if sender_domain in index.by_domain:
        return index.by_domain.get(shown) is index.by_domain[sender_domain]
    labels = shown.split(".")
    return (shown not in index.by_domain and labels[0] not in index.by_label
            and not _PUBLIC_SECTOR.intersection(labels))


def _suggestion(msg: RawMessage, ev: evmod.Evidence) -> str | None:
    """An identifier to create a merchant from: ``signature:X``, ``domain:x.com``, ``email_sender:shop88@qq.com``
    (a free-mail address) or ``sms_sender:1069...``."""
    if ev.signature:
        return f"signature:{ev.signature}"
    if ev.sender_domain and ev.sender_domain not in FREEMAIL:
        return f"domain:{ev.sender_domain}"
    if ev.sender_domain and msg.sender:
        return f"email_sender:{msg.sender.strip().lower()}"  # gmail.com would name everyone with an address there
    if ev.channel == "sms" and msg.sender:
        return f"sms_sender:{msg.sender}"
    return None


__all__ = ["CATEGORIES", "Classifier", "shared_model"]
