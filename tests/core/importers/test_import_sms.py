"""SMS imports (P16, P17): SMS Backup & Restore XML, CSV layouts, iPhone chat.db; XML attacks refused."""

from __future__ import annotations

import datetime as dt
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privatrack.core.importers import detect_format, iter_items
from privatrack.core.importers.imessage import APPLE_EPOCH, typedstream_text
from privatrack.core.models import RawMessage, Rejected


def items(path: Path, fmt: str = "auto") -> list[RawMessage | Rejected]:
    return list(iter_items(path, fmt))


def test_backup_sms_and_mms_text(data: Path) -> None:
    got = items(data / "sms" / "backup.xml")
    assert all(isinstance(i, RawMessage) for i in got)
    msgs = [i for i in got if isinstance(i, RawMessage)]
    assert len(msgs) == 6
    jd = msgs[0]
    assert (jd.channel, jd.direction, jd.sender) == ("sms", "in", "10690000123")
    assert jd.body_text == "【京东】会员日全场5折，详情 jd.com 回T退订"
    assert jd.date == dt.datetime(2023, 8, 1, 0, 0, tzinfo=dt.UTC)
    assert jd.headers["sub_id"] == "1"
    out = msgs[1]
    assert out.direction == "out" and out.sender is None and out.recipients == ["+8613800138000"]
    assert out.body_text == "ok, see you\ntomorrow"
    mms = msgs[3]
    assert mms.body_text == "Photo from the party"  # SMIL and image parts skipped
    assert mms.sender == "+8613900139000" and mms.recipients == ["+8613700137000"]
    assert mms.message_id == "mms-001@carrier"
    assert b"<mms" in mms.raw


def test_surrogate_pair_reference_becomes_the_emoji(data: Path) -> None:
    msg = items(data / "sms" / "backup.xml")[2]
    assert isinstance(msg, RawMessage)
    assert msg.body_text == "hey \U0001F609"
    assert not msg.warnings


def test_lone_surrogate_becomes_replacement_char_with_warning(data: Path) -> None:
    got = items(data / "sms" / "lone_surrogate.xml")
    assert [type(i) for i in got] == [RawMessage] * 3
    first, second, third = got
    assert isinstance(first, RawMessage) and first.body_text == "broken \ufffd half"
    assert any("surrogate" in w for w in first.warnings)
    assert isinstance(second, RawMessage) and second.body_text == "hex pair \U0001F609 ok"
    assert isinstance(third, RawMessage) and third.body_text == "after the damage"


def test_truncated_backup_keeps_what_precedes_the_damage(data: Path) -> None:
    got = items(data / "sms" / "truncated.xml")
    assert [getattr(i, "body_text", None) for i in got[:3]] == ["first", "second", "third"]
    assert len(got) == 4 and isinstance(got[3], Rejected)
    assert got[3].source.endswith("truncated.xml") and "truncated" in got[3].reason


class _Audit:
    """Records file opens and socket use while armed (audit hooks cannot be removed, so it is installed once)."""

    events: list[tuple[str, str]] = []
    armed = False
    installed = False

    @classmethod
    def hook(cls, event: str, args: tuple[object, ...]) -> None:
        if cls.armed and (event == "open" or event.startswith("socket.")):
            cls.events.append((event, str(args[0]) if args else ""))

    @classmethod
    def install(cls) -> None:
        if not cls.installed:
            sys.addaudithook(cls.hook)
            cls.installed = True


def _quadratic(path: Path) -> Path:
    entity = "x" * 50_000
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY a "{entity}">]>\n<smses>'
        + '<sms address="1" date="1" type="1" body="' + "&a;" * 20_000 + '" /></smses>\n'
    )
    return path


