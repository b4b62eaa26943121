"""Storing imports in the vault: dedupe/idempotence, recipient matching, classification, cancel/resume (P10, P18)."""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from privatrack.core import household as hh
from privatrack.core.importers import iter_items
from privatrack.core.importers.pipeline import ingest
from privatrack.core.models import Classification, RawMessage, Rejected
from privatrack.core.store import search
from privatrack.core.tasks import TaskContext


@pytest.fixture
def home(db: Any) -> Any:
    hh.add_person(db, "Me")
    hh.add_detail(db, "Me", "email", "me@example.com")
    hh.add_detail(db, "Me", "email", "shop.xyz@aleeas.com")
    hh.add_detail(db, "Me", "email", "me@mydomain.example")
    hh.add_detail(db, "Me", "phone", "+8613800138001")
    hh.set_setting(db, "catchall_domains", "mydomain.example, other.example")
    return db


def rows(db: Any, sql: str, args: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in db.execute(sql, args or []).fetchall()]


def test_mail_import_stores_original_bytes_and_fields_and_is_idempotent(home: Any, data: Path) -> None:
    report = ingest(home, iter_items(data / "mail"))
    n = len(list((data / "mail").glob("*.eml")))
    assert (report.imported, report.already_present, report.rejected) == (n, 0, [])
    again = ingest(home, iter_items(data / "mail"))
    assert (again.imported, again.already_present) == (0, n)
    assert rows(home, "SELECT count(*) FROM messages") == [(n,)]
    f = data / "mail" / "gb2312.eml"
    (sha, subject, body, date, date_ts, raw, storage, channel) = rows(
        home, "SELECT m.sha256, m.subject, m.body_text, m.date, m.date_ts, r.data, r.storage, m.channel "
        "FROM messages m JOIN raw_messages r ON r.id = m.raw_id WHERE m.message_id = '<gb2312-1@example.cn>'")[0]
    assert zlib.decompress(raw) == f.read_bytes() and storage == "zlib" and channel == "email"
    assert sha == hashlib.sha256(f.read_bytes()).hexdigest()
    assert subject == "朱镕基访问" and body.strip() == "朱镕基"
    assert date == "2023-08-01T10:00:00+08:00" and date_ts == 1690855200.0
    html = rows(home, "SELECT has_html, headers FROM messages WHERE message_id = '<html-1@shop.example>'")[0]
    assert html[0] == 1 and json.loads(html[1])["List-Unsubscribe"] == "<https://shop.example/unsub>"
    # full-text search over the imported text
    expr = search.term_expression("朱镕基")
    assert home.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", [expr]).fetchone() == (1,)


def test_recipient_matching_plus_alias_catchall_and_alias_service(home: Any, data: Path) -> None:
    ingest(home, iter_items(data / "mail"))

    def to(mid: str) -> tuple[Any, ...]:
        return rows(home, "SELECT d.value, m.to_address, m.sender FROM messages m LEFT JOIN details d "
                    "ON d.id = m.to_detail_id WHERE m.message_id = ?", [mid])[0]

    assert to("<plus-1@store.example>") == ("me@example.com", "me+store@example.com", "news@store.example")
    assert to("<catch-1@leaky.example>") == ("me@mydomain.example", "leaky@mydomain.example", "info@leaky.example")
    assert to("<sl-1@shop.example>") == ("shop.xyz@aleeas.com", "shop.xyz@aleeas.com", "deals@shop.example")
    assert to("<gb2312-1@example.cn>") == ("me@example.com", "me@example.com", "news@example.cn")


def test_sms_to_detail_applies_to_incoming_only(home: Any, data: Path) -> None:
    report = ingest(home, iter_items(data / "sms" / "backup.xml"), to_detail="138 0013 8001")
    assert report.imported == 6
    got = rows(home, "SELECT direction, d.value, m.to_address FROM messages m LEFT JOIN details d "
               "ON d.id = m.to_detail_id ORDER BY m.date_ts")
    assert got[0] == ("in", "+8613800138001", "+8613800138001")
    assert got[1] == ("out", None, "+8613800138000")
    assert rows(home, "SELECT body_text FROM messages WHERE body_text LIKE 'hey%'") == [("hey \U0001F609",)]
    again = ingest(home, iter_items(data / "sms" / "backup.xml"), to_detail="+8613800138001")
    assert (again.imported, again.already_present) == (0, 6)


def test_unknown_to_detail_is_refused(home: Any, data: Path) -> None:
    with pytest.raises(hh.NotFound):
        ingest(home, iter_items(data / "sms" / "backup.xml"), to_detail="+8613999999999")


