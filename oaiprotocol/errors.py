"""OAI-PMH error conditions: one exception class per error code, named after the code.

Each class's docstring is the specification's own wording (OAI-PMH 2.0, section 3.6). The
node's provider and the simulated offices answer them as HTTP 200 with one
``<error code="...">`` element each; several can be answered in one response
(:class:`OAIErrors`), as the protocol allows.
"""

from __future__ import annotations

from collections.abc import Iterable


class OAIError(Exception):
    """Base of the protocol's error conditions; ``code`` is the value of ``error/@code``."""

    code: str = ""

    def __init__(self, message: str | None = None) -> None:
        self.message = message or " ".join((self.__doc__ or self.code).split())
        super().__init__(self.message)


class BadArgument(OAIError):
    """The request includes illegal arguments, is missing required arguments, includes a
    repeated argument, or values for arguments have an illegal syntax."""

    code = "badArgument"


class BadResumptionToken(OAIError):
    """The value of the resumptionToken argument is invalid or expired."""

    code = "badResumptionToken"


class BadVerb(OAIError):
    """Value of the verb argument is not a legal OAI-PMH verb, the verb argument is missing,
    or the verb argument is repeated."""

    code = "badVerb"


class CannotDisseminateFormat(OAIError):
    """The metadata format identified by the value given for the metadataPrefix argument is
    not supported by the item or by the repository."""

    code = "cannotDisseminateFormat"


class IdDoesNotExist(OAIError):
    """The value of the identifier argument is unknown or illegal in this repository."""

    code = "idDoesNotExist"


class NoRecordsMatch(OAIError):
    """The combination of the values of the from, until, set and metadataPrefix arguments
    results in an empty list."""

    code = "noRecordsMatch"


class NoMetadataFormats(OAIError):
    """There are no metadata formats available for the specified item."""

    code = "noMetadataFormats"


class NoSetHierarchy(OAIError):
    """The repository does not support sets."""

    code = "noSetHierarchy"


class OAIErrors(Exception):
    """Several error conditions found in one request, answered together."""

    def __init__(self, errors: Iterable[OAIError]) -> None:
        self.errors: tuple[OAIError, ...] = tuple(errors)
        super().__init__("; ".join(f"{e.code}: {e.message}" for e in self.errors))


#: Every error code of the protocol. The node supports sets, but its ListSets answers
#: NoSetHierarchy when a client can see no set at all (nothing held that its grants cover).
ALL: tuple[type[OAIError], ...] = (
    BadArgument,
    BadResumptionToken,
    BadVerb,
    CannotDisseminateFormat,
    IdDoesNotExist,
    NoRecordsMatch,
    NoMetadataFormats,
    NoSetHierarchy,
)


def echo_arguments(errors: Iterable[OAIError]) -> bool:
    """Whether the response's ``<request>`` may echo the arguments: not after badVerb or
    badArgument, whose arguments were not legal (spec 3.2)."""
    return not any(isinstance(error, BadVerb | BadArgument) for error in errors)
