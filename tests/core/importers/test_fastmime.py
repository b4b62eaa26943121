"""Faster paths of the mail importer (feedparser matchers, address headers, file reads) give the same results as
the slow ones."""

from __future__ import annotations

import email.feedparser
import email.utils
import io
import re
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privatrack.core.importers import fastmime
from privatrack.core.importers.mail import MAIL_POLICY, getaddresses
from tests.core.importers.test_import_mail import HOSTILE

SUFFIX = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"


def regex_for(sep: str) -> re.Pattern[str]:
    return re.compile("(?P<sep>" + re.escape(sep) + SUFFIX)  # what feedparser compiles


def same(sep: str, line: str) -> None:
    want = regex_for(sep).match(line)
    got = fastmime.BoundaryMatcher(sep).match(line)
    assert (want is None) == (got is None), (sep, line)
    if want is not None and got is not None:
        assert (got.group("end"), got.group("linesep")) == (want.group("end"), want.group("linesep")), (sep, line)


@pytest.mark.parametrize("tail", ["", "\n", "\r", "\r\n", "\n\n", "\r\n\n", "\r\r", "\n\r", "\r\n\r", "x", " ", " \t\n",
                                  "--", "--\n", "-- \t\r\n", "---", "--x", " --", "\t\n\n", "\n\n\n"])
@pytest.mark.parametrize("sep", ["--b1", "--=_Part_0_1.2(x)[y]*+?", "--abc--", "--"])
def test_every_tail_matches_as_the_regex_does(sep: str, tail: str) -> None:
    same(sep, sep + tail)
    same(sep, "x" + sep + tail)
    same(sep, sep[:-1] + tail)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="-=_.ab()+*?[]\\ \t", min_size=1, max_size=12),
       st.text(alphabet="- \t\r\nx", max_size=8))
def test_random_lines_match_as_the_regex_does(boundary: str, tail: str) -> None:
    sep = "--" + boundary
    same(sep, sep + tail)


def test_feedparser_compiles_only_the_boundary_into_the_plain_matcher() -> None:
    assert fastmime.install()
    fp_re = email.feedparser.re
    assert isinstance(fp_re.compile("(?P<sep>" + re.escape("--x.y") + SUFFIX), fastmime.BoundaryMatcher)
    assert isinstance(fp_re.compile(r"\r\n|\r|\n"), re.Pattern)
    assert fp_re.escape is re.escape


def _messages() -> list[bytes]:
    data = Path(__file__).resolve().parents[2] / "data"
    mails = [p.read_bytes() for p in sorted((data / "import").rglob("*.eml"))]
    mails += [p.read_bytes() for p in sorted((data / "classify").rglob("*.eml"))]
    mails += [raw for raw, _ in HOSTILE.values()]  # malformed MIME, bad boundaries, deep nesting...
    # nested, preamble/epilogue, CRLF, blank-padded and repeated boundaries, a missing close
    mails.append(b"Content-Type: multipart/mixed; boundary=\"a.b(c)\"\r\n\r\npre\r\n--a.b(c)\r\n"
                 b"Content-Type: multipart/alternative; boundary=in\r\n\r\n--in \t\r\n\r\none\r\n--in\r\n--in\r\n\r\n"
                 b"two\r\n--in--\r\n--a.b(c)--  \r\nepilogue\r\n")
    mails.append(b"Content-Type: multipart/mixed; boundary=zz\n\n--zz\nContent-Type: text/plain\n\nbody\n--zzX\n"
                 b"--zz\n\nlast, never closed\n")
    return mails


def _shape(msg: email.message.Message) -> list[tuple[object, ...]]:
    return [(p.get_content_type(), p.preamble, p.epilogue, [type(d).__name__ for d in p.defects],
             None if p.is_multipart() else p.get_payload(decode=True)) for p in msg.walk()]


@pytest.mark.parametrize("pol", [MAIL_POLICY, policy.compat32])
def test_parsed_messages_are_identical_with_and_without_it(pol: policy.Policy) -> None:
    mails = _messages()
    assert len(mails) > 10
    fastmime.install()
    fast = [_shape(BytesParser(policy=pol).parsebytes(m)) for m in mails]
    assert isinstance(email.feedparser.NLCRE_eol, fastmime.EolSearch)  # type: ignore[attr-defined]
    email.feedparser.re = re  # type: ignore[attr-defined]
    email.feedparser.NLCRE_eol = re.compile(fastmime.EolSearch.pattern)  # type: ignore[attr-defined]
    try:
        slow = [_shape(BytesParser(policy=pol).parsebytes(m)) for m in mails]
    finally:
        assert fastmime.install()
    assert isinstance(email.feedparser.NLCRE_eol, fastmime.EolSearch)  # type: ignore[attr-defined]
    assert fast == slow


