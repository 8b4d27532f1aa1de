"""The six verbs' argument rules as one table and the validator that reads it.

The handlers and their dispatch are in :mod:`node.oai.handlers`.

``VERBS`` is the single statement of which arguments each verb requires, allows and treats as
exclusive; the validator and the conformance tests both read it. Validation collects every
problem it finds so one response can carry several ``<error>`` elements: repeated arguments
(seen through ``getlist``), unknown arguments, a missing required argument, an exclusive
argument mixed with others, values of illegal syntax, and an unsupported metadataPrefix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from werkzeug.datastructures import MultiDict

from node.oai import dates, formats
from node.oai.errors import BadArgument, BadVerb, CannotDisseminateFormat, OAIError, OAIErrors


@dataclass(frozen=True)
class VerbRule:
    """Arguments of one verb besides ``verb`` itself."""

    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    exclusive: str | None = None

    @property
    def allowed(self) -> frozenset[str]:
        return self.required | self.optional | ({self.exclusive} if self.exclusive else set())


_LIST = VerbRule(
    required=frozenset({"metadataPrefix"}),
    optional=frozenset({"from", "until", "set"}),
    exclusive="resumptionToken",
)

VERBS: dict[str, VerbRule] = {
    "Identify": VerbRule(),
    "ListMetadataFormats": VerbRule(optional=frozenset({"identifier"})),
    "ListSets": VerbRule(exclusive="resumptionToken"),
    "GetRecord": VerbRule(required=frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": _LIST,
    "ListRecords": _LIST,
}

#: Characters XML 1.0 cannot carry (and PostgreSQL refuses: NUL), besides whitespace.
_NOT_XML = "\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff"

#: Value syntax from OAI-PMH.xsd (metadataPrefixType, setSpecType); identifiers and tokens are
#: any visible characters XML can hold (they are echoed in ``<request>`` and queried).
SYNTAX: dict[str, re.Pattern[str]] = {
    "metadataPrefix": re.compile(r"[A-Za-z0-9\-_.!~*'()]+"),
    "set": re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*"),
    "identifier": re.compile(rf"[^\s{_NOT_XML}]+"),
    "resumptionToken": re.compile(rf"[^\s{_NOT_XML}]+"),
}


@dataclass(frozen=True)
class OAIRequest:
    """A validated request: the verb, its arguments, and the parsed date window."""

    verb: str
    args: dict[str, str] = field(default_factory=dict)
    from_: datetime | None = None
    until: datetime | None = None


def validate(values: MultiDict) -> OAIRequest:
    """Check ``values`` (query or form arguments) against the table; OAIErrors when illegal."""
    verbs = values.getlist("verb")
    if len(verbs) != 1 or verbs[0] not in VERBS:
        what = "missing" if not verbs else "repeated" if len(verbs) > 1 else f"{verbs[0]!r} illegal"
        raise OAIErrors([BadVerb(f"the verb argument is {what}")])
    verb = verbs[0]
    rule = VERBS[verb]
    errors: list[OAIError] = []
    args = _single_values(values, rule, errors)
    errors += _presence_errors(args, rule)
    errors += _syntax_errors(args)
    window = _window(args, errors)
    prefix = args.get("metadataPrefix")
    if prefix and SYNTAX["metadataPrefix"].fullmatch(prefix) and prefix not in formats.REGISTRY:
        errors.append(CannotDisseminateFormat(f"metadataPrefix {prefix!r} is not supported"))
    if errors:
        raise OAIErrors(errors)
    return OAIRequest(verb, args, *window)


def _single_values(values: MultiDict, rule: VerbRule, errors: list[OAIError]) -> dict[str, str]:
    args: dict[str, str] = {}
    for key in values:
        if key == "verb":
            continue
        given = values.getlist(key)
        if key not in rule.allowed:
            errors.append(BadArgument(f"{key!r} is not an argument of this verb"))
        elif len(given) > 1:
            errors.append(BadArgument(f"the argument {key!r} is repeated"))
        else:
            args[key] = given[0]
    return args


def _presence_errors(args: dict[str, str], rule: VerbRule) -> Iterable[OAIError]:
    if rule.exclusive and rule.exclusive in args:
        others = sorted(set(args) - {rule.exclusive})
        if others:
            yield BadArgument(f"{rule.exclusive} is exclusive; remove {', '.join(others)}")
        return
    for name in sorted(rule.required - set(args)):
        yield BadArgument(f"the required argument {name!r} is missing")


def _syntax_errors(args: dict[str, str]) -> Iterable[OAIError]:
    for name, pattern in SYNTAX.items():
        if name in args and not pattern.fullmatch(args[name]):
            yield BadArgument(f"{name}={args[name]!r} has an illegal syntax")


def _window(args: dict[str, str], errors: list[OAIError]) -> tuple:
    try:
        return dates.window(args.get("from"), args.get("until"))
    except BadArgument as error:
        errors.append(error)
        return None, None
