"""Modern SMS notices (bills, travel, bookings, deliveries) from businesses' senders are transactions, in Chinese
even with the opt-out that bulk platforms append; ads and scams dressed the same way are not; family and boss
impersonation scripts."""

from __future__ import annotations

from typing import Any

import pytest

from privatrack.core.classify import Classifier, evidence
from tests.messages import sms


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


@pytest.mark.parametrize("body,sender", [
    # the opt-out that Chinese SMS platforms append to every message
    ("【中国电信】您本月话费账单已出：套餐费59.00元，合计59.00元，当前余额12.30元。回TD退订", "10690963851"),
    ("【京东】您购买的商品已签收，如有问题可在7天内申请售后，感谢您的支持！回T退订", "1069085236"),
    ("【杭州水务】您户号88990011本期水费42.60元已出账，请于月底前缴清。退订回T", "1069012388"),
    ("【中国邮政】您的EMS邮件1123456789012已投递至代收点，请尽快领取，回T退订", "1069088990"),
    ("【东方航空】您好，MU5137航班登机口变更为C58，请于11:20前到达登机口。", "1069055443"),
    # notices from senders the directory does not know
    ("【海南航空】您好，HU7181航班登机口变更为B12，请于09:40前到达登机口。", "1069055443"),
    ("【泰康人寿】尊敬的客户，您保单号20207788的续期保费3,600元已于4月1日成功扣款。", "95522"),
    ("【万家物业】3号楼明日9:00-15:00停水检修，请提前储水，带来不便敬请谅解。", "1069056565"),
    ("【广州人社】您申领的社保卡已制作完成，请携带本人身份证前往社区服务中心领取。", "10690123009"),
    ("【中国银行】您的动态口令为839201，您正在进行网银转账，请勿向任何人泄露。", "95566"),
])
def test_signed_chinese_notices_are_transactional(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "transactional", c


@pytest.mark.parametrize("body,sender", [
    # the same services selling: an upsell to order by reply, a coupon with a link, a loan offer
    ("【中国联通】流量不够用？10元=5GB全国流量日包，当月有效，回复LL10立即订购，退订回复TD。", "10010"),
    ("【美团】周末吃喝玩乐券包已到账：外卖满30减12、到店团购8折，点击 dpurl.cn/Kx2 查看。回T退订", "10655099999"),
    ("【中国平安】尊敬的车主，平安为您提供专享预授信，一天到账，回复Y即享客户经理上门服务。退订回T", "1069012345"),
])
def test_notice_words_in_an_ad_stay_marketing(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category == "marketing"


@pytest.mark.parametrize("body,sender", [
    # a bank's 【signature】 typed on a personal mobile, asking to call: no notice
    ("【航空公司】尊敬的旅客，您乘坐的CZ3109航班因机械故障取消，请致电客服13800138000办理改签并领取补偿。",
     "16723450098"),
    # a reply asked with card details is a scam, whatever the signature says
    ("【交通银行】您的信用卡额度可提升至5万元，请回复身份证号、卡号及短信验证码办理。", "10690365521"),
])
def test_scams_in_notice_clothing_are_unwanted(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category in ("marketing", "fraud")


@pytest.mark.parametrize("body,sender", [
    # a boss or a child on "a new number" asking for a transfer
    ("小王，我是李总，我换了新号，明天到我办公室来一趟。现在有急事需要你先帮我转2万给一个客户。", "17099887766"),
    ("妈，我手机掉水里了，这是我新号码，急需交培训费5000元，你先打到老师卡上 6222 0212 3456 7890。", "15611112222"),
])
def test_family_and_boss_scripts_are_fraud(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category == "fraud"


@pytest.mark.parametrize("body", [
    "我的新号码是13812345678，房租我已经转到你卡上了。",  # a new number and money, but no request
    "我换了新号码，以后打这个。",
])
def test_a_new_number_without_a_request_for_money_is_no_script(body: str) -> None:
    assert not evidence.extract(sms(body, "13812345678")).new_number_money


@pytest.mark.parametrize("body,phone", [
    ("请联系客服4008-952-539办理改签", True),  # written against the words, as Chinese does
    ("如有疑问请致电0755-26123456处理", True),
    ("您的运单号1234567890123已发出", False),  # a waybill number is no number to call
    ("加QQ1234567890了解详情", False),
])
def test_numbers_to_call_are_found_against_chinese_words(body: str, phone: bool) -> None:
    assert evidence.extract(sms(body)).phone_in_text is phone


def test_a_code_for_the_readers_own_identity_check_is_no_scam_wording(clf: Classifier) -> None:
    msg = sms("【淘宝】校验码775301，您正在进行身份验证，打死都不要告诉别人哦！", "1069055993")
    assert evidence.extract(msg).fraud_cues == []
    assert clf.classify(msg).category == "transactional"
    assert evidence.extract(sms("请点击链接完成身份验证")).fraud_cues


@pytest.mark.parametrize("body,sender", [
    ("Thames Water: we're repairing a burst pipe on Mill Road. Your supply may be off until 4pm. Updates at "
     "thameswater.co.uk/incidents", "ThamesWater"),
    ("Evri: your parcel was delivered to your safe place at 13:02. Photo: evri.com/track", "Evri"),
    ("Jet2: Check-in for your flight LS123 to Palma is now open. Check in at jet2.com", "Jet2"),
    ("Santander: your balance on the account ending 5521 is £42.10. Log in to the app for details.", "Santander"),
    ("Your prescription is ready for collection at Hill Street Pharmacy. Reply STOP to opt out", "78070"),
])
def test_english_notices_from_a_business_sender_are_transactional(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "transactional", c


@pytest.mark.parametrize("body,sender", [
    # a spoofed sender name linking elsewhere, or to a cheap suffix under the brand's own name
    ("Royal Mail: your parcel is on hold. Pay the GBP 1.45 redelivery fee at royalmail-redelivery.help", "RoyalMail"),
    ("Evri: we missed you. Rebook your delivery at evri.help/rebook", "Evri"),
    # the same words selling
    ("Domino's: order any 2 large pizzas and pay for 1, use code 2FOR1 today! STOP to 85125", "Dominos"),
    ("Get 5GB extra data for just Rs 29 today! Recharge now at airtel.in", "VM-AIRTEL"),
])
def test_notice_words_in_english_scams_and_ads_stay_unwanted(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category in ("marketing", "fraud")


@pytest.mark.parametrize("body,sender", [
    # a sender name is typed by whoever sends: the brand's name under another suffix, or any site the name spells
    ("Royal Mail: we could not deliver your parcel today. Rebook and pay the £1.20 charge at royalmail.us/rebook",
     "RoyalMail"),
    ("E-ZPass: your toll balance of $4.15 is overdue. Pay now at https://ezpass.us/pay", "EZPass"),
    ("NHS: your prescription is ready for delivery. Pay the £1.99 delivery charge at https://nhs.vip/rx", "NHS"),
    # a number to call, however it is written; "ref:" before a spaced number does not make it a reference
    ("HSBC: a new device signed in to your account. If this was not you call 1-800-555-0199 now", "HSBC"),
    ("Santander: new device added to your account. Not you? Call our fraud team, ref: 0800 028 4567", "Santander"),
    ("Lloyds: a payment of £640 is pending. If not you call 0345.300.0000 quoting your card ending 1234", "Lloyds"),
    ("Halifax: a payment of £750 is pending. If not you, call zero eight zero zero, two one four, six six three two",
     "Halifax"),
    ("Dear Customer, Rs 49,999 debited from a/c XX4421. If not done by you, call customer care no 9876543210",
     "AX-HDFCBK"),
    # asked to send something back
    ("Lloyds: a new payee was added to your account. If this wasn't you, text back your online banking password",
     "Lloyds"),
    # Chinese: a contact outside the sender's own channels, a number spelled out
    ("【国家电网】您户号3301234567的电费已欠费126.5元，即将停电，请添加工作人员微信gdw95598缴纳", "10690000000"),
    ("【12306】您购买的车票因系统原因出票失败，车票款将原路退回，请联系客服扣扣3345678901", "10690000000"),
    ("【东方航空】您的航班因天气原因取消，请拨打客服热线四零零六八八八九九九办理改签赔偿", "10690000000"),
    ("【中国人寿】您的保单已到期，保费退款将原路退回，请将银行卡号发送至本号码确认", "10690000000"),
    # ads that use notice words
    ("Vodafone: your data allowance resets tomorrow. Add 50GB for £5 a month, reply DATA. Txt STOP to opt out",
     "Vodafone"),
    ("Trainline: train tickets to Edinburgh from £19. Book at trainline.com. STOP to 60060", "Trainline"),
    ("Hungry? Flat 60% OFF up to Rs.120 on your next 2 orders. Use code TRYNEW", "VM-ZOMATO"),
    # a known sender's order wording that sells is no order notice
    ("Weekend treat! 50% off your next 2 orders above Rs.299, today only", "QP-SWIGGY"),
    ("Unlimited 5G data + 2GB/day for 28 days at just Rs.349. Recharge now", "BT-AIRTEL"),
    ("【美团】您有一张20元代金券已到账，有效期7天，快去使用吧！回T退订", "10690000000"),
    # a link the model's feature misses (an IP address); a known merchant's site that carries anyone's content
    ("DPD: your parcel is waiting for delivery. Choose a new date: https://185.22.41.9/dpd", "DPD"),
    ("Council Tax: your bill is ready and a payment of £188.00 is overdue. View it: dropbox.com/s/8f2k/bill.pdf",
     "CouncilTax"),
    # a number to call in brackets, or in 5-5 groups (which the older bank-alert rule did not see)
    ("Chase: a payment of $950 is pending on your account. Not you? Call (844) 555-0143", "Chase"),
    ("SBI: Rs 9,999 debited from A/c XX4471 to a new payee. If not done by you, call 98765 43210", "AX-SBIINB"),
    # ads that read like notices
    ("EE: your plan is due for renewal. Get the iPhone 17 with 100GB data for £35 a month at ee.co.uk/renew", "EE"),
    ("Flipkart: prices dropped on 4 items in your wishlist! Delivery by tomorrow. flipkart.com", "Flipkart"),
    ("Big savings this week: buy any 3 bottles of wine for £20, while stocks last. Reply STOP to opt out", "Tesco"),
    ("You can now get 0% on balance transfers for 18 months. Apply in the app. To stop texts reply STOP",
     "Barclaycard"),
    ("【东方航空】上海至三亚航班本周5折起，打开东航APP即可预订，回T退订", "10690003"),
    ("【中国移动】尊敬的客户，您的话费余额不足10元，现充100元得150元话费，仅限本周，回T退订", "10690001"),
    # a brand's signature typed on a personal phone, or pointing to WeChat, Telegram or a video meeting
    ("【工商银行】您的账户存在风险，请尽快致电处理", "13912345678"),
    ("【菜鸟驿站】您的包裹签收异常，办理请加TG：@cainiao_kf", "1069088"),
    ("【京东金融】您的白条扣款重复，办理原路退回请安装“腾讯会议”并输入会议号827551903", "1069088"),
])
def test_what_a_spoofed_notice_or_an_ad_does_keeps_it_unwanted(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category in ("marketing", "fraud")


def test_a_number_spelled_out_is_its_own_reason(clf: Classifier) -> None:
    c = clf.classify(sms("【东方航空】您的航班已取消，请拨打客服热线四零零六八八八九九九办理改签赔偿", "10690000000"))
    assert c.category == "fraud"
    assert "a number written to slip past filters: 四零零六八八八九九九" in c.reasons


@pytest.mark.parametrize("body,sender", [
    ("Rs.200 sent to Sharma General Store from Paytm Payments Bank a/c 91XX5521. UPI Ref: 309812765543. Bal: Rs 4,180",
     "VK-PAYTMB"),  # an unbroken reference number is no number to call
    ("DPD: your parcel will be delivered today between 11:14 - 12:14. Track: dpd.co.uk/p/15501234567890", "DPD"),
])
def test_references_are_no_numbers_to_call(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category == "transactional"


def test_a_brand_signature_from_a_personal_phone_or_pointing_elsewhere_is_suspicious(clf: Classifier) -> None:
    c = clf.classify(sms("【京东】您的订单退款已审核通过，请尽快处理", "139 1234 5678"))
    assert c.category == "fraud" and c.merchant is None
    assert "suspicious: signature 【京东】 of 京东 from a personal mobile number 139 1234 5678" in c.reasons
    c = clf.classify(sms("【京东】您的订单退款失败，请添加客服微信jd-kf8866处理", "10690000000"))
    assert c.category == "fraud"
    assert any(r.startswith("suspicious: signature 【京东】 of 京东, but a contact elsewhere: ") for r in c.reasons)
    # the brand's own notice from its platform, with a refund to WeChat Pay, stays its own
    c = clf.classify(sms("【京东】您申请的退款159.00元已原路退回至微信支付，预计1-3个工作日到账。", "1069055995555"))
    assert c.category == "transactional" and c.merchant == "京东"


@pytest.mark.parametrize("body", [
    "a." * 50_000, "a-" * 50_000, "a.b-" * 30_000, "1o" * 50_000, "(" + "1 " * 40_000, "zero " * 30_000,
    "零一" * 30_000, "ref " * 30_000 + "1234567890", "【京东】订单" + "微信" * 30_000, "点com" * 30_000,
])
@pytest.mark.parametrize("sender", ["RoyalMail", "10690000000", "24273"])
def test_hostile_texts_do_not_hang_the_notice_rules(body: str, sender: str, no_hang: Any) -> None:
    # a backtracking link pattern took 7.7 s on 40 KB of "a.a.a…"
    assert no_hang(lambda: Classifier.standalone().classify(sms(body, sender)).category) in (
        "marketing", "fraud", "personal", "transactional")


@pytest.mark.parametrize("body", [
    "我发了一张图片给你，点击http://pinyin.cn/0xSsxvMIFs 看看吧。访问验证码是：483920请妥善保管",
    "http://pinyin.cn/xeSxrk00W 查看这张图片。访问验证码是：571204请妥善保管",
])
def test_a_shared_links_access_code_is_no_one_time_code(clf: Classifier, body: str) -> None:
    # the code opens the link for whoever has it: the picture-share spam of the Chinese corpus, not a login code
    c = clf.classify(sms(body, "13912345678"))
    assert not evidence.extract(sms(body, "13912345678")).otp
    assert c.category in ("marketing", "fraud") and "one-time code pattern" not in c.reasons, c
    # a login code is still one
    login = sms("【微信】您的验证码是483920，5分钟内有效，请勿泄露给他人。", "1069012345")
    assert evidence.extract(login).otp and clf.classify(login).category == "transactional"


@pytest.mark.parametrize("body", [
    "Dad it's me, my phone got smashed at work so this is a temp number. Can u do me a favour and pay something for me"
    " online? my card's declined and I'll sort it tmrw",
    "hi mum, using a friend's phone, mine died. I need to ask you something urgent, can you message me on whatsapp",
    "Mum this is my work phone now, lost my mobile on the train. can u send £350 for my rent, bank app not working x",
])
def test_the_family_script_in_its_other_words_is_fraud(clf: Classifier, body: str) -> None:
    # a broken, lost or borrowed phone and a favour, an urgent matter or a bank that fails: the script's opener
    c = clf.classify(sms(body, "+447700900431"))
    assert evidence.extract(sms(body, "+447700900431")).new_number_money
    assert c.category == "fraud", c


@pytest.mark.parametrize("body", [
    "new phone, old one died in the sea lol. save this one",
    "Lost my phone at the festival 😩 this is my brother's till monday, call the house if u need me",
])
def test_a_new_phone_without_an_ask_stays_a_persons(clf: Classifier, body: str) -> None:
    assert clf.classify(sms(body, "+447700900432")).category == "personal"


@pytest.mark.parametrize("body", [
    "haha this is literally you at karaoke https://www.youtube.com/watch?v=Qx7tR2pLm9A 😂",
    "song for the drive 🚗 open.spotify.com/track/6yHq2sPQz1LmX0 turn it up",
    "we're at this place, come find us https://maps.google.com/?q=The+Crown+Leeds",
])
def test_a_video_song_or_place_shared_from_a_mobile_is_personal(clf: Classifier, body: str) -> None:
    assert clf.classify(sms(body, "+447700900433")).category == "personal"


@pytest.mark.parametrize("body,sender", [
    # the same link with a prize, from a short code, or a look-alike host: the exception does not hold
    ("You have WON a £500 voucher! Claim now https://www.youtube.com/watch?v=Qx7tR2pLm9A", "+447700900434"),
    ("watch this https://youtube.com.watch-video.top/v=Qx7tR2pLm9A 😂", "+447700900435"),
    ("Free ringtones this week, see youtube.com/@tonesuk Txt STOP to 80082", "80082"),
])
def test_shared_site_links_do_not_vouch_for_ads_or_lookalikes(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category in ("marketing", "fraud")


@pytest.mark.parametrize("body,sender", [
    # codes as services write them: "Your <brand> code is …", a code split by a dash or a space
    ("Your Lyft code is 7312. Never share this code. Reply STOP ALL to 81971 to unsubscribe.", "Lyft"),
    ("Your Signal code: 391-204\nDo not share this code", "+14155550100"),
    ("Your Telegram code is 582 610. Don't give it to anyone, even if they say they are from Telegram!", "Telegram"),
    # the warning every Chinese code SMS ends with is no request to pass the code on
    ("【工商银行】您正在进行快捷支付，验证码：604118，金额1,280.00元，切勿将验证码告知他人，包括银行工作人员。",
     "95588"),
])
def test_one_time_codes_are_transactional(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == "transactional" and "one-time code pattern" in c.reasons, c


@pytest.mark.parametrize("body", [
    "Your discount code is 4821 - 20% off this weekend only!",
    "Your door code is 4821, the flat is on the 2nd floor",
    "Use code 1234 at checkout",
])
def test_codes_that_are_no_one_time_codes(body: str) -> None:
    assert not evidence.extract(sms(body, "+447700900123")).otp


def test_asking_for_the_code_is_still_a_request_to_pass_it_on(clf: Classifier) -> None:
    c = clf.classify(sms("【工商银行】您的验证码为604118，请将验证码告知客服人员以完成退款。", "+8617012345678"))
    assert c.category in ("fraud", "marketing"), c


def test_an_opt_out_is_no_sales_word() -> None:
    assert "subscribe" not in evidence.extract(sms("Reply STOP to unsubscribe", "Lyft")).marketing_words
    assert "subscribe" in evidence.extract(sms("Subscribe now and get 2 months half price", "SHOP")).marketing_words


@pytest.mark.parametrize("link,category", [
    ("vzw.com/mybill", "transactional"),  # Verizon's own short domain
    ("verizon-billing.help/pay", None),  # a look-alike: anything but a notice
])
def test_a_brand_short_domain_is_its_own_site(clf: Classifier, link: str, category: str | None) -> None:
    c = clf.classify(sms(f"Verizon: Your bill for $72.15 is ready and due 12/02. View it at {link}", "Verizon"))
    assert c.category == category if category else c.category in ("fraud", "marketing"), c


@pytest.mark.parametrize("body,sender,category", [
    # a login notice's advice, in the merchant's own channels (its app, its service number)
    ("【支付宝】你的账户于11-04 22:13在新设备(iPhone 15)登录。如非本人操作，请立即打开支付宝App冻结账户，或拨打95188。",
     "1069029995188", "transactional"),
    ("【京东】您的账户于今日在新设备登录，如非本人操作，请及时修改密码或在京东App冻结账户。", "106902999",
     "transactional"),
    # the same words as a threat, or sending the reader to a look-alike site, a 400 number, a chat ID or from a mobile
    ("【支付宝】您的账户存在异常，将于24小时内冻结，如非本人操作请点击 alipay-safe.cn 解除。", "1069029995188",
     "fraud"),
    ("【支付宝】你的账户在新设备登录。如非本人操作，请立即拨打4008-123-456冻结账户。", "1069029995188", "fraud"),
    ("【支付宝】你的账户在新设备登录。如非本人操作，请立即打开支付宝App冻结账户。", "+8613912345678", "fraud"),
    ("【微信支付】您的账户在新设备登录，如非本人操作请联系客服微信kf8899冻结账户。", "1069029995188", "fraud"),
])
def test_advice_to_freeze_your_own_account_is_no_threat(clf: Classifier, body: str, sender: str,
                                                        category: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category == category, c


# From a review that wrote scams against session 16's rules (a first version read plain texts from mobiles up to 200
# characters as personal, and new links as shared: 34 of its 78 scams passed; that version was taken back)
@pytest.mark.parametrize("body,sender", [
    ("Hi, I'm Emma from Adecco. Your profile was shortlisted for a remote part-time role, 60-90 mins a day, "
     "£300-£800 daily. Can I share more details with you?", "+447700900566"),
    ("Hi, this is Sam from the Barclays protection team. We've held a transfer of £1,250 from your current acc. "
     "Was this you? Reply Y or N", "+447911123456"),
    ("DVLA: our records show your vehicle isn't currently taxed. Driving an untaxed vehicle can lead to prosecution. "
     "Reply 1 for your renewal link", "+447400123456"),
    ("omg is this you in this video?? everyone's sharing it 😳 https://www.tiktok.com/@newsclips_uk/video/7334412209",
     "+447700900123"),
    # codes as the lure: a number to call, a site elsewhere, or a request to pass the code on
    ("Your Amazon code is 5821. Didn't request it? Your account may be at risk, call 1-844-555-0199 to cancel",
     "+14155550177"),
    ("Your WhatsApp code: 482-913. Sent to you by mistake, please forward it to me, it's for my new phone",
     "+447911123456"),
    ("Hi, I'm from Amazon security. Your Amazon code is 482913, please send it back to this number to confirm the "
     "cancellation of the £749 iPhone", "+447700900123"),
    ("Barclays: Your Barclays code is 482913. A member of our team will call you shortly; give them this code to stop "
     "the £1,240 transfer", "Barclays"),
    ("【中国银行】您的验证码为604118，切勿将验证码告知他人。您的账户需升级，请登录 boc-upgrade.top 完成", "95566"),
    ("【招商银行】验证码：482913，您正在申请解除限额，切勿将验证码告知他人。如有疑问请致电4006-588-123", "95555"),
])
def test_scams_written_against_the_new_rules_stay_unwanted(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category in ("fraud", "marketing"), c


@pytest.mark.parametrize("body,sender", [
    # "如非本人操作…冻结" leading anywhere but the merchant's own app and number: a reply, a mini-program to search,
    # an agent to add, a number in Chinese digits or split (from a review of the rule)
    ("【支付宝】您的账户在新设备（广东深圳）登录。如非本人操作，请回复1冻结账户，回复2忽略。", "1069029995188"),
    ("【微信支付】您的账户于03-01 02:14在新设备登录。如非本人操作，请在微信搜索“腾讯安全中心”小程序冻结账户。",
     "1069012345678"),
    ("【支付宝】您已开通“蚂蚁保”自动续费，每月扣费168元。如非本人操作，请致电客服955一八八冻结。", "1069029995188"),
    ("【支付宝】你的账户在新设备登录。如非本人操作，请立即拨打95188-7冻结账户。", "1069029995188"),
    ("【招商银行】您的一卡通已绑定新设备并开通快捷支付。如非本人操作，请拨打 9 5 5 5 5-8 转人工冻结。", "10690095555"),
])
def test_advice_that_leads_elsewhere_stays_unwanted(clf: Classifier, body: str, sender: str) -> None:
    assert clf.classify(sms(body, sender)).category in ("fraud", "marketing")


@pytest.mark.parametrize("body", [
    # a real boss's new number reads word for word like the scam's opening: a rule for it (tried in session 16)
    # called 21 of 36 genuine texts fraud and missed 15 of 16 variants, so the model decides
    "小王，我是李总，我原来那个号停机了，这是我新号码，你存一下。周一例会照常。",
    "各位家长好，我是班主任，这是我的新号码，请大家存一下，有事随时联系。",
])
def test_a_boss_or_a_teacher_on_a_new_number_is_no_fraud_by_itself(clf: Classifier, body: str) -> None:
    assert clf.classify(sms(body, "13816224507")).category != "fraud"


# English notices from a business's sender ID, which spam_en_biz reads (session 18). spam_en, which learned from the
# public corpora alone (2000s texts between people, with spam where the amounts, links and hotlines are), called the
# first three fraud or marketing.
@pytest.mark.parametrize("body,sender", [
    ("Kingsway Dental: Hi Priya, a reminder of your check-up on Tue 9 Dec at 2:40pm. To rearrange call 0113 496 0872.",
     "KingswayDn"),
    ("Anglian Water: Your bill for £96.40 is ready. We'll take your Direct Debit on 15 Dec. See "
     "anglianwater.co.uk/account", "AnglianWtr"),
    ("Virgin Atlantic: Flight VS3 to New York JFK on 12 Dec now departs at 11:05 (was 10:20). Manage at "
     "virginatlantic.com", "VirginAtl"),
    ("Your Tesco order for Sat 6 Dec, 8-9am is confirmed. Total £84.12. Edit it until 11:45pm Thu at tesco.com",
     "Tesco"),
    ("Evri: Your parcel from Next will be delivered today between 10:40 and 11:40. Track it at evri.com/track", "Evri"),
])
def test_english_notices_from_sender_ids_are_wanted(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category in ("transactional", "personal"), c


def test_sms_from_sender_ids_and_short_codes_have_their_own_head(clf: Classifier) -> None:
    def route(body: str, sender: str | None) -> str:
        return evidence.route(evidence.extract(sms(body, sender)))

    text = "Your bill for £96.40 is ready."
    assert route(text, "AnglianWtr") == route(text, "AX-HDFCBK") == route(text, "24273") == "en_biz"
    # a person's number, or no sender at all (the public corpora): the head that learned from the corpora alone
    assert route(text, "+447700900123") == route(text, None) == route(text, "07700900123") == "en"
    assert route("【国家电网】您的电费已出账", "95598") == "zh"
    ev = evidence.extract(sms(text, "AnglianWtr"))
    assert "spam_en_biz" in clf.model.heads
    assert evidence.spam_head(ev, clf.model.heads) == "spam_en_biz"
    # a model file written before the head existed scores those SMS with spam_en
    assert evidence.spam_head(ev, {"spam_en", "spam_zh", "spam_mail"}) == "spam_en"


def test_a_link_whose_host_has_digits_is_no_notices_own(clf: Classifier) -> None:
    # the notice rules read the evidence's text, where digits are "#": boi-secure###.com hid from their link scan,
    # so a spoofed bank's "new device" text with it was a notice
    c = clf.classify(sms("Bank of Ireland: A new device has been registered to your account. If this wasn't you, "
                         "verify at boi-secure365.com", "BOI"))
    assert c.category == "fraud", c


def test_an_irish_carriers_own_domain_is_no_look_alike(clf: Classifier) -> None:
    # anpost.com is one letter from inpost.*: a look-alike, until An Post joined the directory
    c = clf.classify(sms("An Post: Your parcel from Zara is out for delivery today. Track at anpost.com", "AnPost"))
    assert c.category == "transactional" and c.merchant == "An Post", c
    assert not any("look-alike" in r for r in c.reasons), c.reasons


@pytest.mark.parametrize("body,sender,fraud", [
    ("I have videos of you from your webcam. Send $1,500 in Bitcoin within 48 hours or I send them to all your "
     "contacts. Don't ignore this.", "+17372018845", True),
    ("我有你的视频，24小时内转2000元的比特币给我，否则发给你通讯录里所有人", "+8617012345678", True),
    # no deadline or threat; paying in crypto as such
    ("Hey, can you send me the 50 quid in bitcoin? lol jk, bank transfer is fine", "+447700900123", False),
    ("我打算买点比特币，24小时内看看行情", "+8613800138000", False),
    ("Coinbase: you can now pay with crypto at checkout in over 100 shops", "Coinbase", False),
])
def test_an_sms_demanding_crypto_with_a_threat_is_extortion(clf: Classifier, body: str, sender: str,
                                                            fraud: bool) -> None:
    c = clf.classify(sms(body, sender))
    demand = any(r.startswith("demands payment to a cryptocurrency wallet") for r in c.reasons)
    assert (c.category == "fraud" and demand) if fraud else not demand, c


@pytest.mark.parametrize("body,sender,wanted", [
    # a known brand's notice word for word, from a sender ID anyone can type, sending the reader elsewhere: read as
    # warily as spam_en reads it (a review found spam_en_biz alone called these 81-99% wanted)
    ("Telstra: Your bill for $94.00 is ready and due 10 Mar. View it at telstra-mybill.com", "Telstra", False),
    ("Thames Water: Your bill of £84.20 is ready. We'll collect it by Direct Debit on or after 14 Mar. View it at "
     "thameswater-billing.co.uk", "Thames", False),
    ("CommBank: A payment of $2,489.00 to JB Hi-Fi was made with your card ending 6613 on 27 Feb. Not you? Call "
     "0491 570 156", "CommBank", False),
    # the same notices keeping to the brand's own site
    ("Telstra: Your bill for $94.00 is ready and due 10 Mar. View it at telstra.com.au/mybill", "Telstra", True),
    ("Thames Water: Your bill of £84.20 is ready. We'll collect it by Direct Debit on or after 14 Mar. View it at "
     "thameswater.co.uk/myaccount", "ThamesWatr", True),
    ("Jet2: Check-in for your flight LS123 to Palma is now open. Check in at jet2.com", "Jet2", True),
])
def test_a_known_brands_notice_sending_you_elsewhere_is_not_vouched_for(clf: Classifier, body: str, sender: str,
                                                                        wanted: bool) -> None:
    c = clf.classify(sms(body, sender))
    assert (c.category in ("transactional", "personal")) == wanted, c


@pytest.mark.parametrize("number,wanted", [
    ("0800 9 123 123", True),  # Santander's own service number, as the directory knows it
    ("0800 912 3123", True),  # spaced another way
    ("0800 9 124 999", False),  # any other number: a spoofed alert's call-back line
    ("07700 900 412", False),
])
def test_a_known_banks_alert_may_give_its_own_number_to_call(clf: Classifier, number: str, wanted: bool) -> None:
    c = clf.classify(sms(f"Santander: £1,250.00 has been paid to M JONES from your account ending 4410 on 03/12. "
                         f"Not you? Call {number}.", "Santander"))
    assert (c.category in ("transactional", "personal")) == wanted, c


def test_a_carriers_notice_with_a_tracking_number_and_the_us_opt_out_is_transactional(clf: Classifier) -> None:
    # US rules make every business text say "Reply STOP"; "Track 7788…" is a tracking number, not one to call
    c = clf.classify(sms("FedEx: Package from Nordstrom scheduled for delivery Mon, Nov 10 by 8:00pm. Track "
                         "778899112233 at fedex.com. Reply STOP to end", "FedEx"))
    assert c.category == "transactional", c


@pytest.mark.parametrize("body,sender,code", [
    ("Your Apple Account code is: 618294. Don't share it with anyone.", "Apple", True),
    ("CommBank: Your NetCode is 482917. Never share this code, even with CommBank staff.", "CommBank", True),
    ("Your new discount code is 4821: 20% off everything this weekend!", "ShopNow", False),
    ("Hi! Your dress code is 1920s glam for Saturday's party", "+447700900123", False),
])
def test_one_time_codes_named_by_their_service(body: str, sender: str, code: bool) -> None:
    ev = evidence.extract(sms(body, sender))
    assert ev.otp is code, (body, ev.otp)


def test_a_banks_debit_alert_giving_its_own_block_number_is_transactional(clf: Classifier) -> None:
    body = ("Rs.2,450.00 debited from A/c XX4821 on 22-10-25 to VPA swiggy@icici (UPI Ref No 529614873210). Not you? "
            "Call {} to block UPI - HDFC Bank")
    assert clf.classify(sms(body.format("18002586161"), "AX-HDFCBK")).category == "transactional"
    # any other number to call is the scam's
    assert clf.classify(sms(body.format("9830412277"), "AX-HDFCBK")).category in ("fraud", "marketing")


@pytest.mark.parametrize("body,sender", [
    # US rules make every business text end with "Reply STOP": under a notice with nothing to sell it marks no ad;
    # here a short code speaks as the brand it opens with, linking only to that brand's own sites
    ("Amazon: Your package with Anker 735 Charger was delivered. It was handed directly to a resident. Track at "
     "a.co/d/8Hk2x Reply STOP to opt out", "262966"),
])
def test_us_notices_with_the_stop_opt_out_are_not_ads(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category not in ("marketing", "fraud"), c


@pytest.mark.parametrize("body,sender", [
    # the same opt-out under an offer is an ad's
    ("UPS My Choice: get 20% off premium delivery this month, upgrade now at ups.com/mychoice Reply STOP to opt out",
     "69877"),
    # a link that names a brand (drive.google.com) is no notice's own site
    ("Tata Power: Your bill of Rs.2,384.00 is overdue. View and pay it here: https://drive.google.com/file/d/1Fq8xPa",
     "AX-TATAPW"),
])
def test_offers_and_bills_sent_elsewhere_stay_unwanted(clf: Classifier, body: str, sender: str) -> None:
    c = clf.classify(sms(body, sender))
    assert c.category in ("marketing", "fraud"), c


def test_the_us_stop_opt_out_under_a_delivery_notice_does_not_make_it_an_ad(clf: Classifier) -> None:
    c = clf.classify(sms("UPS: Your package 1Z9A74W80312345678 will be delivered today between 1:30pm-5:30pm. Change "
                         "delivery: ups.com/track . Reply STOP to opt out", "69877"))
    assert c.category not in ("marketing", "fraud"), c


@pytest.mark.parametrize("body,sender", [
    # Indian banks' alert templates, from sender headers with the kind suffix TRAI added in 2025 ("-S", "-T"); {}
    # is the bank's helpline
    ("Rs.62,400.00 credited to Kotak Bank a/c XX3318 on 30/05/25 by NEFT from ACME TECHNOLOGIES PVT LTD. Avl bal "
     "Rs.71,925.44. Not you? Call {}", "VK-KOTAKB-S"),
    ("ICICI Bank Acct XX812 debited for Rs 649.00 on 02-Apr-25; Netflix Entertainm credited. UPI:509211447823. Call "
     "{} for dispute. SMS BLOCK 812 to 9215676766.", "VM-ICICIB-S"),
    ("Sent Rs.2,450.00\nFrom HDFC Bank A/C *4417\nTo SWIGGY LIMITED\nOn 14/03/25\nRef 507312884419\nNot You?\n"
     "Call {}/SMS BLOCK UPI to 7308080808", "AX-HDFCBK-S"),
    ("Dear UPI user A/C X2291 debited by 500.0 on date 11Apr25 trf to RAMESH KUMAR Refno 510182771340. If not u? "
     "call {}. -SBI", "JD-SBIINB-T"),
])
def test_indian_bank_alerts_with_their_own_helplines_are_transactional(clf: Classifier, body: str,
                                                                       sender: str) -> None:
    own = {"VK-KOTAKB-S": "18602662666", "VM-ICICIB-S": "18002662", "AX-HDFCBK-S": "18002586161",
           "JD-SBIINB-T": "1800111109"}[sender]
    c = clf.classify(sms(body.format(own), sender))
    assert c.category == "transactional", c
    # the same alert with another number to call is not the bank's
    c = clf.classify(sms(body.format("9830412277"), sender))
    assert c.category in ("fraud", "marketing"), c


@pytest.mark.parametrize("body,sender,own", [
    ("DBS: Your OTP for PayNow transfer of SGD 120.00 to TAN WEI MING is 738114. Do not share this OTP with anyone. "
     "If you did not request this, call {}.", "DBS", "1800 339 6963"),
    ("OCBC: Your card ending 2281 was charged SGD 58.40 at NTUC FAIRPRICE on 03 Jul 25. If unauthorised, call {}.",
     "OCBC", "6363 3333"),
])
def test_singapore_banks_notices_with_their_own_hotlines(clf: Classifier, body: str, sender: str, own: str) -> None:
    assert clf.classify(sms(body.format(own), sender)).category == "transactional"
    assert clf.classify(sms(body.format("8123 4567"), sender)).category in ("fraud", "marketing")


def test_a_card_issuers_did_you_attempt_question_from_its_short_code_is_no_ad(clf: Classifier) -> None:
    c = clf.classify(sms("Chase Fraud Alert: Did you attempt a $1,250.00 purchase at BEST BUY 00412 with card ending "
                         "4471? Reply YES or NO. Msg&data rates may apply. Reply STOP to opt out of text alerts.",
                         "24273"))
    assert c.category not in ("marketing", "fraud"), c


def test_an_appointment_reminder_giving_its_own_number_is_transactional(clf: Classifier) -> None:
    body = ("Maple Leaf Physio: Hi Ryan, reminder of your appt with Jenna on Wed Oct 8 at 5:15pm. Reply C to confirm "
            "or call 416-555-0182 to change. Reply STOP to opt out.")
    assert clf.classify(sms(body, "+14165550182")).category == "transactional"


def test_money_credited_by_mistake_and_asked_back_to_the_senders_number_is_no_notice(clf: Classifier) -> None:
    c = clf.classify(sms("Dear user, Rs 5,000 has been credited to your account by mistake through PhonePe. Kindly "
                         "return it to 9123456780 on PhonePe.", "+919123456780"))
    assert c.category in ("fraud", "marketing"), c


def test_a_dental_reminder_with_the_us_opt_out_giving_its_own_number_is_transactional(clf: Classifier) -> None:
    body = ("Hi Maria, this is Lakeview Dental reminding you of your cleaning on Thu 6/12 at 3:30pm with Dr. Sato. "
            "Reply C to confirm or call (512) 555-0147 to reschedule. Reply STOP to opt out")
    assert clf.classify(sms(body, "+15125550147")).category == "transactional"