@pytest.mark.parametrize(
    ("name", "exc"),
    [
        ("billion_laughs.xml", "EntitiesForbidden"),
        ("external_entity.xml", "ExternalReferenceForbidden"),
        ("dtd_fetch.xml", "DTDForbidden"),
        ("quadratic", "EntitiesForbidden"),
    ],
)
def test_xml_attacks_are_refused_fast_without_io(data: Path, tmp_path: Path, name: str, exc: str) -> None:
    path = _quadratic(tmp_path / "quadratic.xml") if name == "quadratic" else data / "sms" / name
    list(iter_items(data / "sms" / "backup.xml"))  # warm imports so only the attack's own I/O is audited
    _Audit.install()
    _Audit.events.clear()
    _Audit.armed = True
    t = time.monotonic()
    try:
        got = items(path)
    finally:
        _Audit.armed = False
    assert time.monotonic() - t < 1.0
    assert len(got) == 1 and isinstance(got[0], Rejected)
    assert got[0].source == str(path) and exc in got[0].reason and "refused" in got[0].reason
    others = [e for e in _Audit.events if not (e[0] == "open" and e[1] == str(path))]
    assert others == [], others  # no /etc/passwd, no DTD download, no socket


def test_xml_attacks_refused_under_memory_limit(data: Path) -> None:
    """RLIMIT_AS=512 MB and a 5 s timeout, in a fresh process (P16)."""
    script = (
        "import sys\nfrom privatrack.core.importers import iter_items\n"
        "for p in sys.argv[1:]:\n"
        "    r = list(iter_items(p))\n"
        "    assert len(r) == 1 and type(r[0]).__name__ == 'Rejected', r\n"
        "print('ok')\n"
    )

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))

    paths = [str(data / "sms" / n) for n in ("billion_laughs.xml", "external_entity.xml", "dtd_fetch.xml")]
    out = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, timeout=30,
                         preexec_fn=limit)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_binary_junk_xml_is_rejected(tmp_path: Path) -> None:
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<smses>" + os.urandom(5000))
    got = items(junk, "sms-xml")
    assert got and isinstance(got[-1], Rejected) and got[-1].source == str(junk)


def test_calls_backup_is_named_not_imported(tmp_path: Path) -> None:
    p = tmp_path / "calls-1.xml"
    p.write_text('<?xml version="1.0"?>\n<calls count="1"><call number="1" duration="3" date="1" type="1" /></calls>')
    got = items(p)
    assert len(got) == 1 and isinstance(got[0], Rejected) and "call log" in got[0].reason


