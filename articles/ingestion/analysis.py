"""Find what a source's text is about: known parties it names, the cases they point to, and
quoted statements attributed to known people (testimony candidates).

This is deliberately plain pattern matching on known names, not NLP: every suggestion comes
from a name a curator entered (a Party's name or alias), so a curator can always see why it was
suggested, and nothing is published without a curator accepting it.
"""

from __future__ import annotations

import bisect
import functools
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Subquery

from cases.models import CaseRole, Party

# How sources attribute a quote. "asked" and friends introduce a question, used as context.
STATEMENT_VERBS = (
    "said|says|testified|testifies|answered|answers|replied|replies|responded|responds|told|tells|"
    "added|adds|stated|states|explained|explains|insisted|insists|acknowledged|acknowledges|"
    "admitted|admits|conceded|concedes|argued|argues|claimed|claims|continued|countered|noted|"
    "recalled|remarked|wrote|writes|declared|maintained|agreed|denied|confirmed|recounted|"
    "quipped|shot back|went on|interjected|clarified|warned"
)
QUESTION_VERBS = "asked|asks|questioned|pressed|wanted to know"
VERBS = f"{QUESTION_VERBS}|{STATEMENT_VERBS}"
QUESTION_VERB_SET = frozenset(QUESTION_VERBS.split("|"))

QUOTE_RE = re.compile(r"“(?P<curly>[^“”]{1,1500})”|\"(?P<straight>[^\"\n]{1,1500})\"")
# The end of a sentence: terminal punctuation, closing quotes or brackets, space, then a capital.
SENTENCE_END_RE = re.compile(r"[.!?…][\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])|\n+")
MAX_QUESTION_DISTANCE = 300  # characters between a question and the answer it gives context to


@dataclass(frozen=True)
class KnownParty:
    pk: int
    name: str
    names: tuple[str, ...]
    is_person: bool


@dataclass
class FoundMention:
    party_id: int
    count: int = 0
    names: set[str] = field(default_factory=set)
    first_at: int = 0
    excerpt: str = ""


@dataclass
class FoundQuote:
    speaker_id: int
    quote: str
    sentence: str
    verb: str
    position: int
    context: str = ""


@dataclass
class FoundCase:
    case_id: int
    score: int
    reason: str
    by_title: bool = False


def known_parties() -> list[KnownParty]:
    """Every party with the names it can be found by (one query)."""
    return [
        KnownParty(
            pk=party.pk,
            name=party.name,
            names=tuple(dict.fromkeys(n for n in party.names if len(n) >= 2)),
            is_person=party.kind == Party.Kind.PERSON,
        )
        for party in Party.objects.only("id", "name", "aliases", "kind")
    ]


@dataclass
class Knowledge:
    """What analysis needs from the database: the parties' names and the cases they are in."""

    matcher: PartyMatcher
    parties: dict[int, KnownParty]
    party_cases: dict[int, set[int]]  # party id -> ids of the cases it has a role in
    case_titles: dict[int, str]


_cache: dict[str, tuple] = {}
CACHE_SECONDS = 300.0


HISTORY_MODELS = ("HistoricalParty", "HistoricalCaseRole", "HistoricalCase")


def version_expressions() -> dict[str, Subquery]:
    """The newest history ids of parties, case roles and cases, as expressions a caller can
    annotate onto a query it runs anyway (the fetch claim reads them beside the source's URL).

    Every save or delete through the ORM adds a history row, so they change whenever a name,
    an alias, a role or a case title could have changed."""
    return {
        f"version_{name.lower()}": Subquery(
            apps.get_model("cases", name).objects.order_by("-history_id").values("history_id")[:1]
        )
        for name in HISTORY_MODELS
    }


def _version() -> tuple:
    """version_expressions() read alone, in one query (beside any party: with no party there
    is nothing to know, and the first one added changes the version)."""
    expressions = version_expressions()
    newest = Party.objects.annotate(**expressions).values(*expressions).first() or {}
    return tuple(newest.get(name) for name in expressions)


