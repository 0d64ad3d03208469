"""A matching view of the document text, with a map back to the original offsets.

Extractors match on the view; evidence is always cut from the original text, so quotes stay exact.
The view differs from the original in four ways only:
- line wraps inside a paragraph are removed (PDF and print layouts break 安心工程 into 安心工 / 程);
- pinyin glosses that mirror sites insert after characters are removed (產(chǎn)業(yè) reads 產業), since
  they split every word they fall in;
- traditional characters are converted to simplified, one character for one, so lexicon labels match;
- a web page's chrome (menus, share bars, footers: `fupin.extract.chrome`) is blanked to spaces.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from fupin.extract.scan import anchored
from fupin.extract.scripts import Script, to_simplified

_WRAP = re.compile(r"[ \t\u3000]*\n[\s\u3000]*")
_FINAL = "。！？!?：:；;”’」』）)■…"
_MIN_WRAPPED_LINE = 30
# No paragraph starts with closing or in-sentence punctuation, but a layout that wraps without line-start
# rules (PDF writers, fixed-width exports) puts one at the start of a line: 放心\n”工程, 生活\n。引导.
_CONTINUES = "”’」』）)、，,。；;：:！!？?…%％"
# A syllable in brackets right after a Han character, written with the pinyin alphabet and tone marks;
# mirrors write the brackets half- or full-width (發(fā)生率, 發（fā）生率).
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]"
)
_GLOSS_OPENS = re.compile("[(（]")  # what each gloss opens with (fupin.extract.scan)


@dataclass(frozen=True)
class TextView:
    """`text` for matching; `origin[i]` is the original offset of text[i] (len(origin) == len(text) + 1)."""

    text: str
    origin: array
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of the view's [start, end): what evidence offsets must use."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def quote(self, start: int, end: int) -> tuple[int, int, str]:
        """Original offsets and the exact original text of a view span (`original_span`, inline:
        every piece of evidence asks)."""
        origin = self.origin
        o_start = origin[start]
        o_end = o_start if end <= start else origin[end - 1] + 1
        return o_start, o_end, self.original[o_start:o_end]


def _is_wrap(text: str, match: re.Match[str], line_start: int) -> bool:
    """A line break inside a paragraph: the next line starts with punctuation that cannot open one,
    or the line is long, ends mid-sentence, and text goes on.

    The line is the logical one, from the last break that was kept: a paragraph's last visual line
    is short however long the paragraph, and a break after it is as much a wrap as the ones before."""
    nxt = text[match.end() : match.end() + 1]
    if nxt and nxt in _CONTINUES and match.start() > 0 and text[match.start() - 1] != "\n":
        return True
    line = text[line_start : match.start()].strip()
    if len(line) < _MIN_WRAPPED_LINE or line[-1] in _FINAL:
        return False
    return bool(nxt) and ("\u4e00" <= nxt <= "\u9fff" or nxt in "“‘「（(0123456789")


def _without_glosses(text: str, origin: array) -> tuple[str, array]:
    """`text` without pinyin glosses, and the origins of the characters kept."""
    cuts = [(m.start(), m.end()) for m in anchored(_PINYIN_GLOSS, text, _GLOSS_OPENS)]
    if not cuts:
        return text, origin
    pieces, kept, pos = [], array("l"), 0
    for start, end in cuts:
        pieces.append(text[pos:start])
        kept.extend(origin[pos:start])
        pos = end
    pieces.append(text[pos:])
    kept.extend(origin[pos:])
    return "".join(pieces), kept


def _blanked(original: str, blank: Sequence[tuple[int, int]]) -> str:
    """`original` with the characters of the `blank` spans turned into spaces: same length, so the
    view's offsets into it are offsets into the original."""
    if not blank:
        return original
    chars = list(original)
    for start, end in blank:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _touches(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end] meets one of the sorted `spans` (ends included)."""
    at = bisect_right(spans, (end + 1,))
    return at > 0 and spans[at - 1][1] >= start


_counting = array("l")  # 0, 1, 2, …: offsets are sliced out of it (see `_offsets`)


def _offsets(start: int, end: int) -> array:
    """array("l", range(start, end)), as a slice of one counting array kept for the process (copied in
    C): an array extended from a range reads each offset as a Python int, a millisecond a report. The
    array is replaced, never changed, when a longer one is needed, so a thread reading it is safe."""
    global _counting
    if len(_counting) < end:
        _counting = array("l", range(max(end, 2 * len(_counting))))
    return _counting[start:end]


def make_view(original: str, blank: Sequence[tuple[int, int]] = (), script: Script | None = None) -> TextView:
    """The matching view of `original` (see the module docstring), with the sorted `blank` spans (a web
    page's chrome) blanked out. A blanked line ends the paragraph before it: the lines around it are
    never joined as one wrapped line.

    The view is converted to simplified script when it is mainly traditional. It holds the
    original's characters less the blanked ones, less white space and pinyin glosses, in which no
    character belongs to one script only, so that is asked of `script` (`Script.of(original)`, when
    the caller has it) with the blanked spans left out, without reading the view again."""
    work = _blanked(original, blank)
    pieces: list[str] = []
    origin = array("l")
    pos = line_start = 0
    for match in _WRAP.finditer(work):
        touches = blank and _touches(blank, match.start(), match.end())  # most pages have no chrome
        if touches or not _is_wrap(work, match, line_start):
            line_start = match.end()
            continue
        pieces.append(work[pos : match.start()])
        origin.extend(_offsets(pos, match.start()))
        pos = match.end()
    pieces.append(work[pos:])
    origin.extend(_offsets(pos, len(work)))
    text, origin = _without_glosses("".join(pieces), origin)
    origin.append(len(original))
    if (script or Script.of(original)).is_traditional(blank):
        text = to_simplified(text)
    return TextView(text=text, origin=origin, original=original)
