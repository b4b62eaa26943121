"""Mail parsing (P18, P19): charsets, RFC 2047, broken MIME, alias services, time budget, fuzz."""

from __future__ import annotations

import base64
import hashlib
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privatrack.core import decode
from privatrack.core.importers import iter_items
from privatrack.core.importers import mail as mailmod
from privatrack.core.importers.mail import parse_mail
from privatrack.core.models import RawMessage, Rejected


def one(path: Path) -> RawMessage:
    items = list(iter_items(path))
    assert len(items) == 1
    assert isinstance(items[0], RawMessage), items[0]
    return items[0]


def test_gb2312_label_decodes_gbk_only_character_exactly(data: Path) -> None:
    m = one(data / "mail" / "gb2312.eml")
    assert m.body_text.strip() == "朱镕基"  # 镕 is not in GB2312: decoding must go through GB18030
    assert m.subject == "朱镕基访问"
    assert m.sender_name == "新闻"


def test_big5_with_hkscs_character(data: Path) -> None:
    m = one(data / "mail" / "big5.eml")
    assert m.body_text.strip() == "我哋喺香港"


def test_rfc2047_word_split_mid_character_is_joined(data: Path) -> None:
    assert one(data / "mail" / "split_subject.eml").subject == "Ünïcödé テスト件名"


def test_bogus_charset_falls_back_with_warning(data: Path) -> None:
    m = one(data / "mail" / "bogus_charset.eml")
    assert m.body_text.strip() == "café crème"
    assert any("bogus" in w for w in m.warnings)


def test_bad_base64_keeps_the_readable_part(data: Path) -> None:
    m = one(data / "mail" / "bad_base64.eml")
    assert m.body_text.startswith("Hello world")
    assert any("base64" in w for w in m.warnings)


def test_multipart_without_boundary_keeps_text(data: Path) -> None:
    m = one(data / "mail" / "malformed_mime.eml")
    assert "still readable text" in m.body_text
    assert m.warnings


def test_html_only_body_is_converted_and_kept(data: Path) -> None:
    m = one(data / "mail" / "html_only.eml")
    assert m.body_text.split() == ["Big", "sale", "today", "50%", "off"]  # no script/style text, no image URL
    assert m.body_html and "<b>sale</b>" in m.body_html
    assert m.headers["List-Unsubscribe"] == "<https://shop.example/unsub>"
    assert m.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert m.date is not None and m.date.utcoffset() is not None and m.date.isoformat().endswith("+02:00")


def test_simplelogin_original_sender_and_alias(data: Path) -> None:
    m = one(data / "mail" / "simplelogin.eml")
    assert m.sender == "deals@shop.example"
    assert m.recipients[0] == "shop.xyz@aleeas.com"
    assert m.headers["X-Simplelogin-Envelope-To"] == "shop.xyz@aleeas.com"


def test_addy_sender_recovered_from_reply_address(data: Path) -> None:
    m = one(data / "mail" / "addy.eml")
    assert m.sender == "news@seller.example"
    assert m.recipients[:2] == ["shop@alias.addy.io", "me@example.com"]


def test_a_hostile_addy_reply_address_is_read_without_hanging(no_hang: Any) -> None:
    # a long domain part with no "@" after it: the reply-address pattern backtracked quadratically (the message was
    # dropped at the time budget)
    frm = b"a+x=" + b"a." * 30_000 + b"=@y.example"
    m = no_hang(parse_mail, b"X-AnonAddy-Original-Sender: x\nFrom: " + frm + b"\n\nhi\n", source="mem", item="#1")
    assert isinstance(m, RawMessage) and m.sender == frm.decode()


def test_decode_alias_table() -> None:
    assert decode.resolve_charset("GB2312") == "gb18030"
    assert decode.resolve_charset("x-gbk") == "gb18030"
    assert decode.resolve_charset("big5") == "big5hkscs"
    assert decode.resolve_charset("uft-8") == "utf-8"
    assert decode.resolve_charset("iso-8859-8-i") == "iso8859-8"
    assert decode.resolve_charset("bogus") is None


def test_undeclared_charset_is_detected_with_confidence() -> None:
    text = "这是一封没有声明字符集的中文邮件，内容足够长以便检测编码。" * 3
    d = decode.decode_bytes(text.encode("gb18030"))
    assert d.text == text
    assert any("confidence" in w for w in d.warnings)


def _nested(depth: int) -> bytes:
    head = b"From: a@example.com\nTo: me@example.com\nSubject: deep\nMessage-ID: <deep@example.com>\n"
    body = b"Content-Type: text/plain\n\ninnermost text\n"
    for i in range(depth):
        b = b"b%d" % i
        body = (b'Content-Type: multipart/mixed; boundary="' + b + b'"\n\n--' + b + b"\n" + body + b"\n--" + b
                + b"--\n")
    return head + body


def test_hundred_deep_multipart_nesting_is_handled_fast() -> None:
    t = time.monotonic()
    m = parse_mail(_nested(100), source="mem", item="#1")
    assert time.monotonic() - t < 2
    assert isinstance(m, RawMessage)
    assert "innermost text" in m.body_text


