"""mbox splitting (P20): mboxrd unescaping, no false splits, streaming with bounded memory; Maildir and .eml."""

from __future__ import annotations

import hashlib
import io
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from privatrack.core.importers import detect_format, iter_items
from privatrack.core.importers import mail as mailmod
from privatrack.core.importers import mbox as mboxmod
from privatrack.core.importers.mbox import split_mbox, unescape
from privatrack.core.models import RawMessage, Rejected


def test_sample_mbox_unescapes_and_does_not_split_on_body_from(data: Path) -> None:
    items = list(iter_items(data / "sample.mbox"))
    assert [type(i) for i in items] == [RawMessage] * 3
    first = items[0]
    assert isinstance(first, RawMessage)
    lines = first.body_text.splitlines()
    assert "From the escaped line" in lines
    assert ">From a quoted escaped line" in lines
    assert "From the team: this line starts with From but is no separator" in lines
    assert [getattr(i, "message_id", None) for i in items] == ["<mbox-1@example.com>", None, "<mbox-3@example.com>"]
    assert isinstance(items[2], RawMessage) and items[2].date is not None and items[2].date.year == 2024


def _generated_mbox(n: int, seed: int = 5) -> tuple[bytes, list[bytes]]:
    """An mboxrd file whose bodies contain 'From ' and '>From ' lines; returns (file, original messages)."""
    rng = random.Random(seed)
    originals, out = [], io.BytesIO()
    for i in range(n):
        body_lines = []
        for j in range(rng.randrange(1, 12)):
            r = rng.random()
            if r < 0.2:
                body_lines.append(b"From here on, line %d" % j)
            elif r < 0.3:
                body_lines.append(b">From quoted %d" % j)
            elif r < 0.35:
                body_lines.append(b">>From double %d" % j)
            elif r < 0.4:
                body_lines.append(b"")
            else:
                body_lines.append(b"text %d %d" % (i, j))
        msg = (b"From: s%d@example.com\nSubject: m%d\nMessage-ID: <gen-%d@example.com>\n\n" % (i, i, i)
               + b"\n".join(body_lines) + b"\n")
        originals.append(msg)
        escaped = b"\n".join((b">" + ln if ln.lstrip(b">").startswith(b"From ") else ln) for ln in msg.split(b"\n"))
        out.write(b"From MAILER-DAEMON Mon Jan  1 00:00:00 2024\n" + escaped + b"\n")
    return out.getvalue(), originals


@pytest.mark.parametrize("chunk", [7, 64, 4096, 1 << 22])
def test_splitter_is_exact_whatever_the_chunk_size(chunk: int) -> None:
    blob, originals = _generated_mbox(300)
    got = [data for idx, data, over in split_mbox(io.BytesIO(blob), chunk_size=chunk)]
    assert len(got) == len(originals)
    assert got == originals


def test_oversized_message_in_mbox_is_hashed_not_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mboxmod, "MAX_RAW", 50_000)
    monkeypatch.setattr(mailmod, "MAX_RAW", 50_000)
    big = b"From: a@example.com\nSubject: big\nMessage-ID: <big@x>\n\n" + b"A" * 76 + b"\n"
    big = big + (b"B" * 76 + b"\n") * 3000
    small = b"From: b@example.com\nSubject: small\nMessage-ID: <small@x>\n\nhi\n"
    blob = b"From x Mon Jan  1 00:00:00 2024\n" + big + b"\nFrom y Mon Jan  1 00:00:01 2024\n" + small
    out = list(split_mbox(io.BytesIO(blob), chunk_size=4096))
    assert len(out) == 2
    _, data, over = out[0]
    assert data == b"" and over is not None
    assert over.size == len(big) and over.sha.hexdigest() == hashlib.sha256(big).hexdigest()
    assert out[1][1] == small


def test_a_hostile_body_line_of_times_is_split_without_hanging(no_hang: Any) -> None:
    # "From " then times and no year, after a blank line: each time was tried with a rescan for a year (quadratic)
    line = b"From " + b"1:11 " * 80_000
    head = b"From x Mon Jan  1 00:00:00 2024\nFrom: a@b.c\n\nhi\n\n"
    out = no_hang(lambda: list(split_mbox(io.BytesIO(head + line + b"\n"))))
    assert [i for i, _, _ in out] == [1] and line in out[0][1]
    out = list(split_mbox(io.BytesIO(head + line + b"2024\nFrom: b@c.d\n\nthere\n")))  # a time, then a year
    assert [i for i, _, _ in out] == [1, 2]