def _sms_xml(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n")
        line = ('<sms protocol="0" address="+86138%08d" date="%d" type="1" subject="null" body="【店铺】第%d条 '
                'marketing text &#55357;&#56841; with some padding to look like a real message body 回T退订" '
                'toa="null" sc_toa="null" service_center="null" read="1" status="-1" locked="0" />\n')
        for i in range(n):
            fh.write(line % (i % 10**8, 1600000000000 + i, i))
        fh.write("</smses>\n")


@pytest.mark.slow
def test_100mb_backup_streams_under_300mb_rss(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    _sms_xml(path, 400_000)
    assert path.stat().st_size > 100e6
    script = (
        "import resource, sys\nfrom privatrack.core.importers import iter_items\n"
        "n = sum(1 for m in iter_items(sys.argv[1]) if type(m).__name__ == 'RawMessage')\n"
        "# VmHWM is this process's own peak (ru_maxrss would inherit pytest's at exec); children counted apart.\n"
        "hwm = int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))) // 1024\n"
        "print(n, max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    n, rss = map(int, out.stdout.split())
    assert n == 400_000
    assert rss < 300, f"peak RSS {rss} MB"


# -- CSV -------------------------------------------------------------------------------------------------
def test_csv_sbr_like_layout(data: Path) -> None:
    got = items(data / "csv" / "sbr_like.csv")
    assert [type(i) for i in got] == [RawMessage, RawMessage]
    a, b = got
    assert isinstance(a, RawMessage) and isinstance(b, RawMessage)
    assert a.sender == "10690000123" and a.body_text == "【京东】会员日全场5折, 回T退订"
    assert a.date == dt.datetime(2023, 8, 1, tzinfo=dt.UTC)
    assert b.direction == "out" and b.body_text == "ok, see you\ntomorrow"


def test_csv_address_date_body(data: Path) -> None:
    a, b = items(data / "csv" / "simple.csv")
    assert isinstance(a, RawMessage) and a.date is not None and a.date.isoformat() == "2023-08-01T10:00:00+08:00"
    assert isinstance(b, RawMessage) and b.sender == "95588" and b.body_text == "您的验证码为123456"
    assert b.date == dt.datetime.fromtimestamp(1690866000, dt.UTC)


def test_csv_chinese_header_gbk_encoded(data: Path) -> None:
    assert detect_format(data / "csv" / "chinese_gbk.csv") == "sms-csv"
    a, b = items(data / "csv" / "chinese_gbk.csv")
    assert isinstance(a, RawMessage) and isinstance(b, RawMessage)
    assert a.body_text == "【京东】会员日全场5折 回T退订" and a.direction == "in" and a.sender == "10690000123"
    assert b.body_text == "好的，明天见" and b.direction == "out" and b.recipients == ["+8613800138000"]
    assert a.date is not None and a.date.replace(tzinfo=None) == dt.datetime(2023, 8, 1, 8, 0)
    assert any("local time" in w for w in a.warnings)


def test_csv_without_known_columns_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("a,b,c,d\n1,2,3,4\n")
    got = items(p)
    assert len(got) == 1 and isinstance(got[0], Rejected) and "header" in got[0].reason


def test_csv_bad_row_does_not_stop_the_file(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_bytes(b"address,date,body\n+8613800138000,1690866000,ok\n95588,1690866001,\"bad\x00row\"\n1,1690866002,fine\n")
    got = items(p)
    assert [getattr(i, "body_text", None) for i in got if isinstance(i, RawMessage)][0] == "ok"
    assert any(getattr(i, "body_text", None) == "fine" for i in got)


# -- chat.db ------------------------------------------------------------------------------------------
def _typedstream(text: str) -> bytes:
    data = text.encode()
    n = bytes([len(data)]) if len(data) < 0x80 else b"\x81" + len(data).to_bytes(2, "little")
    return b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00\x84\x84\x08NSObject" \
           b"\x00\x85\x92\x84\x84\x84\x08NSString\x01\x94\x84\x01+" + n + data + b"\x86\x84\x02iI\x01"


def _chat_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE handle (ROWID INTEGER PRIMARY KEY, id TEXT NOT NULL, country TEXT, service TEXT);"
        "CREATE TABLE message (ROWID INTEGER PRIMARY KEY, guid TEXT UNIQUE NOT NULL, text TEXT, handle_id INTEGER,"
        " subject TEXT, attributedBody BLOB, service TEXT, account TEXT, date INTEGER, is_from_me INTEGER,"
        " destination_caller_id TEXT);"
    )
    conn.execute("INSERT INTO handle VALUES (1, '+8610690000123', 'cn', 'SMS'), "
                 "(2, 'friend@icloud.com', 'us', 'iMessage')")
    ns = (1_690_848_000 - APPLE_EPOCH) * 10**9
    conn.execute("INSERT INTO message VALUES (1, 'G1', '【京东】会员日 回T退订', 1, NULL, NULL, 'SMS', "
                 "'p:+8613800138000', ?, 0, '+8613800138000')", [ns])
    conn.execute("INSERT INTO message VALUES (2, 'G2', NULL, 2, NULL, ?, 'iMessage', 'e:me@icloud.com', ?, 0,"
                 " 'me@icloud.com')", [_typedstream("only in attributedBody 😉"), ns + 10**9])
    conn.execute("INSERT INTO message VALUES (3, 'G3', 'reply', 2, NULL, NULL, 'iMessage', 'e:me@icloud.com', ?, 1,"
                 " 'me@icloud.com')", [ns + 2 * 10**9])
    conn.commit()
    conn.close()


def test_chat_db_read_only_with_apple_epoch_and_typedstream(tmp_path: Path) -> None:
    db = tmp_path / "chat.db"
    _chat_db(db)
    os.chmod(db, 0o444)
    before = db.read_bytes()
    assert detect_format(db) == "imessage"
    got = items(db)
    assert [type(i) for i in got] == [RawMessage] * 3
    a, b, c = got
    assert isinstance(a, RawMessage) and isinstance(b, RawMessage) and isinstance(c, RawMessage)
    assert a.date == dt.datetime(2023, 8, 1, tzinfo=dt.UTC)
    assert a.sender == "+8610690000123" and a.recipients == ["+8613800138000"] and a.body_text.startswith("【京东】")
    assert b.body_text == "only in attributedBody 😉" and b.sender == "friend@icloud.com"
    assert b.recipients == ["me@icloud.com"]
    assert c.direction == "out" and c.recipients == ["friend@icloud.com"]
    assert db.read_bytes() == before
    assert not (tmp_path / "chat.db-wal").exists() and not (tmp_path / "chat.db-journal").exists()


def test_typedstream_long_string() -> None:
    text = "x" * 300
    assert typedstream_text(_typedstream(text)) == text


def test_parsing_in_a_child_process_gives_the_same_items(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import privatrack.core.importers as imp

    monkeypatch.setattr(imp, "_CHILD_MIN_BYTES", 0)
    for name in ("backup.xml", "truncated.xml"):
        here = items(data / "sms" / name)
        there = list(iter_items(data / "sms" / name, workers=1))
        assert [(type(i), getattr(i, "body_text", None), getattr(i, "reason", None)) for i in there] == \
            [(type(i), getattr(i, "body_text", None), getattr(i, "reason", None)) for i in here]


def test_expat_version_check_logs_when_old(caplog: pytest.LogCaptureFixture) -> None:
    from privatrack.core.importers.sms_xml import check_expat

    assert check_expat((0, 0, 0)) is True
    with caplog.at_level("WARNING"):
        assert check_expat((99, 0, 0)) is False
    assert "expat" in caplog.text


def test_doctype_hidden_behind_a_comment_is_still_refused(tmp_path: Path) -> None:
    p = tmp_path / "sneaky.xml"
    p.write_text('<?xml version="1.0"?>\n<!-- <smses --><!DOCTYPE smses [<!ENTITY a "aaaa">]>\n'
                 '<smses><sms address="1" date="1" type="1" body="&a;" /></smses>\n')
    got = items(p)
    assert len(got) == 1 and isinstance(got[0], Rejected) and "EntitiesForbidden" in got[0].reason


@pytest.mark.parametrize(("doctype", "exc"), [
    (b"<!ENTITY" * 100_000, "EntitiesForbidden"),
    (b"<!ENTITY" + b" " * 500_000, "EntitiesForbidden"),
    (b"<!ENTITY" * 100_000 + b' x SYSTEM "file:///etc/passwd">', "ExternalReferenceForbidden"),
])
def test_a_hostile_doctype_is_refused_without_hanging(tmp_path: Path, doctype: bytes, exc: str, no_hang: Any) -> None:
    # each "<!ENTITY" was rescanned to the end for SYSTEM, and a run of blanks split two ways (both quadratic)
    p = tmp_path / "hostile.xml"
    p.write_bytes(b'<?xml version="1.0"?>\n<!DOCTYPE smses [' + doctype)
    got = no_hang(items, p)
    assert len(got) == 1 and isinstance(got[0], Rejected) and exc in got[0].reason, got


_XML_PIECES = [b"<?xml version='1.0' encoding='UTF-8'?>\n", b"<smses count='2'>", b"</smses>",
               b'<sms address="+8613800138000" date="1690855200000" type="1" body="hi &#55357;&#56841;" />',
               b'<sms address="null" date="x" type="9" body="&#55357;" />', b"<mms msg_box='1'><parts>",
               b"<part seq='0' ct='text/plain' text='t' />", b"</parts></mms>", b"&#1;", b"\x00", b"\xff\xfe",
               b"<!-- c -->", b"<sms ", b'body="', b"&#xD83D;", b"&#xDE09;", b"&amp;", b"<", b">"]
_CSV_PIECES = ["address,date,body\n", "号码,时间,内容,类型\n", "+8613800138000,1690855200000,hello\n", '"a,b",', '"\n',
               "x,2023-13-45 99:99,bad date\n", "95588,1690866000,验证码\n", "\x00", ",,,,\n", "接收", "\r\n"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_XML_PIECES), max_size=30))
def test_fuzz_sms_xml_never_breaks_the_importer(tmp_path: Path, pieces: list[bytes]) -> None:
    p = tmp_path / "f.xml"
    p.write_bytes(b"".join(pieces))
    for item in iter_items(p, "sms-xml"):
        assert isinstance(item, (RawMessage, Rejected))
        if isinstance(item, Rejected):
            assert "import of this source stopped" not in item.reason, item.reason


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_CSV_PIECES), max_size=30), st.sampled_from(["utf-8", "gb18030"]))
def test_fuzz_sms_csv_never_breaks_the_importer(tmp_path: Path, pieces: list[str], enc: str) -> None:
    p = tmp_path / "f.csv"
    p.write_bytes("".join(pieces).encode(enc))
    for item in iter_items(p, "sms-csv"):
        assert isinstance(item, (RawMessage, Rejected))
        if isinstance(item, Rejected):
            assert "import of this source stopped" not in item.reason, item.reason