@pytest.mark.parametrize("text", ["", "a", "\n", "\r", "\r\n", "a\n\r", "a\r\r\n", "\n\n", "x\r\n\n", "a\nb", "\r\nb"])
def test_end_of_line_search_finds_what_the_regex_finds(text: str) -> None:
    want = re.compile(fastmime.EolSearch.pattern).search(text)
    got = fastmime.EolSearch.search(text)
    assert (want is None) == (got is None)
    if want is not None and got is not None:
        assert got.group(0) == want.group(0) == got.group(1)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab\r\n", max_size=6))
def test_end_of_line_search_on_random_text(text: str) -> None:
    want = re.compile(fastmime.EolSearch.pattern).search(text)
    got = fastmime.EolSearch.search(text)
    assert (None if want is None else want.group(0)) == (None if got is None else got.group(0))


_ATOM = st.text(alphabet="aZ09_+=-.", min_size=1, max_size=5)
# Display names of plain words with varied blanks between and around them (the fast path's whole domain).
_NAME = st.builds(lambda words, seps: "".join(w + s for w, s in zip(words, seps, strict=False)),
                  st.lists(st.text(alphabet="aZ9", min_size=1, max_size=3), max_size=3),
                  st.lists(st.sampled_from([" ", "  ", "\t", " \t"]), min_size=3, max_size=3))
_ADDRESS_VALUE = st.one_of(
    st.builds(lambda lp, dom: f"{lp}@{dom}", _ATOM, _ATOM),
    st.builds(lambda name, sp, lp, dom, end: f"{name}{sp}<{lp}@{dom}>{end}",
              st.one_of(_NAME, st.text(alphabet="ab 9\t\"(),.:;", max_size=8)),
              st.sampled_from(["", " ", "\t", "  "]), _ATOM, _ATOM,
              st.sampled_from(["", " ", "\t", ",", " x", ">"])),
    st.text(alphabet="ab @<>.,\"()\\:;\t\r\n=?", max_size=16),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_ADDRESS_VALUE, min_size=1, max_size=3))
def test_address_headers_parse_as_the_standard_library_parses_them(values: list[str]) -> None:
    assert getaddresses(values) == email.utils.getaddresses(values)


# -- reading message files ------------------------------------------------------------------------------------


def test_read_capped_reads_small_files_whole(tmp_path: Path) -> None:
    from privatrack.core.importers.mail import read_capped

    for data in (b"", b"x", b"Subject: hi\n\nbody\n" * 500):
        p = tmp_path / "m.eml"
        p.write_bytes(data)
        with open(p, "rb") as fh:
            assert read_capped(fh) == (data, len(data), None, False)