@pytest.mark.parametrize("start", [b"", b"From "], ids=["text", "from-line"])
def test_a_message_that_is_one_endless_line_is_hashed_in_bounded_memory(monkeypatch: pytest.MonkeyPatch,
                                                                          start: bytes) -> None:
    # with no line break to cut at, the buffer held the whole message and each read copied it (quadratic)
    monkeypatch.setattr(mboxmod, "MAX_RAW", 50_000)
    big = b"From: a@example.com\nSubject: big\n\n" + start + b"A" * 30_000_000 + b"\n>From escaped\n"
    small = b"From: b@example.com\nSubject: small\n\nhi\n"
    blob = b"From x Mon Jan  1 00:00:00 2024\n" + big + b"\nFrom y Mon Jan  1 00:00:01 2024\n" + small
    out = list(split_mbox(io.BytesIO(blob), chunk_size=1024))
    assert len(out) == 2 and out[1][1] == small
    over = out[0][2]
    assert over is not None and over.sha.hexdigest() == hashlib.sha256(unescape(big)).hexdigest()


def test_junk_before_first_separator_is_reported() -> None:
    blob = b"garbage line\n\nFrom x Mon Jan  1 00:00:00 2024\nFrom: a@b.c\nMessage-ID: <a@b>\n\nhi\n"
    out = list(split_mbox(io.BytesIO(blob)))
    assert out[0][0] == 0 and out[1][0] == 1


def test_maildir_reads_cur_and_new_not_tmp(data: Path) -> None:
    assert detect_format(data / "maildir") == "maildir"
    items = list(iter_items(data / "maildir"))
    assert sorted(i.message_id for i in items if isinstance(i, RawMessage)) == ["<md-1@example.com>",
                                                                                  "<md-2@example.com>"]


def test_maildir_items_name_their_file_relative_to_the_imported_folder(tmp_path: Path) -> None:
    """A rejected or reported message names its file: the source is its path, the item its place in the folder."""
    root = tmp_path / "Mail"
    for folder in (root, root / ".Spam"):
        for sub in ("cur", "new", "tmp"):
            (folder / sub).mkdir(parents=True)
    (root / "cur" / "1700000000.a:2,S").write_bytes(b"From: a@x.example\nMessage-ID: <a@x>\n\nhi\n")
    (root / ".Spam" / "new" / "1700000001.b").write_bytes(b"From: b@x.example\nMessage-ID: <b@x>\n\nhi\n")
    items = {i.item: i.source for i in iter_items(root)}
    assert items == {"cur/1700000000.a:2,S": str(root / "cur" / "1700000000.a:2,S"),
                     ".Spam/new/1700000001.b": str(root / ".Spam" / "new" / "1700000001.b")}


def test_eml_folder_and_detection(data: Path) -> None:
    assert detect_format(data / "mail" / "plus.eml") == "eml"
    assert detect_format(data / "sample.mbox") == "mbox"
    items = list(iter_items(data / "mail", "eml"))
    assert len(items) == len(list((data / "mail").glob("*.eml")))
    assert all(isinstance(i, RawMessage) for i in items)


def test_missing_path_is_a_rejected_item(tmp_path: Path) -> None:
    items = list(iter_items(tmp_path / "nope.mbox"))
    assert len(items) == 1 and isinstance(items[0], Rejected) and "no such file" in items[0].reason


