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
