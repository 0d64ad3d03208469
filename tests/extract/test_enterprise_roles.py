"""An enterprise's role is the part it plays (依托, 引进, 带动), never a preposition before its name (由,
与, 通过, 同): those mark the name as an enterprise's but record no role (issue 14: query 03 showed 引进、由)."""

from __future__ import annotations

from decimal import Decimal

from fupin.extract.facts import EnterpriseFact


def _roles(extract, body: str, county: str) -> dict[str, tuple[str | None, Decimal | None]]:
    return {
        f.name: (f.role, f.share_percent)
        for f in extract(body, county).facts
        if isinstance(f, EnterpriseFact)
    }


def test_a_preposition_before_a_name_is_no_role(extract) -> None:
    body = "县里与湖北绿源茶叶有限公司签订协议，建成高山茶园三千亩。"
    assert _roles(extract, body, "竹山县") == {"湖北绿源茶叶有限公司": (None, None)}


def test_a_share_after_a_preposition_gives_the_role(extract) -> None:
    body = "县扶贫开发公司由十堰金穗农业集团有限公司持股60%，负责产业园运营。"
    assert _roles(extract, body, "竹山县") == {"十堰金穗农业集团有限公司": ("持股", Decimal(60))}


def test_a_role_verb_is_kept(extract) -> None:
    body = "引进湖北楚峰食品有限公司，在全县建设魔芋加工基地。"
    assert _roles(extract, body, "保康县") == {"湖北楚峰食品有限公司": ("引进", None)}
