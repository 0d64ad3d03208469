"""Actors: enterprises and cooperatives taking part, and named officials with their posts.

Enterprise names end in a legal or organisational suffix (公司, 集团有限公司, 合作社 …); their left edge is
found with jieba's part-of-speech tags (a verb such as 依托 or 运用 is not part of a name) and a name must
carry something of its own — a place prefix or a distinctive word — so that generic phrases such as
村扶贫开发公司 or 保险公司 are not taken for names. Officials are read as TITLE + NAME (区委书记谭海华,
区长 胡先平), the name confirmed by jieba's person tag or a surname list.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from fupin.extract.context import ReportContext
from fupin.extract.facts import EnterpriseFact, PositionFact
from fupin.extract.measures import measures_in
from fupin.extract.segmenter import posseg

_CJK = r"[\u4e00-\u9fff]"
_SHARE = re.compile(r"持股(\d+(?:\.\d+)?)[%％]")
_NAME_TAGS = ("nr",)
_MAX_NAME = 18
_BOUNDARY = re.compile(r"[，,；;。、：:“”\"《》（）()\s\d和及与+＋]")
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易"
    "乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍"
    "华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和"
    "仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)


def _candidate_names(text: str, suffixes: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of stretches ending in an enterprise suffix, cut at the nearest boundary to the left.

    A stretch inside a longer one is dropped: 温氏食品集团 is part of 温氏食品集团股份有限公司.
    """
    found = []
    pattern = re.compile("(?:" + "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True)) + ")")
    for match in pattern.finditer(text):
        left = match.start()
        while left > 0 and match.end() - left < _MAX_NAME and not _BOUNDARY.match(text[left - 1]):
            left -= 1
        found.append((left, match.end()))
    return [(a, b) for a, b in found if not any(a2 <= a and b < b2 and a2 < b for a2, b2 in found)]


def _trim_left(name: str, roles: tuple[str, ...]) -> tuple[str, str | None]:
    """Cut verbs, prepositions and role words off the front of a candidate name; return (name, role)."""
    role = None
    for r in sorted(roles, key=len, reverse=True):
        at = name.rfind(r)
        if at >= 0 and at + len(r) < len(name) - 2:
            role, name = r, name[at + len(r) :]
            break
    words = list(posseg.cut(name))
    while words and words[0].flag[:1] in ("v", "p", "d", "c", "u", "r", "m", "q", "f"):
        words.pop(0)
    return "".join(w.word for w in words), role


def _distinctive(name: str, ctx: ReportContext) -> bool:
    """A real name has a place prefix or at least two characters that are not generic words."""
    core = name
    for suffix in sorted(ctx.lexicon.enterprise_suffixes, key=len, reverse=True):
        if core.endswith(suffix):
            core = core[: -len(suffix)]
            break
    if any(core.startswith(p) for p in _place_prefixes(ctx)):
        return len(core) >= 3
    for word in sorted(ctx.lexicon.generic_org_words, key=len, reverse=True):
        core = core.replace(word, "")
    return len(core) >= 2


def _place_prefixes(ctx: ReportContext) -> tuple[str, ...]:
    """Province and prefecture names and short names, which open many company names (湖北…, 浙江…)."""
    return _region_names(ctx.gazetteer)


@lru_cache(maxsize=4)
def _region_names(gazetteer) -> tuple[str, ...]:
    forms = gazetteer.surface_forms("province") + gazetteer.surface_forms("prefecture")
    return tuple(sorted({surface for surface, _code in forms if len(surface) >= 2}, key=len, reverse=True))


def extract_enterprises(ctx: ReportContext) -> list[EnterpriseFact]:
    """Named enterprises and cooperatives, with role, share and the measures of their sentence."""
    if ctx.county is None:
        return []
    facts = []
    for sentence in ctx.sentences:
        for start, end in _candidate_names(sentence.text, ctx.lexicon.enterprise_suffixes):
            raw = sentence.text[start:end]
            name, role = _trim_left(raw, ctx.lexicon.enterprise_roles)
            if not name or not _distinctive(name, ctx):
                continue
            name_start = sentence.start + end - len(name)
            clause = next((c for c in ctx.clauses(sentence) if c.start <= name_start < c.end), sentence)
            if ctx.about_elsewhere(sentence, clause):
                continue
            role = role or _role_before(sentence.text[: end - len(name)], ctx.lexicon.enterprise_roles)
            share = _SHARE.match(sentence.text[end : end + 12])
            facts.append(
                EnterpriseFact(
                    name=name,
                    county_code=ctx.county,
                    evidence=ctx.evidence(sentence, "actors.enterprise-suffix", 0.85 * ctx.county_confidence),
                    role=role or ("持股" if share else None),
                    share_percent=Decimal(share.group(1)) if share else None,
                    measures=measures_in(ctx, sentence),
                )
            )
    return facts


def _role_before(text: str, roles: tuple[str, ...]) -> str | None:
    """A role word just before the name (依托 X, 引进 X, 由 X 持股)."""
    tail = text[-4:]
    return next((r for r in sorted(roles, key=len, reverse=True) if tail.endswith(r)), None)


def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    """TITLE(、[place]TITLE)* NAME: joined posts may name their place (市委常委、镇雄县委书记)."""
    alternatives = "|".join(sorted(map(re.escape, titles), key=len, reverse=True))
    joined = f"(?:[、和兼]{_CJK}{{0,4}}?(?:{alternatives}))*"
    return re.compile(f"((?:{alternatives}){joined})[\\s　]*({_CJK}{{2,4}})")


def _person_name(candidate: str) -> str | None:
    """The person name at the start of `candidate` (2–3 characters), checked by jieba or surnames."""
    words = list(posseg.cut(candidate))
    if words and words[0].flag in _NAME_TAGS and 2 <= len(words[0].word) <= 3:
        return words[0].word
    if candidate[:1] in _SURNAMES and len(candidate) >= 2:
        for length in (3, 2):
            name = candidate[:length]
            rest = candidate[length:]
            if len(name) == length and (not rest or rest[:1] in "在说如实等同指强表介认带深率调主到对为是"):
                return name
    return None


def extract_officials(ctx: ReportContext) -> list[PositionFact]:
    """Officials named with their posts; the post is kept as written (区委副书记、区长)."""
    if ctx.county is None:
        return []
    pattern = _title_pattern(ctx.lexicon.official_titles)
    facts = []
    for sentence in ctx.sentences:
        for match in pattern.finditer(sentence.text):
            name = _person_name(sentence.text[match.start(2) : match.start(2) + 5])
            if name is None:
                continue
            title = match.group(1)
            clause = next(
                (c for c in ctx.clauses(sentence) if c.start <= sentence.start + match.start() < c.end),
                sentence,
            )
            if ctx.about_elsewhere(sentence, clause):
                continue
            evidence = ctx.evidence(sentence, "actors.title-name", 0.85 * ctx.county_confidence)
            facts.append(PositionFact(person=name, title=title, county_code=ctx.county, evidence=evidence))
    return facts
