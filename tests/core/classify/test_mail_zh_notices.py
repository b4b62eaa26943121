"""Chinese mail: a notice that warns about scams in the scams' words is still a notice, an order number is no
number to call, and bulk mail inviting you to something is not a person writing. Sign-in alerts and password
resets (Chinese and English) from a merchant's own domain are the account's notices."""

from __future__ import annotations

from pathlib import Path

import pytest

from privatrack.core.classify import Classifier, evidence
from tests.messages import eml, mail


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


TICKET = "\n    ".join([
    "尊敬的 刘先生：", "您好！",
    "您于2026年01月20日在中国铁路客户服务中心网站(12306.cn)成功购买了1张车票，",
    "票款共计662.00元，订单号码 EA37YCIOJR 。所购车票信息如下：",
    "1.刘洋，2026年02月08日09:00开，北京南站-上海虹桥站，G1次列车，05车12F号，",
    "二等座，成人票，票价662.0元，检票口15，电子客票。",
    "如需办理改签、退票，请登录12306.cn或使用铁路12306 App办理，",
    "铁路部门不会通过短信、电话、社交软件要求您办理“退票理赔”。",
    "本邮件由系统自动发出，请勿回复。", "中国铁路客户服务中心"])

SHIPPED = "\n\n".join([
    "京东 · 订单通知", "尊敬的用户 zhaolei：",
    "您的订单 312414613248 已由京东物流发出，预计 6月18日 21:00 前送达。",
    "海尔（Haier）510升十字对开门冰箱 1 ¥3,299.00", "优惠（PLUS满减+国家补贴） -¥710.00", "实付 ¥2,718.00",
    "运单号：JDV036320042186（京东物流）", "收货人：赵* 138****2071", "收货地址：北京市朝阳区望京街道 ********",
    "大件商品将由送装一体师傅上门，请保持电话畅通。",
    "查看订单详情 (https://details.jd.com/normal/item.action?orderid=312414613248)",
    "此邮件由系统自动发送，请勿回复。京东客服不会以“订单异常、退款”等理由要求您提供银行卡信息或转账。"])


def test_a_ticket_mail_that_warns_in_the_scams_words_is_a_notice(clf: Classifier) -> None:
    c = clf.classify(mail(TICKET, subject="网上购票系统-用户支付通知", sender="12306@rails.com.cn",
                          name="中国铁路客户服务中心"))
    assert c.category == "transactional", c
    assert c.merchant == "中国铁路12306"


def test_an_order_shipped_mail_listing_its_discount_is_a_notice(clf: Classifier) -> None:
    c = clf.classify(mail(SHIPPED, subject="您的订单312414613248已发货", sender="noreply@jd.com", name="京东"))
    assert c.category == "transactional", c


def test_an_order_shipped_mail_with_an_ad_block_is_still_a_notice(clf: Classifier) -> None:
    # three sales words make a Chinese mail an offer only when it quotes no order, waybill or bill of yours
    body = SHIPPED + "\n\n限时活动：PLUS会员领取优惠券，满299减50。"
    c = clf.classify(mail(body, subject="您的订单312414613248已发货", sender="noreply@jd.com", name="京东"))
    assert c.category == "transactional", c
    offer = "\n\n".join(["尊敬的用户：", "限时活动：PLUS会员专享优惠券已发放，满299减50，今日领取，过期作废。",
                           "查看详情 (https://pro.jd.com/mall/active/plus.html)", "京东"])
    c = clf.classify(mail(offer, subject="您的PLUS专享券待领取", sender="noreply@jd.com", name="京东"))
    assert c.category == "marketing", c


def test_the_same_warning_words_with_a_number_to_call_are_no_warning(clf: Classifier) -> None:
    body = ("您的包裹因地址不详被退回。京东客服不会以其他理由要求您转账，请立即致电客服 0755-23456789 办理退款理赔。")
    c = clf.classify(mail(body, subject="包裹异常", sender="service@jd-kefu.top", name="京东客服"))
    assert c.category in ("fraud", "marketing"), c


@pytest.mark.parametrize("text,phone", [
    ("您的订单 312414613248 已发货", False),
    ("运单号：JDV036320042186", False),
    ("详情 https://x.jd.com/item?orderid=312414613248 查看", False),
    ("如有疑问请拨打 13812345678 联系我们", True),
    ("联系电话：0755 2345 6789", True),
])
def test_an_order_number_in_chinese_text_is_no_number_to_call(text: str, phone: bool) -> None:
    import re

    assert evidence._has_phone(re.sub(r"\d", "#", text)) is phone


