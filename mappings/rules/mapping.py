"""Rules the mappers report while they write the ST.96 record (no tree check).

Only a mapper knows that a field it needed was not sent, that a value could not be read, or
that it generated a value ST.96 requires: these rules have no check (``check=None``). They are
declared here, with fix guidance in ``guidance.toml``, so that every id a mapper can emit is in
the registry (``tests/mappings/rules/test_mapper_rule_ids.py`` fails on one that is not) and
``iphub rules`` and ``docs/rules.md`` list it.
"""

from __future__ import annotations

from mappings.rules.engine import ALL, rule

FAMILY = "mapping"

TM = ("trademarks",)
PAT = ("patents",)
DES = ("designs",)

RULES = (
    rule(
        "MAP-UNMAPPED-ATTRIBUTE",
        "info",
        ALL,
        "(the source attribute, outside ST.96)",
        "A source attribute has no place in ST.96 and is not published.",
        (
            "Nothing to do if the attribute is internal; otherwise propose a mapping in the "
            "discussion."
        ),
        family=FAMILY,
    ),
    rule(
        "TM-CLASS-NUMBER-INVALID",
        "error",
        TM,
        (
            "{root}/tmk:GoodsServicesBag/tmk:GoodsServices/tmk:ClassDescriptionBag/"
            "tmk:ClassDescription/tmk:ClassNumber"
        ),
        "A class number is not a Nice class (1 to 45); the class row is left out.",
        "Export the Nice class number (1 to 45) of each goods and services row.",
        family=FAMILY,
    ),
    rule(
        "TM-GOODS-DESCRIPTION-MISSING",
        "warning",
        TM,
        (
            "{root}/tmk:GoodsServicesBag/tmk:GoodsServices/tmk:ClassDescriptionBag/"
            "tmk:ClassDescription/tmk:GoodsServicesDescriptionText"
        ),
        "A class has no goods and services description; only the class number is published.",
        "Export the list of goods and services of each class.",
        family=FAMILY,
    ),
    rule(
        "TM-OFFICE-CODE-MISSING",
        "info",
        TM,
        "{root}/com:RegistrationOfficeCode",
        "The record has no office code; the code of the office it was harvested from is used.",
        "Export the office code (WIPO ST.3) with each record.",
        family=FAMILY,
    ),
    rule(
        "TM-SIGNIFICANT-VERBAL-ELEMENT-GENERATED",
        "info",
        TM,
        (
            "{root}/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification/"
            "tmk:MarkSignificantVerbalElementText"
        ),
        (
            "ST.96 requires the significant verbal element; the hub copied the mark's words into "
            "it (a generated value)."
        ),
        "Export the significant verbal element of word marks when your register has it.",
        family=FAMILY,
    ),
    rule(
        "SG-TM-SPECIAL-LIST-RECORD",
        "info",
        TM,
        "{root}/tmk:MarkCategory",
        (
            "The record is an IPOS Article 6ter or R13 entry, published as tmk:Trademark with a "
            "special category."
        ),
        "Nothing to do: the record is labelled so users know it is not a trademark application.",
        family=FAMILY,
    ),
    rule(
        "TM-REPRESENTATION-MISSING",
        "warning",
        TM,
        "{root}/tmk:MarkRepresentation",
        (
            "The record has neither a word mark nor a mark image; no tmk:MarkRepresentation is "
            "published."
        ),
        "Export the mark's words or its image.",
        family=FAMILY,
    ),
    rule(
        "SG-TM-FEATURE-DERIVED",
        "info",
        TM,
        "{root}/tmk:MarkRepresentation/tmk:MarkFeatureCategory",
        (
            "The IPOS export has no mark-type field; the feature category was derived from the "
            "words and logo sent."
        ),
        "Nothing to do unless the derived category is wrong for the mark.",
        family=FAMILY,
    ),
    rule(
        "SG-TM-WORDS-MISSING",
        "warning",
        TM,
        "{root}/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:WordMarkSpecification",
        (
            "The mark has a translation, transliteration or phonetic equivalent but no words; "
            "they are left out."
        ),
        "Export the words in the mark with their translation or transliteration.",
        family=FAMILY,
    ),
    rule(
        "TM-IMAGE-FILENAME-MISSING",
        "error",
        TM,
        (
            "{root}/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage/"
            "com:FileName"
        ),
        "A mark image has no file name; the image entry is left out.",
        "Export the file name of each mark image.",
        family=FAMILY,
    ),
    rule(
        "TM-REPRESENTATIVE-NAME-MISSING",
        "error",
        TM,
        "{root}/com:RepresentativeBag/com:Representative/com:Contact/com:Name",
        "A representative has no name; it is left out of the ST.96 record.",
        "Export the name (or code) of each agent or representative.",
        family=FAMILY,
    ),
    rule(
        "SG-TM-AGENT-TYPE-MISSING",
        "warning",
        TM,
        "{root}/com:RepresentativeBag/com:Representative/com:RepresentativeCategory",
        "An agent has no type; no com:RepresentativeCategory is published.",
        "Export the agent type of each agent.",
        family=FAMILY,
    ),
    rule(
        "PAT-CPC-INCOMPLETE",
        "info",
        PAT,
        "{root}/pat:PatentClassificationBag/pat:CPCClassificationBag",
        (
            "A CPC classification entry lacks fields ST.96 requires; it is left out (its values "
            "are quoted in the message)."
        ),
        (
            "Export CPC entries with version, symbol position, value, action date and generating "
            "office."
        ),
        family=FAMILY,
    ),
    rule(
        "PAT-APPLICATION-NUMBER-MISSING",
        "critical",
        PAT,
        "{root}/pat:ApplicationIdentification/com:ApplicationNumber",
        "The record has no application number.",
        "Export the application number of every patent record.",
        family=FAMILY,
    ),
    rule(
        "PAT-FILING-DATE-MISSING",
        "error",
        PAT,
        "{root}/pat:ApplicationIdentification/pat:FilingDate",
        "The record has no (valid) filing date.",
        "Export the filing date of every application as YYYYMMDD.",
        family=FAMILY,
    ),
    rule(
        "TM-PUBLICATION-IDENTIFIER-GENERATED",
        "info",
        TM,
        "{root}/tmk:PublicationBag/tmk:Publication/com:PublicationIdentifier",
        (
            "A publication has no identifier, which ST.96 requires; the hub used the publication "
            "date (a generated value)."
        ),
        "Export the gazette or bulletin number of each publication.",
        family=FAMILY,
    ),
    rule(
        "TM-EVENT-CATEGORY-GENERATED",
        "info",
        TM,
        "{root}/tmk:MarkEventBag/tmk:MarkEvent/tmk:MarkEventCategory",
        "An event has no event code; its category was set to a default (a generated value).",
        "Export the event code of each event.",
        family=FAMILY,
    ),
    rule(
        "TM-EVENT-DESCRIPTION-GENERATED",
        "info",
        TM,
        "{root}/tmk:MarkEventBag/tmk:MarkEvent/tmk:NationalMarkEvent/tmk:MarkEventDescriptionText",
        (
            "An event has no description, which ST.96 requires; the event code was used as "
            "description (a generated value)."
        ),
        "Export the office's name or description of each event.",
        family=FAMILY,
    ),
    rule(
        "TM-CLASSIFICATION-KIND-UNKNOWN",
        "warning",
        TM,
        (
            "{root}/tmk:GoodsServicesBag/tmk:GoodsServices/tmk:GoodsServicesClassificationBag/"
            "tmk:GoodsServicesClassification/tmk:ClassificationKindCode"
        ),
        "The classification kind is neither Nice nor national; it is kept verbatim.",
        "Export Nice (or national) as the classification kind.",
        family=FAMILY,
    ),
    rule(
        "TM-MADRID-REFERENCE-MISSING",
        "warning",
        TM,
        "{root}/tmk:InternationalMarkIdentifierBag",
        (
            "The record is a Madrid designation but has no international registration number; it "
            "is published without it."
        ),
        "Export the international registration number of Madrid designations.",
        family=FAMILY,
    ),
    rule(
        "TM-APPLICATION-NUMBER-MISSING",
        "error",
        TM,
        "{root}/com:ApplicationNumber",
        "The record has no application number; it is identified by its registration number.",
        "Export the application number of every trademark record.",
        family=FAMILY,
    ),
    rule(
        "TM-FIGURATIVE-KIND-MISSING",
        "info",
        TM,
        (
            "{root}/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage/"
            "tmk:MarkImageClassification"
        ),
        "The image classification has no kind; its codes were published as Vienna codes.",
        "Export the kind of figurative classification (Vienna or national).",
        family=FAMILY,
    ),
    rule(
        "TM-VIENNA-CODE-INVALID",
        "warning",
        TM,
        (
            "{root}/tmk:MarkRepresentation/tmk:MarkReproduction/tmk:MarkImageBag/tmk:MarkImage/"
            "tmk:MarkImageClassification"
        ),
        "A figurative code is not a Vienna code (CC.DD.SS); it is kept as text.",
        "Export Vienna codes as category, division and section (e.g. 03.01.02).",
        family=FAMILY,
    ),
    rule(
        "TM-ADDRESS-LINES-MISSING",
        "info",
        TM,
        "{root}/tmk:ApplicantBag/tmk:Applicant/com:Contact/com:PostalAddressBag/com:PostalAddress",
        (
            "An address has a country but no address lines; an empty address line was written to "
            "keep the country."
        ),
        "Export the address lines of each party.",
        family=FAMILY,
    ),
    rule(
        "DES-MULTIPLE-DESIGNS",
        "warning",
        DES,
        "{root}",
        (
            "The application holds several designs; ST.96 dgn:Design carries one, so the first "
            "was published."
        ),
        "Publish each design of a multiple application as its own record.",
        family=FAMILY,
    ),
    rule(
        "DES-APPLICATION-NUMBER-MISSING",
        "critical",
        DES,
        "{root}/dgn:DesignReference",
        "The record has no design application number.",
        "Export the application number of every design record.",
        family=FAMILY,
    ),
    rule(
        "DES-REPRESENTATION-MISSING",
        "warning",
        DES,
        "{root}/dgn:DesignRepresentationBag",
        "The design has no representation (no image of the product).",
        "Export the representation sheets (image file names) of each design.",
        family=FAMILY,
    ),
    rule(
        "DES-FILING-DATE-MISSING",
        "error",
        DES,
        "{root}/dgn:DesignEventBag",
        "The record has no (valid) design application date.",
        "Export the application date of every design as YYYY-MM-DD.",
        family=FAMILY,
    ),
    rule(
        "ST96-WRAPPER-REMOVED",
        "info",
        ALL,
        "{root}",
        "The ST.96 record was wrapped in a bag; the hub publishes the single record it contains.",
        "Publish the single-record root in the OAI-PMH metadata.",
        family=FAMILY,
    ),
)