def test_read_capped_keeps_the_head_and_hashes_all_of_an_oversized_file(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import hashlib
    import io

    from privatrack.core.importers import mail

    monkeypatch.setattr(mail, "MAX_RAW", 1000)
    monkeypatch.setattr(mail, "HEAD_KEEP", 100)
    data = bytes(range(256)) * 20
    p = tmp_path / "big.eml"
    p.write_bytes(data)
    want = (data[:100], len(data), hashlib.sha256(data).hexdigest(), True)
    with open(p, "rb") as fh:
        assert mail.read_capped(fh) == want
    assert mail.read_capped(io.BytesIO(data)) == want  # no file descriptor, no size known
    exact = data[:1000]
    assert mail.read_capped(io.BytesIO(exact)) == (exact, 1000, None, False)


def test_read_capped_reads_on_when_the_file_grew_after_its_size_was_taken(tmp_path: Path) -> None:
    from privatrack.core.importers.mail import read_capped

    p = tmp_path / "growing.eml"
    p.write_bytes(b"Subject: a\n\n")
    data = b"Subject: a\n\n" + b"more body\n" * 1000

    class Growing(io.BufferedReader):
        def fileno(self) -> int:  # the size is taken from the short file, the bytes read from the long one
            return short.fileno()

    q = tmp_path / "long.eml"
    q.write_bytes(data)
    with open(p, "rb") as short, Growing(io.FileIO(q, "rb")) as fh:
        assert read_capped(fh) == (data, len(data), None, False)


# -- the one-pass builder -----------------------------------------------------------------------------------------


def _same_tree(fast: email.message.Message, want: email.message.Message, path: str = "root") -> None:
    """Every attribute of the two trees equal (headers, payloads, preamble, epilogue, unix-from, defects...)."""
    assert type(fast) is type(want), path
    a, b = dict(vars(fast)), dict(vars(want))
    pa, pb = a.pop("_payload"), b.pop("_payload")
    da, db = a.pop("defects"), b.pop("defects")
    assert [type(d) for d in da] == [type(d) for d in db], path
    assert a == b, path
    if isinstance(pa, list):
        assert isinstance(pb, list) and len(pa) == len(pb), path
        for k, (x, y) in enumerate(zip(pa, pb, strict=True)):
            _same_tree(x, y, f"{path}/{k}")
    else:
        assert pa == pb, path


def _check(raw: bytes, pol: policy.Policy = MAIL_POLICY) -> bool:
    """:return: whether the builder took ``raw`` (and then its tree is the feedparser's)."""
    fast = fastmime.parse_bytes(raw, pol)
    if fast is not None:
        _same_tree(fast, BytesParser(policy=pol).parsebytes(raw))
    return fast is not None


TYPICAL = (b"From \"Shop\" <news@shop.example>\r\nReturn-Path: <b@shop.example>\r\n"
           b"Received: from mx (mx [10.0.0.1])\r\n\tby mx; Mon, 1 Jan 2024 10:00:00 +0000\r\n"
           b"From: Shop <news@shop.example>\r\nTo: a@b.example\r\nSubject: =?utf-8?b?5rWL6K+V?=\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary=\"==b1==\"\r\n\r\n"
           b"This is a multi-part message.\r\n--==b1==\r\nContent-Type: text/plain; charset=utf-8\r\n"
           b"Content-Transfer-Encoding: quoted-printable\r\n\r\nHello =E4=BD=A0\r\n-- \r\nsig\r\n"
           b"--==b1==\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hello</p>\r\n--==b1==--\r\n")


@pytest.mark.parametrize("pol", [MAIL_POLICY, policy.compat32])
def test_builder_gives_the_feedparsers_tree_for_every_fixture(pol: policy.Policy) -> None:
    mails = _messages()
    taken = [_check(m, pol) for m in mails]
    # well-formed multipart mail is what it is for: it must take those, and leave the malformed to the feedparser
    assert _check(TYPICAL, pol)
    assert sum(taken) >= len(mails) // 3
    assert not all(taken)


def test_builder_keeps_an_mbox_envelope_line_as_the_feedparser_does() -> None:
    raw = b"From sender@x Mon Jan  1 00:00:00 2024\nFrom: a@x.example\nSubject: s\n\nbody\n"
    assert _check(raw)
    msg = fastmime.parse_bytes(raw, MAIL_POLICY)
    assert msg is not None and msg.get_unixfrom() == "From sender@x Mon Jan  1 00:00:00 2024"
    # anywhere else it is a defect the feedparser records: left to it
    assert fastmime.parse_bytes(b"Subject: s\nFrom x@y\n\nbody\n", MAIL_POLICY) is None


def test_builder_leaves_what_it_does_not_rebuild_to_the_feedparser() -> None:
    for raw in (
        b"Content-Type: message/rfc822\n\nFrom: inner@x\n\ntext\n",
        b"Content-Type: multipart/digest; boundary=d\n\n--d\n\nFrom: a@x\n\nt\n--d--\n",
        b"Content-Type: multipart/mixed\n\nno boundary\n",
        b"Content-Type: multipart/mixed; boundary=z\nContent-Transfer-Encoding: base64\n\n--z\n\nx\n--z--\n",
        b"Content-Type: multipart/mixed; boundary=z\n\n--z\n\nnever closed\n",
        b"Content-Type: multipart/mixed; boundary=z\n\nno start boundary\n--z--\n",
        b" continued first line\nSubject: s\n\nx\n",
        b"Subject: s\nnot a header\n\nx\n",
        b": no name\n\nx\n",
        b"",
    ):
        assert fastmime.parse_bytes(raw, MAIL_POLICY) is None, raw
        BytesParser(policy=MAIL_POLICY).parsebytes(raw)  # and the feedparser reads it, recording the defect


def _nested(depth: int) -> bytes:
    raw = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (k, k) for k in range(depth))
    return raw + b"\ninner\n" + b"".join(b"--b%d--\n" % k for k in reversed(range(depth)))


def test_builder_gives_up_on_nesting_deeper_than_its_limit() -> None:
    assert _check(_nested(10))
    assert fastmime.parse_bytes(_nested(fastmime.MAX_DEPTH + 5), MAIL_POLICY) is None


