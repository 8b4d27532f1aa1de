"""IPOS register history → tmk:MarkEventBag.

IPOS exports its history as separate blocks (amendments, corrections, divisions, oppositions and
other proceedings, assignments, licences) and loose dates (publication, certificate, Madrid
notifications). ST.96's ``tmk:MarkEvent`` with a ``tmk:NationalMarkEvent`` holds each of them
without inventing what the export does not say: ``tmk:Assignment`` and ``tmk:RecordLicence``
would need conveyance categories, counts and identifiers IPOS does not publish.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from mappings.framework.context import MappingContext
from mappings.sgtm.parties import describe_company
from mappings.sgtm.words import read_flag
from mappings.st96 import append_filled, sub, sub_if, tmk

T = "/tmk:Trademark"
EVT = f"{T}/tmk:MarkEventBag/tmk:MarkEvent"
NEV = f"{EVT}/tmk:NationalMarkEvent"
DESC = f"{NEV}/tmk:MarkEventDescriptionText"
PROSECUTION = "National prosecution history entry"
INTERNATIONAL = "Domestic international application history entry"
BOARD = "National board proceeding history entry"
ASSIGNMENT = "National assignment history entry"
_PROCEEDINGS = (
    ("opposition_status", "Opposition"),
    ("revocation_status", "Revocation"),
    ("invalidation_status", "Invalidation"),
    ("rectification_status", "Rectification"),
)


def _event(
    bag: etree._Element,
    category: str,
    descriptions: Iterable[str],
    when: str | None = None,
    code: str | None = None,
    additional: str | None = None,
    document: str | None = None,
) -> None:
    event = sub(bag, tmk("MarkEvent"))
    sub(event, tmk("MarkEventCategory"), category)
    national = sub(event, tmk("NationalMarkEvent"))
    sub_if(national, tmk("MarkEventCode"), code)
    for text in descriptions:
        sub(national, tmk("MarkEventDescriptionText"), text)
    sub_if(national, tmk("MarkEventAdditionalText"), additional)
    sub_if(national, tmk("MarkEventDocumentIdentifier"), document)
    sub_if(event, tmk("MarkEventDate"), when)


def _joined(pairs: Iterable[tuple[str, str | None]]) -> str | None:
    text = "; ".join(f"{label}: {value}" for label, value in pairs if value)
    return text or None


def map_events(ctx: MappingContext, rec: etree._Element, out: etree._Element) -> None:
    bag = etree.Element(tmk("MarkEventBag"))
    # Each section adds its events to the bag, in this order.
    for section in (
        _milestones,
        _amendments,
        _corrections,
        _divisions,
        _proceedings,
        _assignments,
        _licences,
    ):
        section(ctx, rec, bag)
    append_filled(out, bag)


def _milestones(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    published = ctx.date(rec, "publication_date", f"{EVT}/tmk:MarkEventDate")
    pub_status = ctx.text(rec, "publication_status", DESC)
    if published or pub_status:
        _event(bag, "Application published", [pub_status or "Published"], published)
    certificate = ctx.date(rec, "certificate_date", f"{EVT}/tmk:MarkEventDate")
    if certificate:
        _event(bag, PROSECUTION, ["Registration certificate issued"], certificate)
    previous = ctx.text(rec, "previous_status", DESC)
    if previous:
        _event(bag, PROSECUTION, [f"Previous status: {previous}"])
    notified = ctx.date(rec, "ir_notif_date", f"{EVT}/tmk:MarkEventDate")
    if notified:
        _event(
            bag,
            INTERNATIONAL,
            ["Notification of the international registration designating Singapore"],
            notified,
            document=ctx.text(rec, "ir_no"),
        )
    sd_no = ctx.text(rec, "sd_no", f"{NEV}/tmk:MarkEventDocumentIdentifier")
    sd_date = ctx.date(rec, "sd_date", f"{EVT}/tmk:MarkEventDate")
    sd_notified = ctx.date(rec, "sd_notif_date", f"{NEV}/tmk:MarkEventAdditionalText")
    if sd_no or sd_date or sd_notified:
        _event(
            bag,
            INTERNATIONAL,
            ["Subsequent designation of Singapore"],
            sd_date,
            additional=_joined([("Notified", sd_notified)]),
            document=sd_no,
        )


def _amendments(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    for row in ctx.findall(rec, "amendment_details/amendment"):
        kind = ctx.text(row, "amendment_type", f"{NEV}/tmk:MarkEventCode")
        before = ctx.text(row, "amendment_from", DESC)
        after = ctx.text(row, "amendment_to", DESC)
        texts = [f"Amendment: {kind}" if kind else "Amendment"]
        texts += [t for t in (_joined([("From", before), ("To", after)]),) if t]
        _event(
            bag,
            PROSECUTION,
            texts,
            ctx.date(row, "lodge_date", f"{EVT}/tmk:MarkEventDate"),
            code=kind,
            additional=_joined(
                [("Status", ctx.text(row, "status", f"{NEV}/tmk:MarkEventAdditionalText"))]
            ),
            document=ctx.text(row, "document_no", f"{NEV}/tmk:MarkEventDocumentIdentifier"),
        )


def _corrections(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    for row in ctx.findall(rec, "correction_details/correction"):
        kind = ctx.text(row, "correction_type", f"{NEV}/tmk:MarkEventCode")
        texts = [f"Correction: {kind}" if kind else "Correction"]
        change = _joined([("From", ctx.text(row, "from", DESC)), ("To", ctx.text(row, "to", DESC))])
        if change:
            texts.append(change)
        when = ctx.date(row, "notification_date", f"{EVT}/tmk:MarkEventDate")
        _event(bag, PROSECUTION, texts, when, code=kind)


def _divisions(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    for details in ctx.findall(rec, "division_details"):
        when = ctx.date(details, "division_date", f"{EVT}/tmk:MarkEventDate")
        status = ctx.text(details, "status", f"{NEV}/tmk:MarkEventAdditionalText") or ctx.text(
            details, "Status", f"{NEV}/tmk:MarkEventAdditionalText"
        )
        texts = []
        for division in ctx.findall(details, "division"):
            line = _joined(
                [
                    ("Divided from", ctx.text(division, "org_tm_no", DESC)),
                    ("New mark", ctx.text(division, "new_tm_no", DESC)),
                    ("Goods and services", ctx.text(division, "goods_services", DESC)),
                ]
            )
            if line:
                texts.append(line)
        if texts or when or status:
            _event(
                bag,
                PROSECUTION,
                ["Division of the mark", *texts],
                when,
                code="Division",
                additional=_joined([("Status", status)]),
            )


def _proceedings(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    rows = ctx.findall(
        rec, "oppositon_revocation_invalidation_rectification/opp_rev_inv_rec_details"
    )
    for row in rows:
        cls = ctx.text(row, "class_no", DESC)
        when = ctx.date(row, "lodge_date", f"{EVT}/tmk:MarkEventDate")
        for tag, label in _PROCEEDINGS:
            status = ctx.text(row, tag, DESC)
            if status:
                texts = [f"{label}{f' (class {cls})' if cls else ''}: {status}"]
                _event(bag, BOARD, texts, when, code=label)


def _assignments(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    for row in ctx.findall(rec, "assignment_details/assignment"):
        texts = ["Assignment"]
        for side, label in (("assignor_details", "Assignor"), ("assignee_details", "Assignee")):
            for party in ctx.findall(row, side):
                # the flat form (company_name... on the side itself) and company_details may
                # both be there: each is a party of the assignment
                if ctx.find(party, "company_name") is not None:
                    texts.append(f"{label}: {describe_company(ctx, party, DESC)}")
                for company in ctx.findall(party, "company_details"):
                    texts.append(f"{label}: {describe_company(ctx, company, DESC)}")
                goods = ctx.text(party, "goods_services", DESC)
                if goods:
                    texts.append(f"Goods and services ({label.lower()}): {goods}")
        additional = _joined(
            [
                ("Lodged", ctx.date(row, "lodgement_date", f"{NEV}/tmk:MarkEventAdditionalText")),
                (
                    "Notified",
                    ctx.date(row, "notification_date", f"{NEV}/tmk:MarkEventAdditionalText"),
                ),
            ]
        )
        when = ctx.date(row, "effective_date", f"{EVT}/tmk:MarkEventDate")
        _event(bag, ASSIGNMENT, texts, when, code="Assignment", additional=additional)


def _licences(ctx: MappingContext, rec: etree._Element, bag: etree._Element) -> None:
    for row in ctx.findall(rec, "licensee_details/licensee"):
        texts = ["Licence recorded"]
        for company in ctx.findall(row, "company_details"):
            texts.append(f"Licensee: {describe_company(ctx, company, DESC)}")
        exclusive = read_flag(ctx, row, "exclusive_user_indicator", DESC)
        if exclusive is not None:
            texts.append("Exclusive licence" if exclusive else "Non-exclusive licence")
        for tag, label in (
            ("goods_services", "Goods and services"),
            ("GoodsServices", "Goods and services"),
            ("right", "Rights granted"),
            ("use_condition", "Conditions of use"),
            ("amended_licensee_details", "Amended licensee details"),
        ):
            for text, _ in ctx.texts(row, tag, DESC):
                texts.append(f"{label}: {text}")
        additional = _joined(
            [
                ("Status", ctx.text(row, "licensee_status", f"{NEV}/tmk:MarkEventAdditionalText")),
                ("Assent", ctx.date(row, "assent_date", f"{NEV}/tmk:MarkEventAdditionalText")),
                (
                    "Notified",
                    ctx.date(row, "notification_date", f"{NEV}/tmk:MarkEventAdditionalText"),
                ),
                ("Expires", ctx.date(row, "expiry_date", f"{NEV}/tmk:MarkEventAdditionalText")),
            ]
        )
        when = ctx.date(row, "entry_date", f"{EVT}/tmk:MarkEventDate")
        _event(bag, ASSIGNMENT, texts, when, code="Licence", additional=additional)