def test_chat_db_messages_still_in_the_wal_are_read(tmp_path: Path) -> None:
    """A copied Messages database usually has its newest messages only in chat.db-wal."""
    db = tmp_path / "chat.db"
    _chat_db(db)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO message VALUES (4, 'G4', 'newest, only in the WAL', 1, NULL, NULL, 'SMS', "
                 "'p:+8613800138000', ?, 0, '+8613800138000')", [(1_690_848_100 - APPLE_EPOCH) * 10**9])
    conn.commit()
    copy = tmp_path / "export"
    copy.mkdir()
    for suffix in ("", "-wal"):
        (copy / f"chat.db{suffix}").write_bytes((tmp_path / f"chat.db{suffix}").read_bytes())
    conn.close()
    before = (copy / "chat.db").read_bytes(), (copy / "chat.db-wal").read_bytes()
    got = [i for i in items(copy / "chat.db") if isinstance(i, RawMessage)]
    assert "newest, only in the WAL" in [m.body_text for m in got]
    assert ((copy / "chat.db").read_bytes(), (copy / "chat.db-wal").read_bytes()) == before


def test_contact_name_placeholder_is_no_name(tmp_path: Path) -> None:
    xml = ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"2\">\n"
           '<sms address="10690000123" date="1690848000000" type="1" body="a" contact_name="(Unknown)" />\n'
           '<sms address="13800138000" date="1690848000001" type="1" body="b" contact_name="Mum" />\n</smses>\n')
    (tmp_path / "b.xml").write_text(xml, "utf-8")
    got = [m for m in items(tmp_path / "b.xml") if isinstance(m, RawMessage)]
    assert [m.sender_name for m in got] == [None, "Mum"]  # FORMATS.md: "(Unknown)" means not in contacts


