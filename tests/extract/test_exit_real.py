"""Exit dates as real reports give them: a day and month in the page's year, a notice's closing date,
a province approving several counties at once, a report stating the exit itself.

The sentences are written for these tests (other counties than the dev texts).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.extract import exit_date
from fupin.extract.facts import Document, ExitFact
from fupin.extract.lexicon import load_lexicon


def _exit(extractor, body: str, county: str, page: str | None = None) -> str | None:
    head = f"{county}脱贫攻坚纪实\n\n{county}人民政府\n\n" + (f"发布时间：{page} 09:30\n\n" if page else "")
    result = extractor.extract(Document(source="t.txt", text=head + body + "\n"))
    found = [f for f in result.facts if isinstance(f, ExitFact)]
    return str(found[0].exit_date) if found else None


def test_day_and_month_take_the_page_year(extractor) -> None:
    body = "2月27日，湖南省人民政府宣布，汝城县脱贫摘帽。"
    assert _exit(extractor, body, "汝城县", "2020-02-28") == "2020-02-27"


def test_day_and_month_after_the_page_date_are_not_taken(extractor) -> None:
    body = "2月27日，湖南省人民政府宣布，汝城县脱贫摘帽。"
    assert _exit(extractor, body, "汝城县", "2020-02-20") is None
    assert _exit(extractor, body, "汝城县") is None


def test_the_closing_date_of_an_approval_notice(extractor) -> None:
    body = (
        "经省人民政府研究，同意汝城县、桂东县等20个县退出贫困县。\n\n湖南省人民政府\n\n2020年3月1日\n\n"
        "2月25日，省政府召开常务会议，批准桂东县等20个县退出贫困县序列。"
    )
    assert _exit(extractor, body, "汝城县") == "2020-03-01"


def test_a_group_approval_naming_the_subject(extractor) -> None:
    body = "2020年3月1日，湖南省人民政府批准汝城县、桂东县等20个县退出贫困县序列。"
    assert _exit(extractor, body, "汝城县") == "2020-03-01"


def test_a_group_approval_naming_the_subjects_prefecture(extractor) -> None:
    body = "2020年11月21日，甘肃省政府批准陇南市4县退出贫困县序列。宕昌县群众迎来了新生活。"
    assert _exit(extractor, body, "宕昌县") == "2020-11-21"


def test_a_group_approval_and_the_subject_one_of_that_many(extractor) -> None:
    body = "11月21日，省政府批准全省最后8个贫困县脱贫摘帽。宕昌县曾是全省最后8个未摘帽贫困县之一。"
    assert _exit(extractor, body, "宕昌县", "2020-11-25") == "2020-11-21"


def test_a_province_wide_count_alone_does_not_date_the_subject(extractor) -> None:
    body = "2020年4月28日，陕西省人民政府发布公告：全省56个贫困县全部摘帽。岚皋县群众增收明显。"
    assert _exit(extractor, body, "岚皋县") is None


def test_the_report_stating_the_exit_on_a_full_date(extractor) -> None:
    assert _exit(extractor, "2019年4月28日，岚皋县顺利退出贫困县序列。", "岚皋县") == "2019-04-28"
    assert _exit(extractor, "2020年2月26日一举摘下国家级贫困县的帽子。", "岚皋县") == "2020-02-26"


def test_a_dated_visit_is_no_exit(extractor) -> None:
    assert _exit(extractor, "2020年5月12日，记者来到刚刚脱贫摘帽的岚皋县。", "岚皋县") is None


def test_officially_exited_counts_as_approved(extractor) -> None:
    body = "2019年5月7日，革命老区会泽县正式退出贫困县序列。"
    assert _exit(extractor, body, "会泽县") == "2019-05-07"


def test_a_dated_aim_is_no_exit(extractor) -> None:
    assert _exit(extractor, "到2020年6月30日，岚皋县如期脱贫摘帽。", "岚皋县") is None
    assert _exit(extractor, "确保2020年6月30日岚皋县顺利摘帽。", "岚皋县") is None


def _stripped_anew(between: str, self_reference: tuple[str, ...], adverbs: tuple[str, ...]) -> str:
    """What _only_subject_and_adverbs leaves of the words between a date and the exit cue, the long
    way: its pattern built and its adverbs sorted on each call."""
    selves = "|".join(map(re.escape, self_reference)) or "(?!)"
    between = re.sub(rf"(?:{selves})[县区旗市]", "", between)
    for word in sorted(adverbs, key=len, reverse=True):
        between = between.replace(word, "")
    return between


_LEXICON = load_lexicon()
_NESTED = ["实现", "实现了", "了", "历史性", "历史", "史", "顺利", "利"]  # words inside others: order tells


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_LEXICON.self_reference, *_LEXICON.exit_adverbs, *_NESTED, "县", "区", "，"]),
        max_size=10,
    ),
    st.lists(st.sampled_from(_NESTED), unique=True),
    st.sampled_from([_LEXICON.self_reference, (), ("我",)]),
)
def test_the_words_made_once_strip_as_made_anew(pieces: list[str], adverbs: list[str], selves) -> None:
    """The lexicon's words, and adverbs some of which stand inside others in any order: the pattern
    and order kept leave what building them anew leaves."""
    between = "".join(pieces)
    for words in (_LEXICON.exit_adverbs, tuple(adverbs)):
        kept = exit_date._without_selves_and_adverbs(between, selves, words)
        assert kept == _stripped_anew(between, selves, words), between
