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
"""

from __future__ import annotations

import email.feedparser as _feedparser
import inspect
import re
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


__all__ = ["BoundaryMatcher", "EolSearch", "install"]