def test_csv_without_header_label_and_text(tmp_path: Path) -> None:
    # "label,text" with no header row (public labelled SMS lists): the label is no sender, a text may hold commas
    p = tmp_path / "labelled.csv"
    p.write_text("0,好的，明天见\n1,【华联】会员日全场8折,满200减30,回T退订\n", encoding="utf-8")
    a, b = items(p)
    assert isinstance(a, RawMessage) and isinstance(b, RawMessage)
    assert a.body_text == "好的，明天见" and a.sender is None
    assert b.body_text == "【华联】会员日全场8折,满200减30,回T退订" and b.sender is None


def test_labelled_tab_separated_sms_list_is_detected_without_an_extension(tmp_path: Path) -> None:
    # The SMS Spam Collection layout: "ham<TAB>text" per line, no header, texts with commas and stray quotes.
    p = tmp_path / "SMSList"
    p.write_text('ham\tGo until the point, crazy.. Available only in town\nspam\tFREE entry: txt WIN to 80086\n'
                 'ham\t"Hey" she said, "see you at 5"\nham\tOk lar...\n', encoding="utf-8")
    assert detect_format(p) == "sms-csv"
    got = items(p)
    assert [getattr(m, "body_text", None) for m in got] == [
        "Go until the point, crazy.. Available only in town", "FREE entry: txt WIN to 80086",
        '"Hey" she said, "see you at 5"', "Ok lar..."]
    assert all(isinstance(m, RawMessage) and m.sender is None for m in got)