def forget_knowledge(**_signal_kwargs) -> None:
    """Drop this process's cached knowledge (connected to saves of parties, roles and cases,
    so this process sees its own edits at once, before any version is read)."""
    _cache.pop("knowledge", None)


def knowledge(version: tuple | None = None) -> Knowledge:
    """The parties and roles for analysis, rebuilt only when they changed (a worker analyses
    many pages between two edits). Also expires after CACHE_SECONDS, in case rows were
    changed behind the ORM's back. `version` is version_expressions() read by the caller, when it
    already has it; otherwise it is read here."""
    version = _version() if version is None else tuple(version)
    cached = _cache.get("knowledge")
    if cached and cached[0] == version and time.monotonic() - cached[1] < CACHE_SECONDS:
        return cached[2]
    parties = known_parties()
    party_cases: dict[int, set[int]] = defaultdict(set)
    case_titles: dict[int, str] = {}
    for case_id, party_id, title in CaseRole.objects.values_list(
        "case_id", "party_id", "case__short_title"
    ):
        party_cases[party_id].add(case_id)
        case_titles[case_id] = title
    result = Knowledge(
        matcher=PartyMatcher(parties),
        parties={party.pk: party for party in parties},
        party_cases=dict(party_cases),
        case_titles=case_titles,
    )
    _cache["knowledge"] = (version, time.monotonic(), result)
    return result


# What may stand between the speaker and the verb: an aside in commas, or an adverb.
SUBJECT_GAP = re.compile(
    r"\s*(?:,[^,“”\"]{1,100},\s*)?(?:(?:then|also|later|again|finally|simply|\w+ly)\s+)?",
    re.IGNORECASE,
)


def _names_pattern(names: Iterable[str]) -> str:
    # Longest first, so "Sam Altman" wins over "Altman" at the same position.
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in ordered)


class PartyMatcher:
    """Finds known parties' names and aliases in text: whole words, any case."""

    def __init__(self, parties: list[KnownParty]) -> None:
        self.parties = {party.pk: party for party in parties}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for party in parties:
            for name in party.names:
                key = " ".join(name.split()).casefold()
                if party.pk not in self.by_name[key]:
                    self.by_name[key].append(party.pk)
        all_names = [name for party in parties for name in party.names]
        person_names = [name for party in parties if party.is_person for name in party.names]
        self.regex = self._compile(all_names)
        self.person_regex = self._compile(person_names)
        # "“…,” Musk said" / "“…” said Musk": compiled once per set of names, not per quote.
        self.speaker_after_regex = None
        if self.person_regex is not None:
            names = self.person_regex.pattern
            # Not "Musk’s lawyer said", nor "Musk lawyer Toberoff said": only an aside or an
            # adverb may stand between the name and the verb, as before a quotation.
            self.speaker_after_regex = re.compile(
                rf"^\s*,?\s*(?:(?P<name>{names})(?![’']s\b){SUBJECT_GAP.pattern}(?P<verb>{VERBS})"
                rf"|(?P<verb2>{VERBS})\s+(?P<name2>{names})(?![’']s\b))"
                rf"(?!\w)(?P<next>\s*[,:]?\s*[“\"])?",
                re.IGNORECASE,
            )

    @staticmethod
    def _compile(names: list[str]) -> re.Pattern | None:
        if not names:
            return None
        return re.compile(rf"(?<!\w)(?:{_names_pattern(names)})(?!\w)", re.IGNORECASE)

    def parties_named(self, matched: str) -> list[int]:
        return self.by_name.get(" ".join(matched.split()).casefold(), [])

    def persons_named(self, matched: str) -> list[int]:
        return [pk for pk in self.parties_named(matched) if self.parties[pk].is_person]


