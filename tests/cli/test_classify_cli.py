"""The CLI contract of issue 4: ``classify --json`` fields on mail and SMS files, ``correct`` and ``reclassify``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from privatrack.cli import cli

DATA = Path(__file__).resolve().parents[1] / "data" / "classify"
FIELDS = {"source", "index", "channel", "sender", "date", "message_id", "category", "merchant", "confidence",
          "reasons"}


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def jsonl(output: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in output.splitlines() if line.strip().startswith("{")]


def test_classify_json_on_mail_files_needs_no_vault(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRIVATRACK_VAULT", str(tmp_path / "absent" / "vault.db"))
    r = run("classify", "--json", str(DATA / "newsletter.eml"), str(DATA / "phishing.eml"), str(DATA / "order.eml"))
    assert r.exit_code == 0, r.output
    assert not (tmp_path / "absent").exists()
    recs = jsonl(r.output)
    assert len(recs) == 3
    for rec in recs:
        assert FIELDS <= set(rec)
        assert rec["channel"] == "email" and rec["index"] == 0
        assert 0.0 <= rec["confidence"] <= 1.0
        assert all(isinstance(x, str) and x for x in rec["reasons"])
        dt.datetime.fromisoformat(rec["date"])
    news, phish, order = recs
    assert (news["category"], news["merchant"]) == ("marketing", "Spotify")
    assert news["message_id"] == "<promo-20231114@email.spotify.com>"
    assert "List-Unsubscribe header" in news["reasons"]
    assert (phish["category"], phish["merchant"]) == ("fraud", None)
    assert (order["category"], order["merchant"]) == ("transactional", "Amazon")
    assert news["date"].startswith("2023-11-14T10:00:00")


def test_classify_json_on_sms_backup(tmp_path: Path) -> None:
    r = run("classify", "--json", "--to", "+8613900000000", str(DATA / "sms_backup.xml"))
    assert r.exit_code == 0, r.output
    recs = jsonl(r.output)
    assert [x["index"] for x in recs] == [0, 1, 2, 3, 4]
    assert all(x["channel"] == "sms" and x["message_id"] is None for x in recs)
    got = [(x["sender"], x["category"], x["merchant"]) for x in recs]
    assert got[0][1:] == ("marketing", "京东")
    assert got[1] == ("95188", "transactional", "支付宝")
    assert got[2][1:] == ("personal", None)
    assert got[3][1:] == ("fraud", None)
    assert got[4][1:] == ("marketing", None)
    assert any("look-alike domain jd-account-verify.top" in r for r in recs[3]["reasons"])
    assert "opt-out text 回TD退订" in recs[0]["reasons"]


def test_classify_reports_unreadable_files_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "notes.bin"
    bad.write_bytes(b"\x00\x01 not a message")
    r = CliRunner().invoke(cli, ["classify", "--json", str(bad), str(DATA / "order.eml")])
    assert r.exit_code == 3
    assert len(jsonl(r.stdout)) == 1
    assert "notes.bin" in r.stderr


def test_correct_and_reclassify(cli_env) -> None:  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    assert run("import", str(DATA / "sms_backup.xml"), str(DATA / "order.eml")).exit_code == 0
    msgs = jsonl(run("messages", "--json").output)
    personal = next(m for m in msgs if "吃饭" in m["excerpt"])
    r = run("correct", str(personal["id"]), "--category", "marketing", "--merchant", "美团")
    assert r.exit_code == 0, r.output
    r = run("correct", "<0100018bd.shipment@email.amazonses.com>", "--category", "marketing")
    assert r.exit_code == 0, r.output
    r = run("correct", "99999", "--category", "fraud")
    assert r.exit_code == 1 and "no message" in r.output
    r = run("reclassify", "--json")
    assert r.exit_code == 0, r.output
    summary = jsonl(r.output)[-1]
    assert summary["total"] == 6 and summary["kept_corrected"] == 2
    after = {m["id"]: m for m in jsonl(run("messages", "--json").output)}
    assert after[personal["id"]]["category"] == "marketing"
    assert after[personal["id"]]["merchant"] == "美团"
    # ... the same with a helper process classifying
    r = run("reclassify", "--json", "--jobs", "1")
    assert r.exit_code == 0, r.output
    assert jsonl(r.output)[-1] == dict(summary, changed=0)
    assert {m["id"]: m for m in jsonl(run("messages", "--json").output)} == after


def test_import_says_when_older_verdicts_remain_and_reclassify_stale_updates_them(cli_env) -> None:  # type: ignore[no-untyped-def]
    from privatrack.core.store.vault import Vault

    assert run("init").exit_code == 0
    r = run("import", str(DATA / "sms_backup.xml"))
    assert r.exit_code == 0 and "reclassify" not in r.stderr
    # as a release before the classifier column left them: verdicts of unknown origin
    v = Vault.open(cli_env["PRIVATRACK_VAULT"], cli_env["PRIVATRACK_PASSPHRASE"])
    try:
        v.db.execute("UPDATE messages SET classifier = NULL WHERE id IN (1, 2)")
    finally:
        v.lock()
    r = run("import", str(DATA / "order.eml"))
    assert r.exit_code == 0, r.output
    assert "note: 2 message(s) were classified by an older version" in r.stderr
    assert "privatrack reclassify --stale" in r.stderr
    r = run("reclassify", "--stale", "--json")
    assert r.exit_code == 0, r.output
    assert jsonl(r.output)[-1]["total"] == 2
    r = run("import", str(DATA / "order.eml"))
    assert r.exit_code == 0 and "older version" not in r.stderr


def test_a_merchant_on_free_mail_is_recognised_by_its_exact_address(cli_env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    r = run("merchant", "add", "小明超市", "--email-sender", "XiaoMing.Shop@QQ.com")
    assert r.exit_code == 0, r.output
    [rec] = jsonl(run("merchant", "show", "小明超市", "--json").output)
    assert rec["email_senders"] == ["xiaoming.shop@qq.com"]
    assert "e-mail senders: xiaoming.shop@qq.com" in run("merchant", "show", "小明超市").output
    for name, frm in (("shop.eml", "xiaoming.shop@qq.com"), ("friend.eml", "li.wei@qq.com")):
        (tmp_path / name).write_bytes(
            f"From: {frm}\r\nTo: me@example.com\r\nSubject: 周末特价\r\nMessage-ID: <{name}@qq.com>\r\n"
            "Date: Tue, 14 Nov 2023 10:00:00 +0800\r\n\r\n鸡蛋特价，欢迎光临\r\n".encode())
    assert run("import", str(tmp_path / "shop.eml"), str(tmp_path / "friend.eml")).exit_code == 0
    by_sender = {m["sender"]: m for m in jsonl(run("messages", "--json").output)}
    assert by_sender["xiaoming.shop@qq.com"]["merchant"] == "小明超市"
    assert by_sender["li.wei@qq.com"]["merchant"] is None  # the same provider, someone else
    assert run("merchant", "add", "Bad", "--email-sender", "not-an-address").exit_code == 1
    r = run("merchant", "add", "PayPal", "--email-sender", "paypal@gmail.com")  # a built-in brand: never
    assert r.exit_code == 1 and "built-in merchant" in r.output


def test_classify_with_helpers_prints_what_in_process_classification_prints(tmp_path: Path) -> None:
    # the same file twice ("index" starts again at 0 for each path), a folder of mails, and an unreadable file
    junk = tmp_path / "junk.xml"
    junk.write_bytes(b"<smses><sms body='x' date='1'")
    paths = [str(DATA / "sms_backup.xml"), str(DATA), str(DATA / "sms_backup.xml"), str(junk)]
    here = CliRunner().invoke(cli, ["classify", "--json", "--jobs", "0", *paths], catch_exceptions=False)
    helped = CliRunner().invoke(cli, ["classify", "--json", "--jobs", "1", *paths], catch_exceptions=False)
    assert here.exit_code == helped.exit_code == 3
    assert helped.stdout == here.stdout
    recs = jsonl(helped.stdout)
    assert [r["index"] for r in recs if r["source"].endswith("sms_backup.xml")] == [0, 1, 2, 3, 4] * 3
    assert len(recs) == 18
    assert "junk.xml" in helped.stderr


def test_classify_json_on_an_output_that_cannot_encode_chinese_writes_escapes() -> None:
    # PYTHONIOENCODING=ascii, or a console in a legacy code page: valid JSON that reads back the same
    r = CliRunner(charset="ascii").invoke(cli, ["classify", "--json", str(DATA / "sms_backup.xml")],
                                          catch_exceptions=False)
    assert r.exit_code == 0, r.output
    recs = jsonl(r.stdout)
    assert len(recs) == 5 and recs[0]["merchant"] == "京东" and "\\u4eac\\u4e1c" in r.stdout
