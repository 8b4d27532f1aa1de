"""The filing route and kind of mark an IPAS export states in its transaction envelope.

IPAS writes them as ``TransactionCode`` / ``TransactionSubCode`` words: ``Madrid Designated`` /
``Madrid Mark`` for a designation under the Madrid Protocol, ``National`` / ``Individual Mark``,
``Collective Mark``, ``Certification Mark`` for national filings. The words are looked up in the
office vocabulary (``[filing_route]`` for the route, ``[mark_category]`` for the kind); they are
the source's own statement, so nothing is defaulted where they speak. Unknown words are still
kept verbatim (com:CommentText) and reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from mappings.framework.context import MappingContext

MADRID = "madrid"
_TAGS = ("TransactionCode", "TransactionSubCode")
_PATH = "/tmk:Trademark/com:CommentText"


@dataclass(frozen=True, slots=True)
class Route:
    """What the envelope says: a Madrid designation or not, the kind of mark (an ST.96
    tmk:MarkCategory value) if it names one, and the office's words in source order."""

    madrid: bool = False
    kind: str | None = None
    words: tuple[str, ...] = ()


def read_route(ctx: MappingContext, transaction: etree._Element | None) -> Route:
    """The :class:`Route` of the record; the empty one for a bare TradeMark record."""
    if transaction is None:
        return Route()
    madrid, kind, words = False, None, []
    for tag in _TAGS:
        word = ctx.text(transaction, tag, _PATH)
        if word is None:
            continue
        words.append(word)
        route = ctx.vocab.lookup("filing_route", word)
        if route is not None:  # a route word ("Trade Mark" names the register, not a kind)
            madrid = madrid or route == MADRID
            continue
        category = ctx.vocab.lookup("mark_category", word)
        if category:
            kind = kind or category
        else:
            ctx.unknown("filing_route", word, _PATH, "it is kept in com:CommentText")
    return Route(madrid, kind, tuple(words))
