"""A report with a few damaged bytes is read, not refused: the bad bytes become U+FFFD (offsets stay
exact), a note says where they were, and the facts are kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from fupin.builder import build_corpus
from fupin.extract.read import ReadError, read_document

REPORT = (
    "临潭县2019年脱贫攻坚工作总结\n"
    "全县累计建成扶贫车间12个，吸纳贫困劳动力就业560人。"
    "全县易地扶贫搬迁安置点建成住房300套，搬迁群众全部入住，后续产业同步配套。\n"
)


def _damaged(tmp_path: Path, name: str, insert: dict[int, bytes]) -> Path:
    data = REPORT.encode("utf-8")
    for at in sorted(insert, reverse=True):
        data = data[:at] + insert[at] + data[at:]
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _char_boundary(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def test_three_invalid_bytes_are_replaced_and_named(tmp_path: Path) -> None:
    at = [_char_boundary(REPORT, i) for i in (20, 50, 80)]
    path = _damaged(tmp_path, "bad.txt", {a: b"\xff" for a in at})
    document = read_document(path)
    assert document.text.count("\ufffd") == 3
    assert document.text.replace("\ufffd", "") == REPORT
    shifted = [a + n for n, a in enumerate(at)]
    assert document.notes == (
        f"3 invalid UTF-8 sequence(s) replaced by U+FFFD at byte {', '.join(map(str, shifted))}",
    )


def test_one_nul_byte_is_replaced_and_named(tmp_path: Path) -> None:
    path = _damaged(tmp_path, "nul.txt", {_char_boundary(REPORT, 30): b"\x00"})
    document = read_document(path)
    assert document.text == REPORT[:30] + "\ufffd" + REPORT[30:]
    assert document.notes == ("1 NUL character(s) replaced by U+FFFD at character 30",)


def test_mostly_broken_bytes_are_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "gb.txt"
    path.write_bytes(bytes(b ^ 0x80 for b in REPORT.encode("utf-8")))
    with pytest.raises(ReadError):
        read_document(path)


def test_a_damaged_report_keeps_its_facts_and_the_build_names_the_repair(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    path = _damaged(folder, "bad.txt", {_char_boundary(REPORT, 20): b"\xfe\xff", 6: b"\x00"})
    heard: list[str] = []
    result = build_corpus([folder], tmp_path / "kg.ttl", on_note=heard.append)
    assert result.failures == []
    assert (
        heard
        == result.notes
        == [
            f"{path}: 2 invalid UTF-8 sequence(s) replaced by U+FFFD at byte 51, 52",
            f"{path}: 1 NUL character(s) replaced by U+FFFD at character 2",
        ]
    )
    document = read_document(path)
    for fact in result.documents[0].facts:
        assert document.text[fact.evidence.start : fact.evidence.end] == fact.evidence.quote
    assert any(type(f).__name__ == "InterventionFact" for f in result.documents[0].facts)