@pytest.mark.slow
@pytest.mark.parametrize("workers", [0, 2])
def test_big_mbox_streams_in_bounded_memory(tmp_path: Path, workers: int) -> None:
    """~120 MB mbox with 'From '/'>From ' body lines and a 40 MB message: exact count, flat memory (also with parse
    helpers, whose in-flight chunks are bounded)."""
    script = r'''
import resource, sys
from privatrack.core.importers import iter_items
n = trunc = 0
for m in iter_items(sys.argv[1], workers=int(sys.argv[2])):
    n += 1
    trunc += bool(getattr(m, "raw_truncated", False))
    assert type(m).__name__ == "RawMessage", m
# VmHWM is this process's own peak (ru_maxrss would inherit pytest's at exec); children counted apart.
hwm = int(next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM:"))) // 1024
print(n, trunc, max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024))
'''
    path = tmp_path / "big.mbox"
    body = b"".join(b"From line %d inside the body\n>From escaped %d\nplain text line to fill the message\n" % (j, j)
                    for j in range(300))
    with open(path, "wb") as fh:
        for i in range(8000):
            fh.write(b"From s Mon Jan  1 00:00:00 2024\nFrom: a@x\nMessage-ID: <b%d@x>\n\n" % i)
            fh.write(body.replace(b"\nFrom line", b"\n>From line"))
            fh.write(b"\n")
        fh.write(b"From s Mon Jan  1 00:00:00 2024\nFrom: a@x\nMessage-ID: <huge@x>\n\n")
        for _ in range(40):
            fh.write(b"Q" * (1 << 20) + b"\n")
    out = subprocess.run([sys.executable, "-c", script, str(path), str(workers)], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    n, trunc, rss = map(int, out.stdout.split())
    assert n == 8001 and trunc == 1
    assert rss < 300, f"peak RSS {rss} MB"


def test_an_oversized_messages_hash_is_right_wherever_the_reads_fall(monkeypatch: pytest.MonkeyPatch) -> None:
    # the blank line before the next separator is the mbox's, not the message's, even when a trim of the buffer
    # falls between the message's last line break and that blank line
    monkeypatch.setattr(mboxmod, "MAX_RAW", 300)
    wrong = []
    for n in range(1, 60):
        big = b"From: a\n\n" + (b"B" * 20 + b"\n") * n
        blob = b"From x Mon Jan  1 00:00:00 2024\n" + big + b"\nFrom y Mon Jan  1 00:00:01 2024\nFrom: b\n\nhi\n"
        for chunk in (1, 2, 3, 5, 7, 11, 64):
            first = next(iter(split_mbox(io.BytesIO(blob), chunk)))
            over = first[2]
            got = (over.size, over.sha.hexdigest()) if over else (len(first[1]), hashlib.sha256(first[1]).hexdigest())
            if got != (len(big), hashlib.sha256(big).hexdigest()):
                wrong.append((n, chunk))
    assert wrong == []


def test_oversized_messages_hash_to_what_the_whole_message_would_be(monkeypatch: pytest.MonkeyPatch) -> None:
    # random mboxes (escaped From lines, CRLF, blank lines, long lines) read twice: whole, and with a tiny MAX_RAW
    # that sends every message through the hashing path; size and SHA-256 must agree with the whole message
    rnd = random.Random(5)
    lines = [b"text line\n", b"\n", b"\r\n", b">From q\n", b">>From z 1:11 2024\n", b"A" * 250 + b"\n",
             b"B" * 700 + b"\r\n", b"From here\n"]
    checked = 0
    for _ in range(300):
        blob = b"".join(b"From x Mon Jan  1 00:00:00 2024\nFrom: a\n\n"
                        + b"".join(rnd.choice(lines) for _ in range(rnd.randint(0, 12))) + rnd.choice([b"\n", b""])
                        for _ in range(rnd.randint(1, 4)))
        chunk = rnd.choice([1, 3, 7, 64, 4096])
        monkeypatch.setattr(mboxmod, "MAX_RAW", 25 << 20)
        whole = [(i, d) for i, d, _ in split_mbox(io.BytesIO(blob), chunk)]
        monkeypatch.setattr(mboxmod, "MAX_RAW", 120)
        small = list(split_mbox(io.BytesIO(blob), chunk))
        assert [i for i, _ in whole] == [i for i, _, _ in small]
        for (_, data), (_, d2, over) in zip(whole, small, strict=True):
            if over is None:
                assert d2 == data
            else:
                checked += 1
                assert (over.size, over.sha.hexdigest()) == (len(data), hashlib.sha256(data).hexdigest())
    assert checked > 100


class _CountingPool:
    """Runs parse chunks when their result is asked for, recording how much was in flight (the flow control of
    ``parse_jobs`` under test; the helpers themselves are tested with real processes above and in test_helper_pool)."""

    def __init__(self) -> None:
        self.chunks = self.bytes = self.max_chunks = self.max_bytes = 0

    def __enter__(self) -> _CountingPool:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def apply_async(self, fn: Any, args: tuple[Any, ...]) -> Any:
        from privatrack.core.importers.mail import _job_bytes

        size = sum(_job_bytes(j) for j in args[0])
        self.chunks += 1
        self.bytes += size
        self.max_chunks, self.max_bytes = max(self.max_chunks, self.chunks), max(self.max_bytes, self.bytes)
        pool = self

        class Result:
            def get(self) -> Any:
                pool.chunks -= 1
                pool.bytes -= size
                return fn(*args)

        return Result()


@pytest.mark.parametrize("size", [2_000, 300_000, 5_000_000])
def test_parse_helpers_run_a_writer_batch_ahead_in_bounded_memory(monkeypatch: pytest.MonkeyPatch,
                                                                   size: int) -> None:
    from privatrack.core.importers import mail, procs

    pool = _CountingPool()
    monkeypatch.setattr(procs, "spawn_pool", lambda workers: pool)
    body = b"x" * size
    jobs = [("raw", b"Message-ID: <%d@x>\n\n" % i + body, "src", str(i), None, None, False) for i in range(400)]
    out = list(mail.parse_jobs(iter(jobs), workers=1))
    assert [m.message_id for m in out] == [f"<{i}@x>" for i in range(400)]  # all, in order
    assert pool.max_chunks <= mail.INFLIGHT_CHUNKS
    assert pool.max_bytes <= mail.INFLIGHT_BYTES + mail.CHUNK_BYTES + size + 100
    # far enough ahead to parse while the writer stores a batch (4 MB of mail): with 4 chunks in flight the helper
    # stopped and the writer then waited for it
    assert pool.max_bytes >= min(400 * size, 4 * 1024 * 1024)
