"""The CLI contract of issue 3: ``import`` summary, rejected lines and exit codes; ``messages --json`` fields."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from privatrack.cli import cli
from tests.cli.clitools import jsonl, run

DATA = Path(__file__).resolve().parents[1] / "data" / "import"




@pytest.fixture
def household(cli_env):  # type: ignore[no-untyped-def]
    assert run("init").exit_code == 0
    assert run("person", "add", "Alice").exit_code == 0
    assert run("detail", "add", "--person", "Alice", "--kind", "phone", "13800138001").exit_code == 0
    assert run("detail", "add", "--person", "Alice", "--kind", "email", "me@example.com").exit_code == 0
    return cli_env


def test_import_all_good_exits_zero_and_is_idempotent(household) -> None:  # type: ignore[no-untyped-def]
    r = run("import", "--no-classify", str(DATA / "sample.mbox"), str(DATA / "maildir"))
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "Imported 5, already present 0, rejected 0"
    r = run("import", "--no-classify", str(DATA / "sample.mbox"))
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "Imported 0, already present 3, rejected 0"


def test_import_partial_exits_3_and_names_each_rejected_item(household) -> None:  # type: ignore[no-untyped-def]
    r = run("import", "--no-classify", "--to", "13800138001", str(DATA / "sms" / "truncated.xml"),
            str(DATA / "sms" / "billion_laughs.xml"))
    assert r.exit_code == 3, r.output
    lines = r.output.splitlines()
    assert lines[0] == "Imported 3, already present 0, rejected 2"
    rejected = [ln for ln in lines if ln.startswith("rejected:")]
    assert len(rejected) == 2
    assert str(DATA / "sms" / "truncated.xml") in rejected[0] and "[after #3]" in rejected[0]
    assert str(DATA / "sms" / "billion_laughs.xml") in rejected[1] and "EntitiesForbidden" in rejected[1]


def test_import_unknown_detail_is_a_fatal_error(household) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(cli, ["import", "--to", "+8613999999999", str(DATA / "sms" / "backup.xml")])
    assert r.exit_code not in (0, 3)
    assert "no recorded detail" in r.output


def test_import_format_option_and_missing_path(household) -> None:  # type: ignore[no-untyped-def]
    r = run("import", "--no-classify", "--format", "eml", str(DATA / "mail" / "plus.eml"))
    assert r.exit_code == 0 and r.output.startswith("Imported 1,")
    r = CliRunner().invoke(cli, ["import", str(DATA / "nope.mbox")])
    assert r.exit_code not in (0, 3)


def test_messages_json_lines(household) -> None:  # type: ignore[no-untyped-def]
    assert run("import", "--no-classify", str(DATA / "mail" / "gb2312.eml")).exit_code == 0
    assert run("import", "--no-classify", "--to", "+86 138 0013 8001", str(DATA / "sms" / "backup.xml")).exit_code == 0
    rows = jsonl(run("messages", "--json").output)
    assert len(rows) == 7
    for row in rows:
        for key in ("id", "channel", "sender", "to", "date", "subject", "excerpt", "message_id", "sha256",
                    "category", "merchant", "confidence", "reasons"):
            assert key in row
    mail = next(r for r in rows if r["channel"] == "email")
    assert mail["message_id"] == "<gb2312-1@example.cn>" and mail["to"] == "me@example.com"
    assert mail["date"] == "2023-08-01T10:00:00+08:00" and mail["subject"] == "朱镕基访问"
    assert mail["excerpt"] == "朱镕基" and len(mail["sha256"]) == 64
    emoji = next(r for r in rows if r["excerpt"].startswith("hey"))
    assert emoji["excerpt"] == "hey \U0001F609" and emoji["to"] == "+8613800138001" and emoji["message_id"] is None
    since = jsonl(run("messages", "--json", "--since", "2023-08-01").output)
    assert {r["channel"] for r in since} == {"email", "sms"}
    assert jsonl(run("messages", "--json", "--since", "2023-08-02").output) == []
    assert run("messages", "--json", "--category", "fraud").output == ""
    # --search: every word, through the full-text index (a two-character Chinese word too), with the other filters
    assert [r["id"] for r in jsonl(run("messages", "--json", "--search", "镕基").output)] == [mail["id"]]
    assert [r["id"] for r in jsonl(run("messages", "--json", "--search", "HEY").output)] == [emoji["id"]]
    assert jsonl(run("messages", "--json", "--search", "hey 镕基").output) == []
    assert jsonl(run("messages", "--json", "--search", "镕基", "--since", "2023-08-02").output) == []


def test_import_classifies_by_default_when_available(household) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("privatrack.core.classify")
    assert run("import", "--to", "13800138001", str(DATA / "sms" / "backup.xml")).exit_code == 0
    rows = jsonl(run("messages", "--json").output)
    assert all(r["category"] in ("marketing", "transactional", "personal", "fraud") for r in rows)
    assert all(isinstance(r["reasons"], list) and r["reasons"] for r in rows)


def test_messages_for_an_unknown_merchant_is_an_error(household) -> None:  # type: ignore[no-untyped-def]
    r = CliRunner().invoke(cli, ["messages", "--json", "--merchant", "Nobody At All"])
    assert r.exit_code == 1 and "Nobody At All" in r.output