def test_a_labelled_list_of_one_or_two_messages_is_detected(tmp_path: Path) -> None:
    # One held-out message per file, in the list's own layout: the whole file was read, no line is cut.
    one = tmp_path / "one.txt"
    one.write_text("spam\tSorry I missed your call let's talk when you have the time. I'm on 07090201529\n", "utf-8")
    two = tmp_path / "two"
    two.write_text("ham\tOk lar...\nspam\tFREE entry: txt WIN to 80086\n", "utf-8")
    assert detect_format(one) == detect_format(two) == "sms-csv"
    assert [getattr(m, "body_text", None) for m in items(two)] == ["Ok lar...", "FREE entry: txt WIN to 80086"]
    assert [m.item for m in items(one)] == ["row 1"]


def test_a_comma_labelled_list_is_detected_without_an_extension(tmp_path: Path) -> None:
    # The Chinese 80w layout "1,text", one message per file too; a text holding semicolons keeps them.
    one = tmp_path / "zh1"
    one.write_text("1,【京东】双11大促，全场满300减50；回TD退订\n", "utf-8")
    two = tmp_path / "zh2"
    two.write_text("0,好的;明天见\n1,【华联】会员日全场8折,满200减30,回T退订\n", "utf-8")
    assert detect_format(one) == detect_format(two) == "sms-csv"
    assert [m.body_text for m in items(one)] == ["【京东】双11大促，全场满300减50；回TD退订"]
    assert [m.body_text for m in items(two)] == ["好的;明天见", "【华联】会员日全场8折,满200减30,回T退订"]
    notes = tmp_path / "notes"
    notes.write_text("2,3 eggs\nmilk\n", "utf-8")
    assert detect_format(notes) is None


def test_label_text_header_and_yes_no_flag_columns(tmp_path: Path) -> None:
    # Mishra & Soni's layout: LABEL,TEXT,URL,EMAIL,PHONE where PHONE says whether the text holds a number.
    p = tmp_path / "Dataset.csv"
    p.write_text('LABEL,TEXT,URL,EMAIL,PHONE\nham,"Ok, see you at 5",No,No,No\n'
                 'smishing,Call 09061701461 now to claim your prize,No,No,yes\n', "utf-8")
    got = items(p)
    assert [m.body_text for m in got] == ["Ok, see you at 5", "Call 09061701461 now to claim your prize"]
    assert [m.sender for m in got] == [None, None]  # a Yes/No flag is no sender
    only_text = tmp_path / "labelled"
    only_text.write_text("LABEL,TEXT\nham,Ok lar...\n", "utf-8")
    assert detect_format(only_text) == "sms-csv"
    assert [(m.item, m.body_text) for m in items(only_text)] == [("row 2", "Ok lar...")]  # the header is no message


def test_a_plain_text_file_is_not_taken_for_an_sms_list(tmp_path: Path) -> None:
    p = tmp_path / "notes"
    p.write_text("Shopping list\nmilk, eggs\tand bread\n", encoding="utf-8")
    assert detect_format(p) is None
