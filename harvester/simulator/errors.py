"""OAI-PMH error conditions, one exception per error code (named after the code).

Each docstring is the specification's wording (OAI-PMH 2.0, section 3.6). The endpoint
answers every one of them with HTTP 200 and an ``<error code="...">`` element.
"""

from __future__ import annotations


class OAIError(Exception):
    """Base class: `code` is the OAI-PMH error code, the message is shown to the harvester."""

    code = ""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0])


class badArgument(OAIError):
    """The request includes illegal arguments, is missing required arguments, includes a
    repeated argument, or values for arguments have an illegal syntax."""

    code = "badArgument"


class badResumptionToken(OAIError):
    """The value of the resumptionToken argument is invalid or expired."""

    code = "badResumptionToken"


class badVerb(OAIError):
    """Value of the verb argument is not a legal OAI-PMH verb, the verb argument is missing,
    or the verb argument is repeated."""

    code = "badVerb"


class cannotDisseminateFormat(OAIError):
    """The metadata format identified by the value given for the metadataPrefix argument is
    not supported by the item or by the repository."""

    code = "cannotDisseminateFormat"


class idDoesNotExist(OAIError):
    """The value of the identifier argument is unknown or illegal in this repository."""

    code = "idDoesNotExist"


class noRecordsMatch(OAIError):
    """The combination of the values of the from, until, set and metadataPrefix arguments
    results in an empty list."""

    code = "noRecordsMatch"


class noMetadataFormats(OAIError):
    """There are no metadata formats available for the specified item."""

    code = "noMetadataFormats"


class noSetHierarchy(OAIError):
    """The repository does not support sets."""

    code = "noSetHierarchy"
