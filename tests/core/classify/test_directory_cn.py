"""The major Chinese senders in the built-in directory: their own SMS and mail are attributed to them, a
free-mail address at their domain is a person, and a short brand name inside running text is not a claim."""

from __future__ import annotations

import pytest

from privatrack.core.classify import Classifier
from tests.messages import mail, sms


@pytest.fixture(scope="module")
def clf() -> Classifier:
    return Classifier.standalone()


@pytest.mark.parametrize("body,sender,merchant", [
    ("【交通银行】您尾号8812的信用卡本期账单金额3,204.50元，到期还款日12月25日。", "95559", "交通银行"),
    ("【中信银行】您尾号0921的借记卡12月03日转入工资8,500.00元，余额9,120.44元。", "95558", "中信银行"),
    ("【南方航空】您预订的CZ3101航班（广州-北京）已出票，票号784-2233445566。", "95539", "南方航空"),
    ("【华为】您的维修服务单S2026112233已完成，请至服务中心取机。", "950800", "华为终端"),
    ("【国家税务总局】您2025年度个人所得税综合所得汇算已受理。", "12366", "国家税务总局"),
])
def test_signed_sms_from_the_new_directory_entries_are_attributed(
        clf: Classifier, body: str, sender: str, merchant: str) -> None:
    assert clf.classify(sms(body, sender)).merchant == merchant


@pytest.mark.parametrize("body", [
    "浙江金华为盲人开设专属电影院",  # 金华 + 为
    "翁林华为兰州市教育局调研员",  # a person named 林华 + 为
])
def test_huawei_inside_running_text_is_no_claim(clf: Classifier, body: str) -> None:
    assert clf.classify(sms(body, "13812345678")).merchant is None


def test_a_netease_login_alert_from_its_own_domain_is_its_notice(clf: Classifier) -> None:
    c = clf.classify(mail(
        "网易帐号安全提醒\n\n亲爱的用户 zhangwei@163.com：\n\n您的帐号于 2026-02-14 22:31:07 在新设备上登录：\n"
        "登录地点 广东省深圳市\n设备 Windows 电脑 · Chrome 浏览器\n\n如果这是您本人的操作，请忽略本邮件。\n"
        "如果不是您本人操作，请立即登录 https://aq.163.com 修改密码。网易不会以任何理由向您索要验证码。",
        subject="【网易帐号安全提醒】您的帐号在新设备上登录", sender="passport@service.netease.com",
        name="网易帐号中心"))
    assert c.merchant == "网易"
    assert c.category == "transactional", c


def test_a_friend_writing_from_a_163_address_is_not_netease(clf: Classifier) -> None:
    c = clf.classify(mail("周末一起去爬山吗？我带水和吃的，你带相机。", subject="周末", sender="lili1990@163.com",
                          name="李丽"))
    assert c.merchant is None and c.category == "personal", c
