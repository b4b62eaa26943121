r"""A faster multipart boundary matcher for the standard library's MIME parser, with the same results.

``email.feedparser`` compiles a regular expression for the boundary of every multipart message. Boundaries are
unique per message, so ``re``'s cache never hits, and compiling that pattern costs a fifth of the parse time of
typical (multipart) marketing mail (cProfile on ``bench/gen_corpus.py`` mail). :func:`install` gives the feedparser
module a ``re`` whose ``compile`` returns a plain string matcher for exactly that pattern and hands every other
pattern to ``re``. It installs only when the parser uses the compiled boundary through ``.match`` alone (checked in
its source), so a future Python that uses it otherwise keeps the real regex.

It also replaces ``NLCRE_eol`` (``(\r\n|\r|\n)\Z``): ``re`` tries that pattern at every position of the string, so
stripping the last line end off each part's payload cost ~30 µs per 4 KB part; :class:`EolSearch` looks at the end
only.

:func:`parse_bytes` builds the message tree that ``BytesParser`` would build for well-formed mail (headers, text
and multipart parts; no defects) from the whole input at once instead of line by line through the feedparser's
generator, which cost about half of a typical mail's parse time. Anything it does not rebuild exactly (``message/*``
parts, digests, unix-from lines, any defect) returns ``None`` and the caller uses the feedparser.
"""

from __future__ import annotations

import bisect
import email._policybase as _policybase
import email.feedparser as _feedparser
import email.policy as _policy
import inspect
import io
import itertools
import re
from email.message import Message
from typing import Any

_fp: Any = _feedparser  # its private parts (``re``, ``FeedParser._parsegen``) are not in the type stubs
_PREFIX = "(?P<sep>"
_SUFFIX = r")(?P<end>--)?(?P<ws>[ \t]*)(?P<linesep>\r\n|\r|\n)?$"
_UNESCAPE = re.compile(r"\\(.)", re.S)
# What may follow the separator, "--" and blanks for ``(?P<linesep>\r\n|\r|\n)?$`` to match (``$`` also matches
# before one final newline).
_TAILS = {"": None, "\n": "\n", "\r": "\r", "\r\n": "\r\n", "\n\n": "\n", "\r\n\n": "\r\n"}


class BoundaryMatch:
    """The groups feedparser reads from a boundary match."""

    __slots__ = ("end", "linesep")

    def __init__(self, end: str | None, linesep: str | None) -> None:
        self.end = end
        self.linesep = linesep

    def group(self, name: str) -> str | None:
        if name == "end":
            return self.end
        if name == "linesep":
            return self.linesep
        raise IndexError(f"no such group: {name!r}")


class BoundaryMatcher:
    """``re.compile('(?P<sep>' + re.escape(sep) + _SUFFIX).match`` without the regular expression."""

    __slots__ = ("sep",)

    def __init__(self, sep: str) -> None:
        self.sep = sep

    def match(self, line: str) -> BoundaryMatch | None:
        if not line.startswith(self.sep):
            return None
        i = len(self.sep)
        end = None
        if line.startswith("--", i):
            end = "--"
            i += 2
        n = len(line)
        while i < n and line[i] in " \t":
            i += 1
        tail = line[i:]
        if tail not in _TAILS:
            return None
        return BoundaryMatch(end, _TAILS[tail])


class EolMatch:
    """The group feedparser reads from an end-of-line match."""

    __slots__ = ("eol",)

    def __init__(self, eol: str) -> None:
        self.eol = eol

    def group(self, index: int = 0) -> str:
        if index in (0, 1):
            return self.eol
        raise IndexError("no such group")


class EolSearch:
    r"""``re.compile(r'(\r\n|\r|\n)\Z').search`` by looking at the string's end."""

    pattern = r"(\r\n|\r|\n)\Z"

    @staticmethod
    def search(text: str) -> EolMatch | None:
        if text.endswith("\r\n"):
            return EolMatch("\r\n")
        if text.endswith(("\n", "\r")):
            return EolMatch(text[-1])
        return None


class _FeedparserRe:
    """Stands in for ``re`` inside ``email.feedparser``: only the boundary pattern gets the plain matcher."""

    def __getattr__(self, name: str) -> Any:
        return getattr(re, name)

    @staticmethod
    def compile(pattern: Any, flags: int = 0) -> Any:
        if flags == 0 and type(pattern) is str and pattern.startswith(_PREFIX) and pattern.endswith(_SUFFIX):
            escaped = pattern[len(_PREFIX) : -len(_SUFFIX)]
            sep = _UNESCAPE.sub(r"\1", escaped)
            if re.escape(sep) == escaped:
                return BoundaryMatcher(sep)
        return re.compile(pattern, flags)


