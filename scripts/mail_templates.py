"""Hand-written modern e-mail for training (issue 4): what the 2002 SpamAssassin ham lacks.

SpamAssassin's ham is mailing-list discussion from 2002; a model trained on it alone calls an ordinary 2025 note
from a Gmail friend ("See you at 7") marketing, and every Chinese personal mail unwanted. These generators write
personal mail as people send it today (freemail and company senders, replies with quotes, multipart/alternative
with HTML, photo attachments, Chinese in UTF-8 and GB18030) and bulk marketing mail as e-mail service providers
send it (List-Unsubscribe, Feedback-ID...), so that the model learns the difference from the mail's structure
and wording rather than from its age. Written for this project; the messages are parsed by the app's importer.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.utils import format_datetime

FIRST_EN = ["Anna", "Ben", "Chloe", "David", "Emma", "Farid", "Grace", "Hannah", "Ivan", "Julia", "Kofi", "Liam",
            "Maya", "Noah", "Olivia", "Priya", "Quentin", "Rosa", "Sam", "Tom", "Uma", "Victor", "Wen", "Yusuf"]
LAST_EN = ["Miller", "Okafor", "Schmidt", "Nguyen", "Brown", "Garcia", "Khan", "Rossi", "Walsh", "Kim", "Patel",
           "Novak", "Dubois", "Hughes"]
NAMES_ZH = ["王芳", "李强", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏", "徐婷", "孙浩", "马超",
            "朱琳", "胡斌", "郭晓燕"]
PINYIN = ["wangfang", "liqiang", "zhangwei", "liuyang", "chenjing", "yangfan", "zhaolei", "huangli", "zhoujie",
          "wumin", "xuting", "sunhao", "machao", "zhulin", "hubin", "guoxiaoyan"]
FREEMAIL_EN = ["gmail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com", "proton.me", "gmx.de",
               "fastmail.com"]
FREEMAIL_ZH = ["qq.com", "163.com", "126.com", "foxmail.com", "sina.com", "aliyun.com", "yeah.net", "139.com"]
WORK_EN = ["northwind-logistics.com", "brightpath.edu", "hallam-associates.co.uk", "citygeneral.org",
           "riverbend-school.org", "acme-engineering.de", "university.ac.uk", "lakeside-dental.com"]
WORK_ZH = ["huaxin-tech.cn", "zju.edu.cn", "dongfang-law.com.cn", "shiyan-xuexiao.cn", "hengda-design.com",
           "pku.edu.cn", "xinghe-keji.com", "renmin-hospital.cn"]

# -- personal, English -----------------------------------------------------------------------------------------
SUBJ_EN = ["Saturday", "quick question", "Re: dinner", "photos from the weekend", "the car", "Mum's birthday",
           "Re: Re: flat viewing", "notes from today", "running late", "kids' pickup tomorrow", "Fwd: train times",
           "that recipe", "Re: holiday plans", "meeting moved", "your book", "keys", "Re: thanks!", "catch up?",
           "hiking on Sunday", "the plumber", "Re: school trip form", "lunch next week", "moving boxes", "(no subject)"]
OPEN_EN = ["Hi {n},", "Hey {n}", "Dear {n},", "{n} -", "Hello {n},", "Hi all,", "Morning {n},", ""]
BODY_EN = [
    "Seven works for me, I'll wait by the entrance in case you can't find parking.",
    "Do you still have the ladder? Ours broke and I need to clear the gutters before the rain.",
    "Just landed, the flight was fine. Will call you once I'm at the hotel.",
    "Attached are a few pictures from Sunday. The one of Grandpa with the kite is my favourite.",
    "Can you pick up Lily from school tomorrow? I have a dentist appointment at 3.",
    "I talked to the landlord and he says the boiler will be fixed on Thursday morning.",
    "Thanks again for having us over, the kids haven't stopped talking about your dog.",
    "The meeting with the architect is now on Tuesday at 10, same place.",
    "Here are my notes from the parents' evening. Mr Hughes thinks she should read more at home.",
    "I found that recipe you asked about, it's the one with lemon and thyme. Typed it out below.",
    "Are you free for a coffee next week? I'd love to hear how the new job is going.",
    "The car is making that noise again. I booked it in at the garage for Friday.",
    "Sorry I missed your call, I was in the garden. What's up?",
    "Happy birthday! Hope you have a lovely day, we'll celebrate properly at the weekend.",
    "I've returned your book, it's in your mailbox. Loved the ending.",
    "Could you send me the address of the cabin again? I've lost the message.",
    "The plumber can come on Monday between 8 and 12. Does that work for you?",
    "We're thinking of going to the coast in August, would you and Tom want to join?",
    "I've signed the school trip form and put it in her bag.",
    "Just a reminder that it's your turn to bring snacks for football on Saturday.",
    "Mum says she's feeling much better today and the doctor was happy with the results.",
    "I've left the spare keys with Mrs Patel next door in case you arrive before me.",
    "Let me know what you think of the draft, no rush, end of the week is fine.",
    "Running about 15 minutes late, traffic on the ring road is terrible.",
    "Do you want the old sofa? We're getting a new one and it's still in good shape.",
    "The train gets in at 18:42, could you pick me up at the station?",
    "I spoke to the vet, Biscuit needs to stay in overnight but she'll be fine.",
    "Great seeing you yesterday! Let's not leave it so long next time.",
    "Can we move our call to Thursday? Something came up at work.",
    "I've put the photos in the shared album, have a look when you get a chance.",
]
MORE_EN = [
    "Also, did you hear back from the insurance people?",
    "Give my love to everyone.",
    "Let me know if that doesn't work.",
    "No need to reply if all is fine.",
    "I'll bring the cake.",
    "Talk soon.",
    "Hope the move went well!",
    "Say hi to your sister from me.",
    "I can drive if you like.",
    "",
    "",
]
CLOSE_EN = ["Cheers,\n{me}", "Love,\n{me}", "Best,\n{me}", "Thanks,\n{me}", "x\n{me}", "{me}",
            "Best regards,\n{me}", "Speak soon\n{me}", "Sent from my iPhone", "Sent from Outlook for Android"]
SIG_EN = ["{me} {last}\nProject Manager | {org}\nTel: +44 20 7946 {n4}",
          "{me} {last}\nSenior Engineer\n{org}\nMobile: +1 415 555 {n4}",
          "{me} {last} | Office Manager\n{org}"]

# -- personal, Chinese -----------------------------------------------------------------------------------------
SUBJ_ZH = ["周末安排", "回复：周六的事", "相机", "体检报告", "课表", "停水通知", "方案两版", "国庆回家", "婚礼",
           "实验结果", "论文修改稿", "好久不见", "签字", "明早出发", "回复：聚餐时间", "照片", "明天的会",
           "关于房子的事", "孩子的作业", "回复：回复：出差报销",
           "会议纪要", "同学聚会", "生日快乐", "转发：火车票信息", "材料已发", "家长会通知", "周六爬山", "请假",
           "你要的资料", "回复：论文修改意见", "搬家的事"]
OPEN_ZH = ["{n}：", "{n}，你好！", "亲爱的{n}：", "{n}老师您好，", "Hi {n}，", "各位好：", "{n}，", ""]
BODY_ZH = [
    "周六晚上七点在老地方吃饭，你带上孩子一起来吧。",
    "上次说的那本书我已经寄给你了，应该这两天就到。",
    "附件是周末拍的照片，爷爷放风筝那张拍得特别好。",
    "明天的会改到下午三点，地点还是三楼会议室，麻烦通知一下小李。",
    "房东说热水器周四上午来修，你那天在家吗？",
    "我今天下班晚，你先接一下孩子，谢谢。",
    "论文我看完了，第三章的数据还需要再核对一下，具体意见写在批注里了。",
    "这周末去爬山吗？天气预报说是晴天，我们早上八点出发。",
    "报销单我已经交给财务了，发票原件放在你桌上。",
    "妈妈身体好多了，医生说下周可以出院。",
    "孩子这次数学考得不错，但是作文还要多练习，平时在家多读点书。",
    "同学聚会定在十月三号中午，地点在学校附近的饭店，能来的话回复我一下。",
    "我下周去上海出差，周三晚上有空的话一起喝个咖啡？",
    "钥匙放在楼下王阿姨那里了，你回来直接去拿。",
    "你要的资料我整理好了，放在附件里，有问题随时问我。",
    "生日快乐！今年过得怎么样？有空回来看看我们。",
    "搬家的车约好了，周日上午九点到，箱子我都打包好了。",
    "谢谢你昨天的帮忙，改天请你吃饭。",
    "车票已经买好了，下午两点的高铁，到站后我去接你。",
    "合同我看过了，第五条的违约金写得有点高，建议再和对方谈谈。",
    "老师您好，孩子这两天感冒发烧，想请两天假，作业我们在家会补上。",
    "会议纪要整理好了，请大家看一下有没有遗漏的地方。",
    "上周借你的相机用完了，镜头我擦干净了，明天带到办公室还你。",
    "爸爸的体检报告出来了，血压有点高，其他指标都正常，你别太担心。",
    "我把这学期的课表发给你，周二和周四下午没课，可以约那两天。",
    "小区物业说下周三停水一天，记得提前接点水。",
    "这份方案我改了两版，第二版把预算压缩了一些，你看哪个合适。",
    "我们打算国庆回老家，票还没买，你们什么时候走？",
    "昨天的讨论我想了一下，还是觉得先做用户调研比较稳妥。",
    "孩子的疫苗本在抽屉里，明天打疫苗记得带上。",
    "面试的结果出来了，下个月一号入职，谢谢你之前帮我改简历。",
    "周末的婚礼在城东的酒店，中午十一点半开始，我们一起去吧。",
    "奶奶想你了，有空给她打个电话。",
    "图纸我已经按你说的改好了，楼梯的位置往左挪了半米。",
    "实验数据跑完了，结果和预期差不多，明天组会上讨论。",
    "我下午去银行办点事，晚饭前回来。",
    "你推荐的那家店我去了，味道确实不错。",
    "狗狗这两天不太爱吃东西，我约了周六带它去宠物医院。",
    "新家的网线已经装好了，密码写在路由器背面。",
    "下学期的选课开始了，你打算选哪几门？",
    "我这边的材料都准备齐了，就差你的签字。",
    "好久没联系了，最近工作忙吗？有空出来聚聚。",
    "老师，附件是我修改后的论文，请您有空时看一下。",
    "明早六点出发，别睡过头了，我在楼下等你。",
]
MORE_ZH = ["有事电话联系。", "路上注意安全。", "代我向叔叔阿姨问好。", "先这样，回头聊。", "不用回复了。", "", ""]
CLOSE_ZH = ["{me}", "祝好！\n{me}", "谢谢！\n{me}", "此致\n敬礼\n{me}", "{me}\n发自我的iPhone", "顺颂时祺\n{me}",
            "{me}\n发自网易邮箱大师"]
SIG_ZH = ["{me}\n{org} 项目经理\n电话：138{n4}{n4}", "{me}\n{org}\n办公室 010-6275{n4}"]

# -- bulk marketing via ESPs -----------------------------------------------------------------------------------
SHOPS_EN = [("Northstar Outfitters", "northstar-outfitters.com"), ("Kettle & Crumb", "kettleandcrumb.com"),
            ("Voltline Electronics", "voltline.com"), ("Bloomwell Pharmacy", "bloomwell.co.uk"),
            ("SkyHop Airlines", "skyhop-air.com"), ("Harbor Books", "harborbooks.com"),
            ("FitForge", "fitforge.io"), ("Taskly", "taskly.app"), ("Casa Verde Homeware", "casaverde.eu")]
SHOPS_ZH = [("乐享商城", "lexiang-mall.cn"), ("途悦旅行", "tuyue-travel.com"), ("鲜丰超市", "xianfeng-market.cn"),
            ("悦动健身", "yuedong-fit.com"), ("书香网", "shuxiang.com.cn"), ("优家家居", "youjia-home.cn")]
MKT_SUBJ_EN = ["{p}% off everything this weekend", "Your exclusive offer inside", "Last chance: sale ends tonight",
               "New arrivals you'll love", "Black Friday starts now", "We miss you - here's {p}% off",
               "What's new this month at {shop}", "Free shipping on orders over $50", "Flash sale: 48 hours only",
               "Members get early access", "Your cart is waiting", "Top picks for you this week"]
MKT_BODY_EN = [
    "Shop our biggest sale of the season with up to {p}% off jackets, boots and knitwear.",
    "Use code SAVE{p} at checkout for {p}% off your next order.",
    "Hurry, these deals end at midnight. Don't miss out on our best prices of the year.",
    "Discover our new collection, handpicked for you. Free returns within 30 days.",
    "As a valued member you get early access to our seasonal sale. Limited stock available.",
    "Upgrade to Pro this month and save {p}%. New features: shared boards, offline mode and more.",
    "Earn double points on every purchase until Sunday. Redeem for rewards in the app.",
    "Book now and fly from $49. Fares available for travel until March.",
    "Still thinking it over? The items in your cart are selling fast.",
    "Treat yourself: buy one, get one half price on all skincare.",
]
MKT_SUBJ_ZH = ["全场{p}折起，限时三天", "您的专属优惠券已到账", "会员日福利来袭", "双十一预售开启", "积分即将过期提醒",
               "新品上市，抢先体验", "周末特惠，错过再等一年", "{shop}月度精选推荐"]
MKT_BODY_ZH = [
    "年终大促火热进行中，精选商品低至{p}折，满299减50，点击立即抢购。",
    "尊敬的会员，您有一张满200减30优惠券即将到期，快来使用吧。",
    "酒店限时特惠，提前预订立享8折，还可叠加会员积分。",
    "新品首发，前100名下单赠送精美礼品，数量有限，先到先得。",
    "您的积分即将清零，现在兑换可享双倍价值，更多好礼等你来拿。",
    "周末特价机票低至199元起，热门航线限时抢购。",
]
ESPS = [
    {"Feedback-ID": "{n4}:{n6}:campaign:mailchimp", "X-Mailer": "MailChimp Mailer - **CID{hex}**",
     "X-MC-User": "{hex}", "List-ID": "{hex}mc list <{hex}.list-id.mcsv.net>"},
    {"X-SG-EID": "{b64}", "X-SG-ID": "{b64}", "X-Entity-ID": "{b64}"},
    {"X-Mailgun-Sid": "{b64}", "X-Mailgun-Tag": "newsletter", "X-Mailgun-Variables": '{{"campaign": "{n6}"}}'},
    {"Feedback-ID": "1.us-east-1.{b64}:AmazonSES", "X-SES-Outgoing": "2025.{n2}.{n2}-54.240.{n2}.{n3}"},
    {"X-Campaign": "{n6}", "X-Braze-Campaign": "{hex}", "Precedence": "bulk"},
    {"X-EDM-Platform": "sendcloud", "X-SMTPAPI": '{{"category": "edm{n4}"}}', "Precedence": "bulk"},
]


def _sentence(s: str) -> str:
    s = s.strip()
    return s if s.endswith(("。", "！", "？", "!", "?", "】")) else s + "。"


class _Rnd:
    def __init__(self, seed: int, zh_ham: Sequence[str] = (), zh_spam: Sequence[str] = ()) -> None:
        self.r = random.Random(seed)
        self.zh_ham, self.zh_spam = zh_ham, zh_spam

    def num(self, k: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(k))

    def hex(self, k: int = 16) -> str:
        return "".join(self.r.choice("0123456789abcdef") for _ in range(k))

    def b64(self) -> str:
        return base64.b64encode(self.r.randbytes(18)).decode()

    def date(self) -> datetime:
        tz = timezone(timedelta(hours=self.r.choice([-8, -5, 0, 1, 2, 8, 8, 8, 9])))
        return datetime(2023, 1, 1, tzinfo=tz) + timedelta(minutes=self.r.randrange(3 * 365 * 24 * 60))

    def fill(self, s: str, **kw: str) -> str:
        return s.format(n2=self.num(2), n3=self.num(3), n4=self.num(4), n6=self.num(6), hex=self.hex(),
                        b64=self.b64(), p=self.r.choice(["10", "15", "20", "25", "30", "40", "50"]), **kw)


def _addr(name: str, addr: str, charset: str = "utf-8") -> str:
    if name.isascii():
        return f"{name} <{addr}>"
    return f"{Header(name, charset).encode()} <{addr}>"


def _subject(s: str, charset: str = "utf-8") -> str:
    return s if s.isascii() else Header(s, charset).encode()


def _headers(h: list[tuple[str, str]]) -> bytes:
    return "".join(f"{k}: {v}\r\n" for k, v in h).encode("ascii")


def _received(rnd: _Rnd, domain: str, d: datetime) -> list[tuple[str, str]]:
    out = []
    if rnd.r.random() < 0.7:
        out.append(("Received", f"from mail-{rnd.hex(6)}.{domain} (mail-{rnd.hex(6)}.{domain} "
                                f"[{rnd.num(2)}.{rnd.num(2)}.{rnd.num(2)}.{rnd.num(2)}])\r\n\tby mx.example.net with "
                                f"ESMTPS id {rnd.hex(10)}; {format_datetime(d)}"))
    if rnd.r.random() < 0.6:
        out.append(("DKIM-Signature", f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=s{rnd.num(4)};\r\n"
                                      f"\tbh={rnd.b64()}=;\r\n\tb={rnd.b64()}{rnd.b64()}"))
    return out


def _html(text: str) -> str:
    paras = "".join(f"<div>{line or '<br>'}</div>" for line in text.split("\n"))
    return f'<div dir="ltr">{paras}</div>'


def _body_parts(rnd: _Rnd, text: str, charset: str, html: bool, photo: bool) -> tuple[list[tuple[str, str]], bytes]:
    """(content headers, body bytes): text/plain, or alternative with HTML, or mixed with a photo."""
    def leaf(ctype: str, content: str) -> bytes:
        data = content.encode(charset)
        if charset == "utf-8" and content.isascii():
            return f"Content-Type: {ctype}; charset=\"{charset}\"\r\n\r\n".encode() + data + b"\r\n"
        enc = base64.encodebytes(data) if rnd.r.random() < 0.5 else data
        cte = "base64" if enc is not data else "8bit"
        return (f"Content-Type: {ctype}; charset=\"{charset}\"\r\nContent-Transfer-Encoding: {cte}\r\n\r\n".encode()
                + enc + b"\r\n")

    if not html and not photo:
        part = leaf("text/plain", text)
        head, _, body = part.partition(b"\r\n\r\n")
        pairs = [line.split(": ", 1) for line in head.decode().split("\r\n")]
        return [(k, v) for k, v in pairs], body
    inner = leaf("text/plain", text)
    if html:
        b = f"000000000000{rnd.hex(12)}"
        inner = (f"Content-Type: multipart/alternative; boundary=\"{b}\"\r\n\r\n--{b}\r\n".encode() + inner
                 + f"--{b}\r\n".encode() + leaf("text/html", _html(text)) + f"--{b}--\r\n".encode())
    if not photo:
        head, _, body = inner.partition(b"\r\n\r\n")
        k, v = head.decode().split(": ", 1)
        return [(k, v)], body
    b = f"----=_Part_{rnd.num(6)}_{rnd.num(9)}"
    name = rnd.r.choice(["IMG_2041.jpg", "photo.jpg", "IMG_20250614_183211.jpg", "scan.pdf", "DSC01234.JPG"])
    ctype = "application/pdf" if name.endswith(".pdf") else "image/jpeg"
    blob = base64.encodebytes(rnd.r.randbytes(rnd.r.randrange(300, 1500))).decode()
    body = (f"--{b}\r\n".encode() + inner + f"--{b}\r\nContent-Type: {ctype}; name=\"{name}\"\r\n"
            f"Content-Disposition: attachment; filename=\"{name}\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{blob}\r\n--{b}--\r\n".encode())
    return [("Content-Type", f"multipart/mixed; boundary=\"{b}\"")], body


def personal(rnd: _Rnd, zh: bool) -> bytes:
    r = rnd.r
    d = rnd.date()
    k = r.randrange(len(NAMES_ZH))
    if zh:
        me, them = NAMES_ZH[k], r.choice(NAMES_ZH)
        work = r.random() < 0.35
        dom = r.choice(WORK_ZH if work else FREEMAIL_ZH)
        local = PINYIN[k] + ("" if work or r.random() < 0.5 else rnd.num(r.choice([3, 4, 9])))
        subj = r.choice(SUBJ_ZH)
        lines = [r.choice(OPEN_ZH).format(n=them), r.choice(BODY_ZH)]
        if r.random() < 0.5:
            lines.append(r.choice(BODY_ZH))
        if rnd.zh_ham:  # everyday Chinese from the SMS corpus: a vocabulary the few sentences above cannot give
            lines.append("".join(_sentence(r.choice(rnd.zh_ham)) for _ in range(r.randrange(1, 4))))
        lines += [r.choice(MORE_ZH), "", r.choice(SIG_ZH if work else CLOSE_ZH).format(me=me, org=dom.split(".")[0],
                                                                                     n4=rnd.num(4))]
        to = f"{PINYIN[r.randrange(len(PINYIN))]}@{r.choice(FREEMAIL_ZH)}"
        charset = r.choice(["utf-8", "utf-8", "gb18030", "gbk"])
    else:
        me, last, them = r.choice(FIRST_EN), r.choice(LAST_EN), r.choice(FIRST_EN)
        work = r.random() < 0.35
        dom = r.choice(WORK_EN if work else FREEMAIL_EN)
        local = (f"{me}.{last}" if work or r.random() < 0.5 else f"{me}{last[0]}{rnd.num(r.choice([2, 4]))}").lower()
        subj = r.choice(SUBJ_EN)
        lines = [r.choice(OPEN_EN).format(n=them), "", r.choice(BODY_EN)]
        if r.random() < 0.5:
            lines.append(r.choice(BODY_EN))
        lines += [r.choice(MORE_EN), "", r.choice(CLOSE_EN).format(me=me)]
        if work and r.random() < 0.7:
            lines += ["", r.choice(SIG_EN).format(me=me, last=last, org=dom.split(".")[0].replace("-", " ").title(),
                                                  n4=rnd.num(4))]
        to = f"{r.choice(FIRST_EN).lower()}.{r.choice(LAST_EN).lower()}@{r.choice(FREEMAIL_EN + WORK_EN)}"
        charset = "utf-8"
    text = "\n".join(x for x in lines if x is not None)
    reply = r.random() < 0.4
    if reply:
        prev = r.choice(BODY_ZH if zh else BODY_EN)
        when = d - timedelta(hours=r.randrange(1, 72))
        if zh:
            quote = r.choice([
                f"\n\n------------------ 原始邮件 ------------------\n发件人: \"{them}\"<{to}>;\n"
                f"发送时间: {when:%Y年%m月%d日(%a) %H:%M}\n收件人: \"{me}\"<{local}@{dom}>;\n主题: {subj}\n\n{prev}",
                f"\n\n在 {when:%Y年%m月%d日} {when:%H:%M}，{them} <{to}> 写道：\n> {prev}"])
        else:
            quote = f"\n\nOn {when:%a, %d %b %Y at %H:%M}, {them} <{to}> wrote:\n> {prev}\n>\n> {r.choice(MORE_EN)}"
        text += quote
        subj = subj if subj.startswith(("Re:", "回复")) else ("回复：" if zh else "Re: ") + subj
    html = r.random() < 0.45
    photo = r.random() < 0.15
    cheads, body = _body_parts(rnd, text.replace("\n", "\r\n"), charset, html, photo)
    h = _received(rnd, dom, d) + [
        ("From", _addr(me, f"{local}@{dom}", "utf-8")),
        ("To", to),
        ("Subject", _subject(subj, "utf-8")),
        ("Date", format_datetime(d)),
        ("Message-ID", f"<{rnd.hex(20)}@{'mail.gmail.com' if dom == 'gmail.com' else dom}>"),
    ]
    if reply:
        ref = f"<{rnd.hex(16)}@{to.split('@')[1]}>"
        h += [("In-Reply-To", ref), ("References", ref)]
    if r.random() < 0.3:
        h.append(("Cc", f"{r.choice(FIRST_EN).lower()}@{r.choice(FREEMAIL_EN + FREEMAIL_ZH)}"))
    if zh and r.random() < 0.5:
        h.append(("X-Mailer", r.choice(["Foxmail 7.2.25.228[cn]", "NetEase Flash Mail 2.4.1.32", "QQMail 2.x"])))
    h += [("MIME-Version", "1.0")] + cheads
    return _headers(h) + b"\r\n" + body


def marketing(rnd: _Rnd, zh: bool) -> bytes:
    r = rnd.r
    d = rnd.date()
    shop, dom = r.choice(SHOPS_ZH if zh else SHOPS_EN)
    subj = rnd.fill(r.choice(MKT_SUBJ_ZH if zh else MKT_SUBJ_EN), shop=shop)
    paras = [rnd.fill(r.choice(MKT_BODY_ZH if zh else MKT_BODY_EN)) for _ in range(r.randrange(1, 4))]
    if zh and rnd.zh_spam:
        paras.insert(r.randrange(len(paras) + 1), _sentence(r.choice(rnd.zh_spam)))
    unsub = f"https://{r.choice(['email', 'click', 'links', 'e'])}.{dom}/u/{rnd.hex(24)}"
    foot = (f"如不想再收到此类邮件，请点击退订：{unsub}\n{shop} 版权所有" if zh else
            f"You received this email because you signed up at {dom}.\nUnsubscribe: {unsub} | "
            f"Manage preferences\n{shop}, {rnd.num(3)} Market Street, Suite {rnd.num(3)}")
    text = "\n\n".join(paras + [foot])
    cells = "".join(f'<td><img src="https://img.{dom}/p/{rnd.hex(8)}.jpg" width="180"><br>{p}</td>'
                    for p in paras)
    html = (f'<html><body><table width="600" align="center"><tr><td><img src="https://img.{dom}/logo.png"></td>'
            f'</tr><tr>{cells}</tr><tr><td><a href="https://www.{dom}/sale?utm_source=email&utm_medium={rnd.num(4)}">'
            f'{"立即抢购" if zh else "Shop now"}</a></td></tr><tr><td style="font-size:11px">'
            f'{foot.replace(chr(10), "<br>")}</td></tr></table>'
            f'<img src="https://t.{dom}/open/{rnd.hex(16)}.gif" width="1" height="1"></body></html>')
    b = f"_----{rnd.b64()}"
    charset = "utf-8"
    body = (f"--{b}\r\nContent-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            .encode() + base64.encodebytes(text.encode(charset))
            + f"--{b}\r\nContent-Type: text/html; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            .encode() + base64.encodebytes(html.encode(charset)) + f"--{b}--\r\n".encode())
    h = _received(rnd, dom, d)
    local = r.choice(["news", "hello", "marketing", "noreply", "offers"])
    h += [
        ("From", _addr(shop, f"{local}@{r.choice(['', 'e.', 'mail.'])}{dom}")),
        ("Reply-To", f"support@{dom}"),
        ("To", f"{r.choice(PINYIN + [n.lower() for n in FIRST_EN])}@{r.choice(FREEMAIL_EN + FREEMAIL_ZH)}"),
        ("Subject", _subject(subj)),
        ("Date", format_datetime(d)),
        ("Message-ID", f"<{rnd.hex(24)}@{r.choice(['mailer', 'mta', 'smtp'])}.{dom}>"),
    ]
    if r.random() < 0.85:
        h.append(("List-Unsubscribe", f"<mailto:unsubscribe-{rnd.hex(10)}@{dom}>, <{unsub}>"))
        if r.random() < 0.7:
            h.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
    for k, v in r.choice(ESPS).items():
        h.append((k, rnd.fill(v)))
    h += [("MIME-Version", "1.0"), ("Content-Type", f"multipart/alternative; boundary=\"{b}\"")]
    return _headers(h) + b"\r\n" + body


def generate(seed: int = 11, personal_n: int = 600, marketing_n: int = 200, zh_ham: Sequence[str] = (),
             zh_spam: Sequence[str] = ()) -> Iterator[tuple[str, str, bytes]]:
    """(name, category, raw bytes): ``personal_n`` personal mails (half Chinese), ``marketing_n`` marketing.

    :param zh_ham: Chinese sentences that are not spam (the Chinese SMS corpus's ham): Chinese personal mails
        carry one to three of them, so the mail model meets everyday Chinese beyond the hand-written sentences
    :param zh_spam: Chinese spam texts: each Chinese marketing mail carries one"""
    rnd = _Rnd(seed, zh_ham, zh_spam)
    for i in range(personal_n):
        yield f"personal/{i}", "personal", personal(rnd, zh=i % 2 == 1)
    for i in range(marketing_n):
        yield f"marketing/{i}", "marketing", marketing(rnd, zh=i % 3 == 2)


if __name__ == "__main__":  # print one of each, to read them
    import sys

    for name, _, raw in generate(personal_n=int(sys.argv[1]) if len(sys.argv) > 1 else 3, marketing_n=2):
        print(f"===== {name}\n{raw.decode('utf-8', 'replace')}")