EMBA = ("尊敬的赵磊先生：\n您好！感谢您此前在“华东财经大学商学院”官网下载《2026级 EMBA 招生简章》。\n"
        "我们诚挚邀请您参加 2026 级 EMBA / MBA 秋季招生说明会：\n10 月 18 日（周六）14:00-17:00\n"
        "区国权路 600 号 商学院 A 楼 报告厅\n课程体验（《数字化转型下的组织变革》）｜校友分享｜提前面试通道申请\n"
        "2026 级 EMBA 学制 2 年，学费 72.8 万元（含海外模块），可申请提前面试，\n"
        "报名链接：https://emba.ecfu.edu.cn/event/2025autumn?src=mail\n华东财经大学商学院 EMBA 招生办公室")


def test_bulk_mail_in_chinese_inviting_you_is_marketing(clf: Classifier) -> None:
    headers = {"List-Unsubscribe": "<https://emba.ecfu.edu.cn/unsubscribe>", "Precedence": "bulk"}
    c = clf.classify(mail(EMBA, subject="【诚邀】2026级EMBA/MBA招生说明会", sender="emba-admissions@ecfu.edu.cn",
                          name="华东财经大学商学院EMBA招生办", headers=headers))
    assert c.category == "marketing", c


def test_the_invitation_forwarded_by_a_colleague_is_left_to_the_words(clf: Classifier) -> None:
    # no unsubscribe header: a person passing the invitation on, which the rule leaves alone
    c = clf.classify(mail(EMBA, subject="转发：招生说明会", sender="wang.fang@ecfu.edu.cn", name="王芳"))
    assert c.category == "personal", c


# Whole mails as sent (MIME, quoted-printable, HTML parts), from held-out sets written by other authors for
# checking the classifier; these were wrong before the rules above (t_: transactional, m_: marketing, f_: fraud).
# zh_sales: sales written one to one from a salesperson's own mailbox (an estate agent, insurance agents, a tea shop)
NOTICES = Path(__file__).parent / "fixtures" / "zh_notices"
SALES = Path(__file__).parent / "fixtures" / "zh_sales"


@pytest.mark.parametrize("path", sorted(NOTICES.glob("*.eml")) + sorted(SALES.glob("*.eml")), ids=lambda p: p.stem)
def test_whole_mails_get_their_categories(clf: Classifier, path: Path) -> None:
    c = clf.classify(eml(path))
    assert c.category == {"t": "transactional", "m": "marketing", "f": "fraud"}[path.name[0]], c


def test_the_whole_mails_are_there() -> None:
    assert len(list(NOTICES.glob("*.eml"))) == 22
    assert sorted(p.name[0] for p in SALES.glob("*.eml")) == ["m"] * 4


def test_a_parent_asking_about_a_scam_offer_with_a_number_to_call_back_is_personal(clf: Classifier) -> None:
    body = ("李老师您好！我女儿说网上有人招兼职刷单，说是日结，我不太放心，想听听您的意见。\n"
            "方便的话回我电话 13812345678，谢谢！\n小雨妈妈")
    c = clf.classify(mail(body, subject="请教一下", sender="xiaoyu_mama@126.com", name="小雨妈妈"))
    assert c.category == "personal", c


def test_a_job_scam_mail_selling_with_a_qq_number_is_fraud(clf: Classifier) -> None:
    body = ("您好！打扰了\n我们是电商代运营公司人事部，线上急招居家兼职：给店铺点赞、写好评，日结 200-800 元。\n"
            "新人福利：首单完成即返佣金。有意者请添加 QQ：3528091746（备注：兼职）\n—— 人事部 李主管")
    c = clf.classify(mail(body, subject="居家兼职，日结", sender="hr_lm2025@sina.com", name="李主管"))
    assert c.category == "fraud", c


ALERT = ("We noticed a new sign-in to your Google Account on a Windows device. If this was you, you don't need to do "
         "anything. If not, we'll help you secure your account: {link}")


@pytest.mark.parametrize("link,want", [
    ("https://myaccount.google.com/notifications", "transactional"),
    # the same words linking elsewhere, or giving a number to call, are no notice of the account's
    ("https://myaccount-google.com-secure.top/notifications", "unwanted"),
    ("call us on +1 888 555 0199 now", "unwanted"),
])
def test_a_sign_in_alert_through_a_bulk_service_is_a_notice_only_with_its_own_links(
        clf: Classifier, link: str, want: str) -> None:
    msg = mail(ALERT.format(link=link), subject="Security alert", sender="no-reply@accounts.google.com",
               name="Google", headers={"Feedback-ID": "1:account-notifier:google", "X-SES-Outgoing": "2026.01.15"})
    c = clf.classify(msg)
    if want == "transactional":
        assert c.category == "transactional", c
        assert "sign-in or password notice from the merchant's own domain" in c.reasons
    else:
        assert c.category != "transactional" and not any("sign-in or password" in r for r in c.reasons), c