def _usable() -> bool:
    try:
        src = inspect.getsource(_fp.FeedParser._parsegen)
    except (OSError, TypeError):  # no source shipped: keep the stdlib as it is
        return False
    uses = re.findall(r"boundaryre\b(\.\w+)?", src)
    return _SUFFIX in src and bool(uses) and all(u in ("", ".match") for u in uses)


def _eol_usable() -> bool:
    eol = getattr(_fp, "NLCRE_eol", None)
    if not isinstance(eol, re.Pattern) or eol.pattern != EolSearch.pattern or eol.flags != re.UNICODE:
        return False
    try:
        src = inspect.getsource(_fp)
    except (OSError, TypeError):
        return False
    # Its matches are read with .group(0) only; EolMatch raises on any other group, which the tests would see.
    uses = re.findall(r"NLCRE_eol\b(\.\w+)?", src)
    return bool(uses) and all(u in ("", ".search") for u in uses)


def install() -> bool:
    """Use the plain matchers in ``email.feedparser`` (idempotent). :return: whether the boundary matcher is in use."""
    if not isinstance(_fp.NLCRE_eol, EolSearch) and _eol_usable():
        _fp.NLCRE_eol = EolSearch()
    if isinstance(_fp.re, _FeedparserRe):
        return True
    if _fp.re is not re or not _usable():
        return False
    _fp.re = _FeedparserRe()
    return True


# -- a one-pass builder for well-formed mail ----------------------------------------------------------------------
_HEADER_LINE = re.compile(r"^(From |[\041-\071\073-\176]*:|[\t ])")  # feedparser's headerRE
_NL_START = ("\r", "\n")
_PLAIN_MULTIPART_CTE = ("7bit", "8bit", "binary")
MAX_DEPTH = 30  # deeper nesting goes to the feedparser (which reports it as too deep)
MAX_PARTS = 200


def _source_parse(sourcelines: list[str]) -> tuple[str, str]:
    """``Policy.header_source_parse`` of the standard library (policy.default and compat32 alike)."""
    name, value = sourcelines[0].split(":", 1)
    if len(sourcelines) > 1:
        value = value.lstrip(" \t") + "".join(sourcelines[1:])
    else:
        value = value.lstrip(" \t")
    return name, value.rstrip("\r\n")


_STDLIB_SOURCE_PARSE = (_policybase.Compat32.header_source_parse, _policy.EmailPolicy.header_source_parse)


class _Fallback(Exception):
    """The input needs the feedparser (it would record a defect, or takes a path not rebuilt here)."""