class StubClassifier:
    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        if "boom" in msg.body_text:
            raise RuntimeError("classifier bug")
        return Classification(category="marketing", merchant=None, confidence=0.75,
                              reasons=[f"to {to_detail}"], merchant_id=None)


class PidClassifier:
    """Says which process classified each message."""

    def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
        import os

        return Classification(category="personal", merchant=None, confidence=1.0, reasons=[str(os.getpid())],
                              merchant_id=None)


def test_classifier_results_are_stored_and_its_failure_is_not_fatal(home: Any) -> None:
    mid = hh.add_merchant(home, "Shop")

    class WithMerchant(StubClassifier):
        def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
            c = super().classify(msg, to_detail)
            c.merchant_id, c.merchant = mid, "Shop"
            return c

    items = [
        RawMessage(channel="email", source="t", item="#1", raw=b"a", body_text="deal", message_id="<c1@x>",
                   recipients=["me@example.com"]),
        RawMessage(channel="email", source="t", item="#2", raw=b"b", body_text="boom", message_id="<c2@x>"),
    ]
    report = ingest(home, iter(items), classifier=WithMerchant())
    assert report.imported == 2
    got = rows(home, "SELECT message_id, category, merchant_id, confidence, reasons, classified_at IS NOT NULL "
               "FROM messages ORDER BY id")
    assert got[0] == ("<c1@x>", "marketing", mid, 0.75, json.dumps(["to me@example.com"]), 1)
    assert got[1] == ("<c2@x>", None, None, None, None, 0)
    assert any("classifier bug" in w for w in report.warnings)


def test_rejects_are_recorded_and_a_bad_row_does_not_cost_the_batch(home: Any) -> None:
    items: list[RawMessage | Rejected] = [
        RawMessage(channel="email", source="t", item="#1", raw=b"one", message_id="<r1@x>"),
        Rejected("t", "#2", "unreadable"),
        RawMessage(channel="fax", source="t", item="#3", raw=b"three", message_id="<r3@x>"),  # violates CHECK
        RawMessage(channel="sms", source="t", item="#4", raw=b"four", body_text="bad \udcff bytes"),
    ]
    report = ingest(home, iter(items))
    assert report.imported == 2
    assert sorted(r.item for r in report.rejected) == ["#2", "#3"]
    assert rows(home, "SELECT item, reason FROM import_rejects ORDER BY item")[0] == ("#2", "unreadable")
    assert rows(home, "SELECT body_text FROM messages WHERE channel = 'sms'") == [("bad \ufffd bytes",)]


def _numbered(n: int) -> Iterator[RawMessage]:
    for i in range(n):
        yield RawMessage(channel="email", source="gen", item=f"#{i}", raw=b"msg %d" % i, message_id=f"<n{i}@x>")


def test_cancel_keeps_committed_batches_and_rerun_imports_exactly_the_rest(home: Any) -> None:
    ctx = TaskContext()

    def cancelling() -> Iterator[RawMessage]:
        for i, m in enumerate(_numbered(1000)):
            if i == 250:
                ctx.cancel()
            yield m

    first = ingest(home, cancelling(), ctx, batch_size=100)
    assert first.cancelled and first.imported == 300  # the batch in flight when cancel came is committed whole
    assert ctx.latest().done == 300
    second = ingest(home, _numbered(1000), TaskContext(), batch_size=100)
    assert (second.imported, second.already_present, second.cancelled) == (700, 300, False)
    assert rows(home, "SELECT count(*), count(DISTINCT message_id) FROM messages") == [(1000, 1000)]


def test_in_transaction_hook_runs_inside_each_batch(home: Any) -> None:
    seen: list[tuple[bool, int]] = []

    def hook(db: Any, batch: Any) -> None:
        seen.append((db.conn.in_transaction, len(batch)))

    ingest(home, _numbered(250), batch_size=100, in_transaction=hook)
    assert seen == [(True, 100), (True, 100), (True, 50)]

    def failing(db: Any, batch: Any) -> None:
        raise RuntimeError("state update failed")

    with pytest.raises(RuntimeError):
        ingest(home, (RawMessage(channel="email", source="g", item="x", raw=b"x", message_id="<hook@x>"),),
               in_transaction=failing)
    assert rows(home, "SELECT count(*) FROM messages WHERE message_id = '<hook@x>'") == [(0,)]