def test_huge_header_is_handled_fast() -> None:
    to = ", ".join(f"user{i}@example.com" for i in range(100_000))
    raw = f"From: a@example.com\nTo: {to}\nSubject: many\nMessage-ID: <huge@example.com>\n\nbody\n".encode()
    t = time.monotonic()
    m = parse_mail(raw, source="mem", item="#1")
    assert time.monotonic() - t < 2
    assert isinstance(m, RawMessage)
    assert m.message_id == "<huge@example.com>"


def test_binary_junk_is_rejected_not_raised() -> None:
    junk = bytes(range(256)) * 40
    r = parse_mail(junk, source="junk.eml", item="#7")
    assert isinstance(r, (Rejected, RawMessage))
    if isinstance(r, Rejected):
        assert r.source == "junk.eml" and r.item.startswith("#7")


def test_time_budget_rejects_only_that_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def slow(*a: object, **k: object) -> None:
        time.sleep(0.3)
        raise AssertionError("the budget should have stopped this")

    monkeypatch.setattr(mailmod, "_bodies", slow)
    r = parse_mail(b"From: a@example.com\nMessage-ID: <slow@x>\n\nhi\n", source="s", item="#3", budget=0.1)
    assert isinstance(r, Rejected)
    assert "longer than" in r.reason and "<slow@x>" in r.item


def test_oversized_message_keeps_headers_and_hash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mailmod, "MAX_RAW", 10_000)
    attachment = base64.encodebytes(b"\x00" * 30_000)
    raw = (b"From: a@example.com\nTo: me@example.com\nSubject: big\nMessage-ID: <big@x>\n"
           b"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nsee attached\n"
           b"--XX\nContent-Type: application/pdf; name=scan.pdf\nContent-Transfer-Encoding: base64\n\n"
           + attachment + b"--XX--\n")
    m = parse_mail(raw, source="s", item="#1")
    assert isinstance(m, RawMessage)
    assert m.raw_truncated and m.raw_sha256 == hashlib.sha256(raw).hexdigest()
    assert m.raw.startswith(b"From: a@example.com") and len(m.raw) < 1000  # the header block only
    assert m.subject == "big"
    assert "scan.pdf (application/pdf" in m.headers["X-Privatrack-Attachments"]  # attachment kept as metadata


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_fuzz_raw_bytes_never_raise(raw: bytes) -> None:
    r = parse_mail(raw, source="fuzz", item="#1")
    assert isinstance(r, (RawMessage, Rejected))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([b"From: a@b.c\n", b"Content-Type: multipart/mixed; boundary=q\n",
                                 b"\n", b"--q\n", b"--q--\n", b"Content-Transfer-Encoding: base64\n",
                                 b"=?utf-8?b?5pyx?=\n", b"Subject: =?gb2312?q?=D6=EC?=\n", b"\xff\xfe junk\n",
                                 b"Content-Type: text/plain; charset*=utf-8''%E6%9C%B1\n"]), max_size=40))
def test_fuzz_structured_mime_never_raises(lines: list[bytes]) -> None:
    r = parse_mail(b"".join(lines), source="fuzz", item="#1")
    assert isinstance(r, (RawMessage, Rejected))


