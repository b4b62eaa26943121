"""Generate realistic synthetic corpora for the import benchmark: mbox, Maildir and SMS Backup & Restore XML.

    python bench/gen_corpus.py OUT_DIR [--mails N] [--sms N] [--seed S]

Mails are ~8 KB with a text and an HTML part (marketing, transactional and personal mixes, some Chinese); SMS
are ~100-byte texts with 【签名】 marketing, codes and personal chat. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
from collections.abc import Iterator
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import quoteattr

MERCHANTS = [("jd.com", "京东"), ("taobao.com", "淘宝"), ("shop.example", "Shop"), ("airline.example", "FlyAir"),
             ("bank.example", "Bank"), ("news.example", "Daily News"), ("meituan.com", "美团")]
WORDS = ("order shipped sale discount account password receipt invoice meeting lunch weekend family photo "
         "coupon member points delivery tracking flight booking refund newsletter update security alert").split()
CN = "您的 订单 已 发货 会员 积分 优惠券 限时 抢购 退订 验证码 快递 账户 安全 提醒 明天 见 周末 吃饭".split()


def _para(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def make_mail(i: int, rng: random.Random) -> bytes:
    domain, brand = rng.choice(MERCHANTS)
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=17 * i)
    kind = rng.random()
    lines = []
    for _ in range(60):
        lines.append(_para(rng, 12))
    if kind < 0.2:
        lines.insert(3, " ".join(rng.choice(CN) for _ in range(10)))
    if i % 50 == 0:
        lines.insert(5, "From the team: a body line that starts with From")
    text = "\n".join(lines)
    html = "<html><body>" + "".join(f"<p>{ln}</p>" for ln in lines[:30]) + "</body></html>"
    boundary = f"b{i:08d}"
    hdr = [
        f"From: {brand} <news@{domain}>",
        f"To: me+{domain.split('.')[0]}@example.com",
        f"Delivered-To: me+{domain.split('.')[0]}@example.com",
        f"Subject: {_para(rng, 5)} #{i}",
        f"Date: {format_datetime(when)}",
        f"Message-ID: <bench-{i}@{domain}>",
        "MIME-Version: 1.0",
    ]
    if kind < 0.5:
        hdr.append(f"List-Unsubscribe: <https://{domain}/unsub?u={i}>")
    hdr.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
    body = (
        f"--{boundary}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{text}\n"
        f"--{boundary}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n{html}\n"
        f"--{boundary}--\n"
    )
    return ("\n".join(hdr) + "\n\n" + body).encode("utf-8")


def mails(n: int, seed: int = 1) -> Iterator[bytes]:
    rng = random.Random(seed)
    for i in range(n):
        yield make_mail(i, rng)


def write_mbox(path: Path, n: int, seed: int = 1) -> None:
    import re

    esc = re.compile(rb"^(>*From )", re.M)
    with open(path, "wb") as fh:
        for i, m in enumerate(mails(n, seed)):
            fh.write(b"From news@example.com Mon Jan  1 00:00:%02d 2024\n" % (i % 60))
            fh.write(esc.sub(rb">\1", m))
            fh.write(b"\n")


def write_maildir(path: Path, n: int, seed: int = 1) -> None:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    for i, m in enumerate(mails(n, seed)):
        (path / "cur" / f"{1600000000 + i}.M{i}P1.bench:2,S").write_bytes(m)


def write_sms_xml(path: Path, n: int, seed: int = 2) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n")
        fh.write(f'<smses count="{n}" backup_set="bench" backup_date="1700000000000" type="full">\n')
        for i in range(n):
            r = rng.random()
            if r < 0.4:
                _, brand = rng.choice(MERCHANTS)
                body = f"【{brand}】" + "".join(rng.choice(CN) for _ in range(12)) + " 回T退订"
                addr = f"1069{rng.randrange(10**7, 10**8)}"
            elif r < 0.6:
                body = f"您的验证码为{rng.randrange(100000, 999999)}，5分钟内有效。"
                addr = "95588"
            else:
                body = _para(rng, 10) + (" &#55357;&#56841;" if i % 97 == 0 else "")
                addr = f"+86138{rng.randrange(10**7, 10**8)}"
            body_attr = quoteattr(body).replace("&amp;#", "&#")
            fh.write(
                f'  <sms protocol="0" address="{addr}" date="{1600000000000 + i * 60000}" type="{1 if r < 0.8 else 2}" '
                f'subject="null" body={body_attr} toa="null" sc_toa="null" service_center="null" read="1" '
                f'status="-1" locked="0" date_sent="0" sub_id="1" readable_date="x" contact_name="(Unknown)" />\n'
            )
        fh.write("</smses>\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--mails", type=int, default=10_000)
    ap.add_argument("--sms", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    write_mbox(a.out / "bench.mbox", a.mails, a.seed)
    write_maildir(a.out / "Maildir", a.mails, a.seed)
    write_sms_xml(a.out / "sms.xml", a.sms, a.seed)
    print(f"wrote {a.mails} mails (mbox + Maildir) and {a.sms} SMS to {a.out} "
          f"({sum(f.stat().st_size for f in a.out.rglob('*') if f.is_file()) / 1e6:.0f} MB)")


if __name__ == "__main__":
    os.umask(0o077)
    main()