_EOL = st.sampled_from(["\n", "\r\n", "\r"])
_BOUNDARIES = ["b1", "==b2==", "x.y(z)", "b1x"]  # "b1x" starts like "b1": a separator for one is not for the other
_BODY_LINE = st.one_of(
    st.text(alphabet="ab -:\t=\xe9", max_size=12),
    st.sampled_from(["", "-- ", "--", "---", "From x", " folded"]),
    st.builds(lambda b, tail: "--" + b + tail, st.sampled_from(_BOUNDARIES),
              st.sampled_from(["", "--", " ", "\t", "-- ", "x", "--x"])),
)
_HEADER = st.one_of(
    st.builds(lambda n, v: f"{n}: {v}", st.sampled_from(["Subject", "X-A", "To", "From"]),
              st.text(alphabet="ab :\t", max_size=8)),
    st.sampled_from(["X-Folded: a", " continued", "\tcontinued", "From someone", "no colon", ":empty", "X-E:"]),
)


@st.composite
def _entity(draw: st.DrawFn, depth: int = 0) -> list[str]:
    """A MIME entity as lines without their ends: mostly well formed, with every kind of damage now and then."""
    headers = draw(st.lists(_HEADER, max_size=3)) if draw(st.integers(0, 3)) == 0 else []
    if depth < 3 and draw(st.booleans()):
        b = draw(st.sampled_from(_BOUNDARIES))
        sub = draw(st.sampled_from(["mixed", "alternative", "related", "digest"]))
        cte = draw(st.sampled_from(["", "", "", "Content-Transfer-Encoding: base64"]))
        lines = [*headers, f'Content-Type: multipart/{sub};', f' boundary="{b}"'] + ([cte] if cte else []) + [""]
        lines += draw(st.lists(_BODY_LINE, max_size=2))  # preamble
        for _ in range(draw(st.integers(0, 3))):
            lines.append("--" + b + draw(st.sampled_from(["", "", " ", "\t ", "--"])))
            lines += draw(_entity(depth + 1))
        if draw(st.integers(0, 5)):
            lines.append("--" + b + "--" + draw(st.sampled_from(["", " ", "x"])))
        lines += draw(st.lists(_BODY_LINE, max_size=2))  # epilogue
        return lines
    ctype = draw(st.sampled_from(["", "Content-Type: text/plain", "Content-Type: text/html; charset=utf-8",
                                  "Content-Type: message/rfc822"]))
    blank = [""] if draw(st.integers(0, 6)) else []
    return [*headers, *([ctype] if ctype else []), *blank, *draw(st.lists(_BODY_LINE, max_size=4))]


@settings(max_examples=1500, deadline=None)
@given(_entity(), st.lists(_EOL, min_size=1, max_size=3), st.booleans(), st.booleans())
def test_builder_on_random_mime_gives_the_feedparsers_tree_or_declines(
    lines: list[str], eols: list[str], final_eol: bool, envelope: bool
) -> None:
    if envelope:
        lines = ["From sender@x Mon Jan  1 00:00:00 2024", *lines]
    text = "".join(line + eols[k % len(eols)] for k, line in enumerate(lines))
    if not final_eol:
        text = text[: -len(eols[(len(lines) - 1) % len(eols)])] if lines else text
    raw = text.encode("utf-8")
    for pol in (MAIL_POLICY, policy.compat32):
        _check(raw, pol)


_CORPORA = Path(__file__).resolve().parents[3].parent / "shared" / "corpora"


@pytest.mark.skipif(not _CORPORA.is_dir(), reason="the shared corpora are not on this machine")
def test_builder_on_the_public_mail_corpora() -> None:
    files = [p for name in ("phishing_pot_subset", "spamassassin_public_corpus",
                            "transactional_email_fixtures_mail_and_packages")
             for p in sorted((_CORPORA / name).rglob("*")) if p.is_file()]
    taken = sum(_check(p.read_bytes()) for p in files[::3])
    assert taken > len(files[::3]) * 0.8  # most real mail takes the fast path


def test_builder_tries_each_line_against_one_boundary_per_level(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deep nesting stays linear per level (review: a 1 MB body 30 levels down took 28 s, the feedparser 1 s): a
    line inside a part can only match that part's own boundary, so the outer ones are not tried on it again."""
    depth, body_lines = fastmime.MAX_DEPTH, 2000
    raw = (b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (k, k) for k in range(depth))
           + b"\n" + b"--\n" * body_lines + b"".join(b"--b%d--\n" % k for k in reversed(range(depth))))
    calls = 0
    real = fastmime.BoundaryMatcher.match

    def counting(self: fastmime.BoundaryMatcher, line: str) -> fastmime.BoundaryMatch | None:
        nonlocal calls
        calls += 1
        return real(self, line)

    assert _check(raw)
    monkeypatch.setattr(fastmime.BoundaryMatcher, "match", counting)
    assert fastmime.parse_bytes(raw, MAIL_POLICY) is not None
    # each level scans the body once (~depth * lines); trying every outer boundary again was ~30 times as many
    assert calls <= 2 * depth * body_lines