def test_oversized_message_is_stored_as_metadata_only(home: Any) -> None:
    m = RawMessage(channel="email", source="t", item="#1", raw=b"From: a@b.c\n\n", message_id="<big@x>",
                   raw_truncated=True, raw_sha256="ab" * 32)
    ingest(home, iter([m]))
    assert rows(home, "SELECT r.storage, r.sha256, m.sha256 FROM raw_messages r JOIN messages m ON m.raw_id = r.id") \
        == [("metadata_only", "ab" * 32, "ab" * 32)]


def test_database_failure_on_one_row_is_retried_row_by_row(home: Any) -> None:
    home.execute("CREATE TEMP TRIGGER poison BEFORE INSERT ON messages WHEN new.subject = 'poison' "
                 "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END")
    items = [RawMessage(channel="email", source="t", item=f"#{i}", raw=b"p%d" % i, message_id=f"<p{i}@x>",
                        subject="poison" if i == 3 else "fine") for i in range(6)]
    report = ingest(home, iter(items))
    assert report.imported == 5
    assert [(r.item, "poisoned row" in r.reason) for r in report.rejected] == [("#3", True)]
    assert rows(home, "SELECT count(*) FROM messages WHERE subject = 'fine'") == [(5,)]


def test_worker_processes_give_the_same_rows(home: Any, data: Path) -> None:
    report = ingest(home, iter_items(data / "mail"), classifier=StubClassifier(), workers=1, batch_size=4)
    n = len(list((data / "mail").glob("*.eml")))
    assert (report.imported, report.rejected) == (n, [])
    assert rows(home, "SELECT count(*), count(DISTINCT category) FROM messages") == [(n, 1)]
    plus = rows(home, "SELECT d.value, m.reasons FROM messages m JOIN details d ON d.id = m.to_detail_id "
                "WHERE m.message_id = '<plus-1@store.example>'")
    assert plus == [("me@example.com", json.dumps(["to me+store@example.com"]))]
    again = ingest(home, iter_items(data / "mail", workers=1), workers=1)
    assert (again.imported, again.already_present) == (0, n)


def test_reimport_does_not_classify_known_messages_again(home: Any, data: Path) -> None:
    class Counting(StubClassifier):
        calls = 0

        def classify(self, msg: RawMessage, to_detail: str | None = None) -> Classification:
            Counting.calls += 1
            return super().classify(msg, to_detail)

    first = ingest(home, iter_items(data / "sms" / "backup.xml"), classifier=Counting())
    assert first.imported == 6 and Counting.calls == 6
    again = ingest(home, iter_items(data / "sms" / "backup.xml"), classifier=Counting())
    assert (again.imported, again.already_present) == (0, 6) and Counting.calls == 6


def test_progress_reports_a_total_when_the_source_says_it(home: Any, data: Path) -> None:
    from privatrack.core.importers import estimate_count

    assert estimate_count(data / "sms" / "backup.xml") == 6
    assert estimate_count(data / "maildir") == 2
    assert estimate_count(data / "sample.mbox") is None
    ctx = TaskContext()
    ingest(home, iter_items(data / "sms" / "backup.xml"), ctx, total=6)
    assert (ctx.latest().done, ctx.latest().total) == (6, 6)


def test_reused_message_id_from_other_senders_is_kept_same_mail_is_not(home: Any) -> None:
    base = "From: {f}\nMessage-ID: <reused@spam>\nDate: {d}\nSubject: s\n\nbody {n}\n"
    a = base.format(f="a@one.example", d="Sun, 05 Feb 2023 13:52:25 -0800", n=1).encode()
    b = base.format(f="b@two.example", d="Fri, 17 Feb 2023 10:27:05 -0800", n=2).encode()
    a_crlf = a.replace(b"\n", b"\r\n")  # the same mail as another store keeps it
    from privatrack.core.importers.mail import parse_mail

    report = ingest(home, (parse_mail(x, source="t", item=f"#{i}") for i, x in enumerate((a, b, a_crlf))))
    assert (report.imported, report.already_present) == (2, 1)


def test_real_classifier_attribution_to_a_builtin_merchant_is_kept(home: Any) -> None:
    """The classifier names a built-in directory merchant (no vault id yet); the pipeline materialises it."""
    from privatrack.core.classify import Classifier

    sms = RawMessage(channel="sms", source="sms.xml", item="#1", raw=b"<sms/>", sender="10690001",
                     body_text="【京东】双11大促，全场满300减50，点击 jd.com 抢购，回TD退订")
    report = ingest(home, iter([sms]), classifier=Classifier.for_db(home), to_detail="+8613800138001")
    assert report.imported == 1
    [(category, merchant)] = rows(home, "SELECT m.category, x.name FROM messages m "
                                        "LEFT JOIN merchants x ON x.id = m.merchant_id")
    assert (category, merchant) == ("marketing", "京东")
    assert hh.find_merchant(home, "京东").source == "user"


