"""The rules engine's location paths answer what the XPath they replace answers.

Checks read the walk's index (``RecordContext.find``) instead of evaluating an XPath per record;
these tests hold the two to the same results on trees made to trip them: nesting, wildcards,
descendant steps, unions across tags, comments, and text that only XPath or only Python sees as
white space.
"""

from __future__ import annotations

import pytest
from lxml import etree

from mappings.rules import parties
from mappings.rules.checks import _root_test, has_text
from mappings.rules.engine import NS, RecordContext, xpath
from mappings.rules.paths import Path, paths

_XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())

TREE = f"""<tmk:Trademark {_XMLNS}>
  <tmk:MarkCategory>\u00a0</tmk:MarkCategory>
  <!-- a comment among the children -->
  <tmk:GoodsServicesBag>
    <tmk:GoodsServices>
      <tmk:ClassDescriptionBag><tmk:ClassDescription>
        <tmk:ClassNumber>\u00a0</tmk:ClassNumber>
      </tmk:ClassDescription></tmk:ClassDescriptionBag>
      <tmk:GoodsServicesClassificationBag><tmk:GoodsServicesClassification>
        <tmk:ClassNumber> 09 </tmk:ClassNumber>
        <tmk:GoodsServicesBag><tmk:ClassNumber>12</tmk:ClassNumber></tmk:GoodsServicesBag>
      </tmk:GoodsServicesClassification></tmk:GoodsServicesClassificationBag>
    </tmk:GoodsServices>
  </tmk:GoodsServicesBag>
  <tmk:ClassNumber>77</tmk:ClassNumber>
  <tmk:ApplicantBag>
    <tmk:Applicant><com:Contact><com:Name>
      <com:Name><com:EntityName>nested</com:EntityName></com:Name>
      <com:EntityName>outer</com:EntityName>
    </com:Name></com:Contact></tmk:Applicant>
    <tmk:Applicant><com:PublicationContact><com:Name>
      <com:EntityName>B</com:EntityName>
    </com:Name></com:PublicationContact></tmk:Applicant>
    <tmk:Applicant><pat:Contact><com:Name>
      <com:EntityName>C</com:EntityName><com:OrganizationName/>
    </com:Name></pat:Contact></tmk:Applicant>
    <tmk:Applicant><com:Contact><com:Name>
      <com:PersonName><com:EntityName>D</com:EntityName></com:PersonName>
    </com:Name></com:Contact></tmk:Applicant>
  </tmk:ApplicantBag>
  <com:ApplicationDate><tmk:Part>2020</tmk:Part>-01-01</com:ApplicationDate>
  <pat:PatentClassificationBag>
    <pat:IPCRClassificationBag><pat:IPCRClassification/></pat:IPCRClassificationBag>
    <pat:IPCClassification>
      <pat:MainClassification><pat:PatentClassificationText>A01B</pat:PatentClassificationText>
      </pat:MainClassification>
    </pat:IPCClassification>
  </pat:PatentClassificationBag>
</tmk:Trademark>"""

EXPRESSIONS = [
    "tmk:MarkCategory",
    "tmk:ClassNumber",
    ".//tmk:ClassNumber",
    ".//tmk:GoodsServicesBag//tmk:ClassNumber",
    "tmk:GoodsServicesBag//tmk:ClassNumber",
    "tmk:GoodsServicesBag/tmk:GoodsServices/tmk:GoodsServicesClassificationBag"
    "/tmk:GoodsServicesClassification/tmk:ClassNumber",
    "tmk:GoodsServicesBag/*/*/*/tmk:ClassNumber",
    "tmk:ApplicantBag/tmk:Applicant | com:ApplicationDate",
    "com:ApplicationDate | tmk:ApplicantBag/tmk:Applicant",
    "tmk:ClassNumber | .//tmk:GoodsServicesBag/tmk:ClassNumber | tmk:MarkCategory",
    "pat:PatentClassificationBag/pat:IPCRClassificationBag/pat:IPCRClassification"
    " | pat:PatentClassificationBag/pat:IPCClassification/*/pat:PatentClassificationText",
]


@pytest.fixture
def ctx() -> RecordContext:
    return RecordContext("trademarks", etree.fromstring(TREE.encode()))


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_find_selects_what_xpath_selects(ctx: RecordContext, expression: str) -> None:
    assert ctx.find(paths(expression)) == xpath(expression)(ctx.root)


@pytest.mark.parametrize("expression", [*EXPRESSIONS, "tmk:GoodsServicesBag/*[1]"])
def test_presence_test_is_has_text_from_the_root(ctx: RecordContext, expression: str) -> None:
    """Plain paths test an element's own text (``str.strip``: no-break space is blank); other
    expressions are ``expr[normalize-space()]``, whose predicate binds to a union's last member
    (XML white space only: no-break space is text)."""
    assert _root_test(expression)(ctx) == has_text(expression)(ctx.root)


def test_paths_that_are_not_paths() -> None:
    assert Path.parse("tmk:A[1]") is None
    assert Path.parse("tmk:A/*") is None  # the last step must name the tag to look up
    assert Path.parse("tmk:A///tmk:B") is None
    assert Path.parse("/tmk:A") is None


def test_unspecified_names_in_document_order(ctx: RecordContext) -> None:
    """A name nested in a name comes after it, as from the XPath the rule was written in
    (though its com:EntityName comes first)."""
    unspecified = "com:Name[com:EntityName and not(com:PersonName or com:OrganizationName)]"
    names = parties._unspecified_names(ctx)
    assert names == xpath(f".//{unspecified}")(ctx.root) and len(names) == 3
    contact = "*[local-name()='Contact' or local-name()='PublicationContact']"
    of_parties = xpath(f"tmk:ApplicantBag/tmk:Applicant/{contact}/{unspecified}")(ctx.root)
    assert [n for n in names if parties._party_of(ctx, n) is not None] == of_parties
    assert len(of_parties) == 2