@pytest.mark.parametrize("body,gives", [
    ("【支付宝】验证码 482913，您正在登录，请勿泄露给他人。", True),
    ("您正在登录，请输入验证码 482913 完成验证。", True),  # asked for, and given right after
    ("认证时需填写车牌号、身份证号、绑定银行卡信息及短信验证码。", False),
    ("招商银行不会以任何形式要求您提供密码、验证码，谨防诈骗。", False),
])
def test_a_code_asked_for_or_warned_about_is_no_one_time_code(body: str, gives: bool) -> None:
    from tests.messages import sms

    assert evidence.extract(sms(body, "95555")).otp is gives


@pytest.mark.parametrize("link,fake", [
    ("https://etc.gov-cn.vip/auth?id=8837", "link to a look-alike domain gov-cn.vip (imitates gov.cn)"),
    ("https://www.gov.cn.etc-auth.top/login", "link to a look-alike domain etc-auth.top (imitates gov.cn)"),
    ("https://etax.chinatax.gov.cn/", None),
    ("https://www.gov.uk/check-tax", None),
])
def test_a_site_that_spells_a_government_suffix_elsewhere_is_a_look_alike(
        clf: Classifier, link: str, fake: str | None) -> None:
    body = f"尊敬的车主：您的ETC卡已于今日失效，请尽快登录 {link} 完成重新认证，逾期将影响高速通行。"
    c = clf.classify(mail(body, subject="【ETC】认证提醒", sender="notice@etc-service.example"))
    if fake:
        assert fake in c.reasons and c.category == "fraud", c
    else:
        assert not any("imitates gov." in r for r in c.reasons), c


@pytest.mark.parametrize("body", [
    "【招商银行】您尾号8812的信用卡12月账单金额3,204.50元，最低还款320.45元，到期还款日12月25日。",
    "【招商证券】您的资金账户今日转入10,000.00元，当前可用余额12,345.67元。",
])
def test_a_notice_signed_by_china_merchants_is_no_franchise_ad(clf: Classifier, body: str) -> None:
    # 招商 alone is an ad word (franchise recruitment, "诚招加盟商"); in 招商银行 it is a bank's name
    from tests.messages import sms

    c = clf.classify(sms(body, "95555"))
    assert c.category == "transactional", c


CARRIER = ("Dear Customer,\nYour DHL shipment 1234567890 is out for delivery and will arrive today between 10:00 and "
           "14:00.\nClick here to change your delivery: http://del.dhl.com/x?id=88\n"
           "This email was sent to you because you ordered online.\nClick here to unsubscribe from these emails")


def test_a_carriers_notice_with_an_unsubscribe_footer_stays_a_notice_when_the_model_doubts_it(
        clf: Classifier, monkeypatch: pytest.MonkeyPatch) -> None:
    # A model that never saw carrier mail (a cross-validation fold) reads the footer as bulk mail: the notice rule,
    # not the model, must keep it a transaction. Only an SMS-style Chinese opt-out marks a merchant's offer.
    score = clf.model.score

    def doubtful(head: str, feats: object) -> tuple[float, object]:
        logit, known = score(head, feats)  # type: ignore[arg-type]
        return (max(logit, 2.0) if head == "spam_mail" else logit), known

    monkeypatch.setattr(clf.model, "score", doubtful)
    c = clf.classify(mail(CARRIER, subject="DHL On Demand Delivery", sender="noreply.odd@dhl.com", name="DHL"))
    assert c.category == "transactional", c
    offer = CARRIER.replace("Click here to unsubscribe from these emails", "升级会员赠送运费券，退订此类邮件请回复“TD”")
    c = clf.classify(mail(offer, subject="DHL On Demand Delivery", sender="noreply.odd@dhl.com", name="DHL"))
    assert c.category == "marketing", c



def test_a_friend_sharing_a_deal_or_an_agents_own_news_is_personal(clf: Classifier) -> None:
    deal = "小美，京东这款空气炸锅原价299现在199，我买了两个，你要不要？要的话我把链接微信发你。"
    c = clf.classify(mail(deal, subject="空气炸锅", sender="lina_1990@163.com", name="李娜"))
    assert c.category == "personal", c
    news = ("王姐好，下周六同学聚会我去不了了，公司安排我去杭州培训（我现在是平安的保险代理人了，哈哈）。"
            "你们玩得开心，有事打我电话 13912345678。")
    c = clf.classify(mail(news, subject="聚会", sender="zhang_min88@163.com", name="张敏"))
    assert c.category == "personal", c