def test_to_phone_is_never_the_recipient_of_mail(home: Any) -> None:
    mail = RawMessage(channel="email", source="m", item="#1", raw=b"x", message_id="<nomatch@x>",
                      recipients=["stranger@elsewhere.example"])
    ingest(home, iter([mail]), to_detail="+8613800138001")
    assert rows(home, "SELECT to_detail_id FROM messages") == [(None,)]


def test_reimport_with_to_fills_in_the_receiving_number(home: Any, data: Path) -> None:
    ingest(home, iter_items(data / "sms" / "backup.xml"))
    assert rows(home, "SELECT count(*) FROM messages WHERE direction = 'in' AND to_detail_id IS NOT NULL") == [(0,)]
    again = ingest(home, iter_items(data / "sms" / "backup.xml"), to_detail="+8613800138001")
    assert again.imported == 0
    got = rows(home, "SELECT direction, d.value FROM messages m LEFT JOIN details d ON d.id = m.to_detail_id")
    assert {v for d, v in got if d == "in"} == {"+8613800138001"}
    assert {v for d, v in got if d == "out"} == {None}


def test_phone_recipients_match_in_any_written_form_and_others_do_not(home: Any) -> None:
    from privatrack.core.importers.pipeline import RecipientMatcher

    m = RecipientMatcher.load(home)
    mine = m.match_one("+8613800138001")
    assert mine is not None
    for written in ("13800138001", "138 0013 8001", "+86 (138) 0013-8001", "008613800138001", "１３８００１３８００１"):
        assert m.match_one(written) == mine, written
    for other in ("13800138002", "+8613900138001", "95588", "1069012345678", "not a number"):
        assert m.match_one(other) is None, other