def find_mentions(text: str, matcher: PartyMatcher) -> list[FoundMention]:
    """Each known party the text names, with how often and where first."""
    found: dict[int, FoundMention] = {}
    if matcher.regex is None:
        return []
    for match in matcher.regex.finditer(text):
        for pk in matcher.parties_named(match.group(0)):
            mention = found.get(pk)
            if mention is None:
                start = max(0, match.start() - 120)
                excerpt = text[start : match.end() + 120].replace("\n", " ").strip()
                mention = found[pk] = FoundMention(
                    party_id=pk, first_at=match.start(), excerpt=excerpt[:400]
                )
            mention.count += 1
            mention.names.add(match.group(0))
    return sorted(found.values(), key=lambda m: m.first_at)


def _quote_spans(text: str) -> list[re.Match]:
    return list(QUOTE_RE.finditer(text))


def _sentence_bounds(text: str, spans: list[re.Match]) -> list[int]:
    """Positions where sentences start, ignoring full stops inside quotations. Both come in
    text order, so one pass over each."""
    inside = [(m.start() + 1, m.end() - 1) for m in spans]
    bounds = [0]
    quote = 0
    for match in SENTENCE_END_RE.finditer(text):
        end = match.end()
        while quote < len(inside) and inside[quote][1] <= end:
            quote += 1
        if not (quote < len(inside) and inside[quote][0] < end):
            bounds.append(end)
    return bounds


def _sentence_around(text: str, bounds: list[int], start: int, end: int) -> str:
    begin = bounds[bisect.bisect_right(bounds, start) - 1] if bounds and bounds[0] <= start else 0
    after = bisect.bisect_right(bounds, end)
    finish = bounds[after] if after < len(bounds) else len(text)
    return " ".join(text[begin:finish].split())


def _speaker_after(after: str, matcher: PartyMatcher) -> tuple[int, str] | None:
    """'”, Musk said' / '” Musk told the jury' / '” said Musk'. Not when the verb introduces
    the next quotation instead ('” Musk answered, “Partly.”')."""
    if matcher.speaker_after_regex is None:
        return None
    match = matcher.speaker_after_regex.match(after)
    if not match or match.group("next"):
        return None
    name = match.group("name") or match.group("name2")
    verb = (match.group("verb") or match.group("verb2")).lower()
    persons = matcher.persons_named(name)
    return (persons[0], verb) if len(persons) == 1 else None


# Words after which a name is an object, not the speaker ("a spokesperson for Musk said").
NOT_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:for|of|to|with|by|about|against|from|at|on|than|like|and|or)|[’']s)\s*$",
    re.IGNORECASE,
)
# A statement verb ending the text before a quotation ("… told the jury: ").
VERB_BEFORE_QUOTE_RE = re.compile(
    rf"(?<!\w)(?P<verb>{VERBS})(?:\s+(?:the\s+)?[\w’']+){{0,2}}?\s*[,:]?\s*$", re.IGNORECASE
)


def _speaker_before(before: str, matcher: PartyMatcher) -> tuple[int, str] | None:
    """'Musk said, “' / 'Musk answered: “' / 'Musk, asked about it, told the jury: “': the
    verb just before the quote, and a known person as the subject of that verb."""
    if matcher.person_regex is None:
        return None
    verb_match = VERB_BEFORE_QUOTE_RE.search(before)
    if not verb_match:
        return None
    names = list(matcher.person_regex.finditer(before, 0, verb_match.start()))
    if not names:
        return None
    name = names[-1]
    if not SUBJECT_GAP.fullmatch(before, name.end(), verb_match.start()):
        return None
    if NOT_SUBJECT_BEFORE.search(before, 0, name.start()):
        return None
    persons = matcher.persons_named(name.group(0))
    return (persons[0], verb_match.group("verb").lower()) if len(persons) == 1 else None