def _strip_eol(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    if text.endswith(("\n", "\r")):
        return text[:-1]
    return text


class _Builder:
    __slots__ = ("lines", "dashed", "i", "n", "policy", "factory", "parts", "source_parse")

    def __init__(self, lines: list[str], policy: Any) -> None:
        self.lines = lines
        # only these can be boundary lines (map and compress run in C: this is a tenth of a Python loop's cost)
        self.dashed = list(itertools.compress(range(len(lines)), map(str.startswith, lines, itertools.repeat("--"))))
        self.i = 0
        self.n = len(lines)
        # the stdlib's header_source_parse (the same in both policies) is inlined below
        parse = type(policy).header_source_parse
        self.source_parse = None if parse in _STDLIB_SOURCE_PARSE else policy.header_source_parse
        self.policy = policy
        self.factory = policy.message_factory or Message
        self.parts = 0

    def _end(self, i: int, stack: tuple[Any, ...], limit: int) -> int:
        """The index of the first line from ``i`` on that the feedparser's readline would answer with EOF: a line
        matching any enclosing boundary, or ``limit``. Lines before ``limit`` (where an outer boundary ends the
        enclosing part) match no outer boundary, so only the innermost is tried: the feedparser tries the whole
        stack on every line, and trying it on each level's scan again made deep nesting quadratic (review)."""
        if not stack:
            return limit
        dashed, lines, match = self.dashed, self.lines, stack[-1]
        for k in range(bisect.bisect_left(dashed, i), len(dashed)):
            j = dashed[k]
            if j >= limit:
                break
            if match(lines[j]) is not None:  # only lines starting with "--" can match a boundary
                return j
        return limit

    def entity(self, stack: tuple[Any, ...], limit: int) -> Message:
        self.parts += 1
        if self.parts > MAX_PARTS or len(stack) > MAX_DEPTH:
            raise _Fallback
        msg = self.factory(policy=self.policy)
        lines = self.lines
        end = self._end(self.i, stack, limit)
        headers: list[str] = []
        i = self.i
        while i < end:
            line = lines[i]
            if _HEADER_LINE.match(line) is None:
                if not line.startswith(_NL_START):
                    raise _Fallback  # MissingHeaderBodySeparatorDefect
                i += 1  # the blank line ends the header block
                break
            headers.append(line)
            i += 1
        self.i = i
        self._headers(msg, headers)
        ctype = msg.get_content_type()
        maintype = ctype.partition("/")[0]
        if maintype == "message" or ctype == "multipart/digest":
            raise _Fallback
        if maintype == "multipart":
            self._multipart(msg, stack, end)
            return msg
        self.i = end
        msg.set_payload("".join(lines[i:end]))
        return msg

    def _headers(self, msg: Message, lines: list[str]) -> None:
        value: list[str] | None = None
        source_parse, set_raw = self.source_parse or _source_parse, msg.set_raw
        for k, line in enumerate(lines):
            if line[0] in " \t":
                if value is None:
                    raise _Fallback  # FirstHeaderLineIsContinuationDefect
                value.append(line)
                continue
            if value is not None:
                set_raw(*source_parse(value))
                value = None
            if line.startswith("From "):
                if k == 0:  # an mbox envelope line kept in a saved message
                    msg.set_unixfrom(_strip_eol(line))
                    continue
                raise _Fallback  # a misplaced envelope line
            if line.startswith(":"):
                raise _Fallback  # a header without a name
            value = [line]
        if value is not None:
            set_raw(*source_parse(value))

    def _multipart(self, msg: Message, stack: tuple[Any, ...], end: int) -> None:
        """``end``: where an enclosing boundary (or the input's end) closes this part and all below it."""
        boundary = msg.get_boundary()
        if boundary is None or str(msg.get("content-transfer-encoding", "8bit")).lower() not in _PLAIN_MULTIPART_CTE:
            raise _Fallback
        mine = BoundaryMatcher("--" + boundary).match
        inner = (*stack, mine)
        lines = self.lines
        i = self._end(self.i, (mine,), end)
        if i >= end or mine(lines[i]).end:  # type: ignore[union-attr]
            raise _Fallback  # StartBoundaryNotFoundDefect
        if i > self.i:
            preamble = lines[self.i : i]
            preamble[-1] = _strip_eol(preamble[-1])
            msg.preamble = "".join(preamble)
        while True:
            i += 1  # past a separator; any more separator lines right after it are skipped (empty parts)
            while True:
                if i >= end:
                    raise _Fallback  # the feedparser would push an empty line back here
                if mine(lines[i]) is None:
                    break
                i += 1
            self.i = i
            child = self.entity(inner, end)
            msg.attach(child)
            if child.get_content_maintype() == "multipart":
                if child.epilogue == "":
                    child.epilogue = None
                elif child.epilogue is not None:
                    child.epilogue = _strip_eol(child.epilogue)
            else:  # the line end before a boundary belongs to the boundary (RFC 2046)
                part: Any = child  # _payload: get_payload() would decode surrogate-escaped bytes
                part._payload = _strip_eol(part._payload)
            i = self.i
            if i >= end:
                raise _Fallback  # CloseBoundaryNotFoundDefect
            mo = mine(lines[i])  # the child ended at one of our boundaries
            if mo is None:
                raise _Fallback  # cannot happen; the feedparser decides if it does
            if mo.end:
                break
        # The feedparser strips a line end off the epilogue's start only after a close boundary without one,
        # which can only be the input's last line: the epilogue is the lines after it as they are.
        msg.epilogue = "".join(lines[i + 1 : end])
        self.i = end


def parse_bytes(raw: bytes, policy: Any) -> Message | None:
    """What ``BytesParser(policy=policy).parsebytes(raw)`` returns, for well-formed mail; ``None`` otherwise."""
    text = raw.decode("ascii", "surrogateescape")
    if not text:
        return None
    lines = io.StringIO(text, newline="").readlines()
    builder = _Builder(lines, policy)
    try:
        msg = builder.entity((), builder.n)
    except (_Fallback, RecursionError):
        return None
    if builder.i != builder.n:  # cannot happen at the top level; the feedparser decides if it does
        return None
    return msg


__all__ = ["BoundaryMatcher", "EolSearch", "install", "parse_bytes"]