@pytest.mark.parametrize("accelerated", [True, False], ids=["isal", "stdlib"])
def test_originals_of_every_size_are_stored_as_plain_zlib(home: Any, accelerated: bool,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core import prepare

    if not accelerated:
        monkeypatch.setattr(prepare, "_isal_compress", None)  # a machine without the isal wheel
    elif prepare._isal_compress is None:
        pytest.fail("isal is a declared dependency but does not import")
    junk = os.urandom(70_000)
    for raw in (b"x", b"<sms body='hi'/>", bytes(range(256)) * 3, b"a" * 4096, b"b" * 4097, b"c" * 1_000_000, junk):
        assert zlib.decompress(prepare.compress(raw)) == raw  # readers use the standard library
    assert len(prepare.compress(b"<sms body='same same same same'/>" * 40)) < 200  # over 1 KiB: deflated


def test_the_real_classifier_runs_in_helper_processes_with_the_same_verdicts(home: Any, data: Path) -> None:
    from privatrack.core.classify import Classifier
    from privatrack.core.importers import pipeline

    clf = Classifier.for_db(home)
    clf.classify(next(m for m in iter_items(data / "mail") if isinstance(m, RawMessage)))  # native tables built
    pool = pipeline._pool(pipeline.Preparer(pipeline.RecipientMatcher.load(home), clf), 1)
    assert pool is not None, "the classifier must pickle, or imports classify on the writer's core"
    pool.terminate()
    import dataclasses

    mails = [m for m in iter_items(data / "mail") if isinstance(m, RawMessage)]
    # distinct copies: three batches' worth for the helpers
    items = [dataclasses.replace(m, dedupe_key=f"copy{r}-{i}") for r in range(3) for i, m in enumerate(mails)]
    ingest(home, items, classifier=clf, workers=1, batch_size=len(items) // 3)
    stored = rows(home, "SELECT dedupe_key, category, merchant_id, reasons FROM messages ORDER BY id")
    assert len(stored) == len(items)
    for (key, category, merchant_id, reasons), m in zip(stored, items, strict=True):
        c = clf.classify(m)
        assert key == m.dedupe_key and (category, merchant_id) == (c.category, c.merchant_id), key
        assert json.loads(reasons) == c.reasons, key


def test_sms_batches_are_large_and_mail_batches_stay_small_for_cancel(home: Any) -> None:
    sizes: list[int] = []
    sms = [RawMessage(channel="sms", source="s.xml", item=f"#{i}", raw=b"<sms/>%d" % i, sender="95588",
                      body_text=f"code {i}", dedupe_key=f"sms-{i}") for i in range(12_500)]
    ingest(home, sms, in_transaction=lambda _db, batch: sizes.append(len(batch)))
    assert sizes == [10_000, 2_500]
    sizes.clear()
    ingest(home, _numbered(4_500), in_transaction=lambda _db, batch: sizes.append(len(batch)))
    assert sizes == [2_000, 2_000, 500]


def test_a_known_large_import_classifies_every_batch_in_the_helpers(home: Any) -> None:
    import os

    def run(total: int | None, first: int) -> set[str]:
        items = [RawMessage(channel="sms", source="s.xml", item=f"#{i}", raw=b"<sms/>%d" % i, sender="95588",
                            body_text=f"code {i}", dedupe_key=f"pid-{first + i}") for i in range(300)]
        ingest(home, items, classifier=PidClassifier(), workers=1, batch_size=100, total=total)
        return {json.loads(r[0])[0] for r in rows(home, "SELECT reasons FROM messages WHERE dedupe_key >= ? "
                                                       "AND dedupe_key LIKE 'pid-%'", [f"pid-{first}"])}

    me = str(os.getpid())
    assert me not in run(total=300, first=1000)  # helpers from the start
    assert me in run(total=None, first=5000)  # unknown size: the first batch in this process, as before


@pytest.mark.parametrize("cores,helpers", [(1, 0), (2, 2), (16, 2)])
def test_sources_get_a_classify_helper_per_core(monkeypatch: pytest.MonkeyPatch, cores: int, helpers: int) -> None:
    from privatrack.core.importers import pipeline

    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    assert pipeline.classify_workers() == helpers


def test_an_sms_backup_is_classified_by_two_helpers_on_two_cores(home: Any, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core.importers.pipeline import import_paths

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    n = 12_000
    path = tmp_path / "backup.xml"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"{n}\">\n")
        for i in range(n):
            fh.write(f'<sms protocol="0" address="95588" date="{1690000000000 + i * 1000}" type="1" '
                     f'body="message {i}" read="1" status="-1" />\n')
        fh.write("</smses>\n")
    report = import_paths(home, [path], classifier=PidClassifier())
    assert report.imported == n and not report.rejected
    stored = rows(home, "SELECT body_text, reasons FROM messages WHERE channel = 'sms' ORDER BY id")
    assert [b for b, _ in stored] == [f"message {i}" for i in range(n)]  # every one, in order
    pids = {json.loads(r)[0] for _, r in stored}
    assert len(pids) == 2 and str(os.getpid()) not in pids, pids


def test_a_maildir_is_classified_by_two_helpers_on_two_cores(home: Any, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core.importers.pipeline import import_paths

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "Mail" / sub).mkdir(parents=True)
    n = 2_100  # more than a batch: helpers from the start
    for i in range(n):
        (tmp_path / "Mail" / "cur" / f"{i:04d}.host:2,S").write_bytes(
            f"From: shop{i}@example.com\r\nTo: me@example.com\r\nMessage-ID: <m{i}@example.com>\r\n"
            f"Subject: mail {i}\r\n\r\nbody {i}\r\n".encode())
    report = import_paths(home, [tmp_path / "Mail"], classifier=PidClassifier())
    assert report.imported == n and not report.rejected
    pids = {json.loads(r[0])[0] for r in rows(home, "SELECT reasons FROM messages WHERE channel = 'email'")}
    assert len(pids) == 2 and str(os.getpid()) not in pids, pids


def test_the_writer_hands_freed_memory_back_between_batches(home: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from privatrack.core.importers import pipeline

    calls: list[int] = []
    monkeypatch.setattr(pipeline, "_malloc_trim", lambda pad: calls.append(pad))
    monkeypatch.setattr(pipeline, "_last_trim", 0.0)
    monkeypatch.setattr(pipeline, "TRIM_EVERY", 0.0)
    ingest(home, _numbered(4_500))  # three mail batches
    assert calls == [0, 0, 0]
    calls.clear()
    monkeypatch.setattr(pipeline, "TRIM_EVERY", 3600.0)  # at most so often: none within the hour
    ingest(home, (RawMessage(channel="email", source="gen", item=f"#{i}", raw=b"other %d" % i,
                             message_id=f"<other{i}@x>") for i in range(4_500)))
    assert calls == []


def test_the_heap_trim_is_found_on_glibc() -> None:
    import platform

    from privatrack.core.importers import pipeline

    pipeline._trim_heap()
    if platform.libc_ver()[0] == "glibc":
        assert callable(pipeline._malloc_trim)