def find_quotes(text: str, matcher: PartyMatcher) -> list[FoundQuote]:
    """Quoted passages attributed to a known person in the same sentence.

    A quote introduced by "asked" is a question: it becomes the context of the next statement
    (so "Partly." carries "So that's a yes?"), not a candidate itself."""
    spans = _quote_spans(text)
    bounds = _sentence_bounds(text, spans)
    quotes: list[FoundQuote] = []
    question: tuple[int, str] | None = None  # (end position, question text)
    for span in spans:
        quote = (span.group("curly") or span.group("straight") or "").strip()
        quote = quote.rstrip(",").strip()
        if not quote or not any(char.isalpha() for char in quote):
            continue
        sentence_start = bounds[bisect.bisect_right(bounds, span.start()) - 1]  # bounds[0] is 0
        # "Musk answered, “Partly.”" first; then "“…,” Musk said", unless the quotation ended
        # its sentence with a full stop (then the name after it starts a new sentence).
        attribution = _speaker_before(text[sentence_start : span.start()], matcher)
        if attribution is None and not quote.endswith("."):
            attribution = _speaker_after(text[span.end() : span.end() + 80], matcher)
        if attribution is None:
            continue
        speaker_id, verb = attribution
        if verb in QUESTION_VERB_SET:
            question = (span.end(), quote)
            continue
        context = ""
        if question and span.start() - question[0] <= MAX_QUESTION_DISTANCE:
            context = question[1]
        question = None
        quotes.append(
            FoundQuote(
                speaker_id=speaker_id,
                quote=quote,
                sentence=_sentence_around(text, bounds, span.start(), span.end()),
                verb=verb,
                position=span.start("curly") if span.group("curly") else span.start("straight"),
                context=context,
            )
        )
    return quotes


@functools.lru_cache(maxsize=1024)
def _title_pattern(short_title: str) -> re.Pattern | None:
    """'Musk v. OpenAI' also matches 'Musk vs OpenAI' and 'Musk v OpenAI'."""
    sides = re.split(r"\s+vs?\.?\s+", short_title.strip(), maxsplit=1, flags=re.IGNORECASE)
    if len(sides) != 2 or not all(sides):
        return None
    left, right = (re.escape(side).replace(r"\ ", r"\s+") for side in sides)
    return re.compile(rf"(?<!\w){left}\s+vs?\.?\s+{right}(?!\w)", re.IGNORECASE)


def suggest_cases(text: str, mentions: list[FoundMention], known: Knowledge) -> list[FoundCase]:
    """Cases the source is likely about: named by title, or sharing parties with the text.

    A case is suggested when the text names it ("Musk v. OpenAI"), when two or more of its
    parties are mentioned, or when a mentioned party is in that one case only. OpenAI alone is
    a party to most AI cases, so one shared party is not enough when it has several cases.
    Only cases of mentioned parties are considered: a case title is made of party names."""
    case_parties: dict[int, set[int]] = defaultdict(set)
    for mention in mentions:
        for case_id in known.party_cases.get(mention.party_id, ()):
            case_parties[case_id].add(mention.party_id)
    found: dict[int, FoundCase] = {}
    for case_id, party_ids in case_parties.items():
        title = known.case_titles[case_id]
        pattern = _title_pattern(title)
        names = ", ".join(sorted(known.parties[pk].name for pk in party_ids if pk in known.parties))
        names = names.rstrip(".")  # "xAI Corp." ends the sentence with its own full stop
        if pattern and pattern.search(text):
            found[case_id] = FoundCase(
                case_id, len(party_ids) + 1, f"The text names “{title}”.", by_title=True
            )
        elif len(party_ids) >= 2:
            found[case_id] = FoundCase(
                case_id, len(party_ids), f"The text names {len(party_ids)} of its parties: {names}."
            )
        elif all(len(known.party_cases[pk]) == 1 for pk in party_ids):
            found[case_id] = FoundCase(case_id, 1, f"The text names its party {names}.")
    return sorted(found.values(), key=lambda c: (-c.score, c.case_id))