H = b"From: a@example.com\nTo: me@example.com\nSubject: s\nMessage-ID: <h@x>\n"
HOSTILE: dict[str, tuple[bytes, str | None]] = {
    # name: (raw message, text the body must contain, or None when only "record or quarantine" is required)
    "charset=bogus": (H + b"Content-Type: text/plain; charset=bogus\n\nplain words\n", "plain words"),
    "uft-8": (H + b"Content-Type: text/plain; charset=uft-8\n\ncaf\xc3\xa9\n", "café"),
    "iso-8859-8-i": (H + b"Content-Type: text/plain; charset=iso-8859-8-i\n\n\xf9\xec\xe5\xed\n", "שלום"),
    "rfc2231 charset*": (H + b"Content-Type: text/plain; charset*=utf-8''gb2312\n\n\xd6\xec\n", None),
    "8bit undeclared utf-8": (H + b"Content-Transfer-Encoding: 8bit\n\n\xe4\xbd\xa0\xe5\xa5\xbd\n", "你好"),
    "8bit undeclared gbk": (H + "\n朱镕基同志在会上讲话，会议讨论了经济工作。\n".encode("gb18030"), "朱镕基"),
    "gbk subject 8bit": (b"From: a@x.com\nSubject: " + "订单已发货".encode("gb18030") + b"\n\nbody\n", None),
    "gb2312 encoded-word": (b"From: a@x.com\nSubject: =?gb2312?B?" + base64.b64encode("镕".encode("gb18030"))
                            + b"?=\n\nx\n", None),
    "truncated multipart": (H + b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\n"
                            b"cut here", "cut here"),
    "missing boundary param": (H + b"Content-Type: multipart/alternative\n\nfree text\n", "free text"),
    "boundary never used": (H + b"Content-Type: multipart/mixed; boundary=nope\n\njust text\n", None),
    "bad base64": (H + b"Content-Transfer-Encoding: base64\n\n%%%%bm90IHZhbGlk****\n", None),
    "bad quoted-printable": (H + b"Content-Transfer-Encoding: quoted-printable\n\nsoft=\nbreak =ZZ bad\n", "soft"),
    "unknown CTE": (H + b"Content-Transfer-Encoding: x-uuencode-2000\n\nsome text\n", "some text"),
    "no headers at all": (b"\n\nbody only\n", None),
    "header without colon": (b"This is not a header\nFrom: a@x.com\n\nbody\n", None),
    "nul bytes": (H + b"\nbefore\x00after\n", None),
    "crlf line ends": (H.replace(b"\n", b"\r\n") + b"\r\nwindows text\r\n", "windows text"),
    "only cr": (H.replace(b"\n", b"\r") + b"\rold mac\r", None),
    "bad date": (H + b"Date: 32 Foo 99999 99:99:99 +9999\n\nx\n", None),
    "date without zone": (H + b"Date: Mon, 01 Jan 2024 10:00:00 -0000\n\nx\n", None),
    "giant subject": (b"From: a@x.com\nSubject: " + b"=?utf-8?q?a?= " * 20000 + b"\n\nx\n", None),
    "deep message/rfc822": (H + b"Content-Type: message/rfc822\n\n" + b"Content-Type: message/rfc822\n\n" * 50
                            + b"From: inner@x\n\ninner text\n", None),
    "html with broken markup": (H + b"Content-Type: text/html\n\n<p>unclosed <b>bold <script>x", "unclosed"),
    "empty html": (H + b"Content-Type: text/html\n\n", None),
    "attachment only": (H + b"Content-Type: application/pdf; name=a.pdf\nContent-Transfer-Encoding: base64\n\n"
                        b"JVBERi0=\n", None),
    "utf-7": (H + b"Content-Type: text/plain; charset=utf-7\n\nHi +ZeVnLIqe-\n", "Hi 日本語"),
    "many parts": (H + b"Content-Type: multipart/mixed; boundary=p\n\n" + b"--p\nContent-Type: text/plain\n\nq\n" * 3000
                   + b"--p--\n", None),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_mail_yields_a_record_or_quarantine_fast(name: str) -> None:
    raw, expected = HOSTILE[name]
    t = time.monotonic()
    r = parse_mail(raw, source="hostile", item=f"#{name}")
    assert time.monotonic() - t < 2
    assert isinstance(r, (RawMessage, Rejected))
    if expected is not None:
        assert isinstance(r, RawMessage), r
        assert expected in r.body_text, (r.body_text, r.warnings)


def test_headerless_mime_body_is_kept_junk_is_not() -> None:
    body = (b"\n------=_Part_1\nContent-Type: text/html;charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            b"<p>Paczka czeka w Paczkomacie</p>\n------=_Part_1--\n")
    m = parse_mail(body, source="s", item="#1")
    assert isinstance(m, RawMessage) and m.body_text == "Paczka czeka w Paczkomacie"
    assert any("body-only" in w for w in m.warnings)
    junk = parse_mail(bytes(range(256)) * 40, source="s", item="#2")
    assert isinstance(junk, Rejected) and "no header" in junk.reason


def test_html_with_control_characters_is_converted() -> None:
    raw = H + b"Content-Type: text/html; charset=utf-8\n\n<p>hello\x00 \x07world</p>\n"
    m = parse_mail(raw, source="s", item="#1")
    assert isinstance(m, RawMessage) and m.body_text.split() == ["hello", "world"]


SIMPLIFIED = "尊敬的 李女士：您于2026年01月10日成功购买了G1373次列车的车票，票款共计553.0元。"


@pytest.mark.parametrize("charset,text", [("GBK", SIMPLIFIED), ("GB2312", SIMPLIFIED), ("gb18030", SIMPLIFIED),
                                          ("Big5", "親愛的會員您好：您訂購的商品已出貨，運費共計60元。")])
def test_html_that_declares_its_charset_in_a_meta_tag_is_decoded_once(charset: str, text: str) -> None:
    # Chinese mail is often HTML only, its charset given twice: by MIME and by <meta>. The MIME charset decodes it;
    # the page's own declaration must not decode the text a second time (that gave "灏婃暚鐨" for "尊敬的")
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f"<body><p>{text}</p><p>客服中心</p></body></html>")
    raw = H + (f"Content-Type: text/html; charset={charset}\nContent-Transfer-Encoding: base64\n\n").encode() + (
        base64.encodebytes(page.encode(charset)))
    m = parse_mail(raw, source="s", item="#1")
    assert isinstance(m, RawMessage)
    assert m.body_text.splitlines() == [text, "客服中心"], m.body_text


def test_html_whose_meta_tag_names_another_charset_than_mime_keeps_the_mime_one() -> None:
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße aus Köln — 你好</p></body></html>'
    raw = H + b"Content-Type: text/html; charset=utf-8\n\n" + page.encode("utf-8")
    m = parse_mail(raw, source="s", item="#1")
    assert isinstance(m, RawMessage) and m.body_text == "Grüße aus Köln — 你好"
