"""`recherche_public`: data·inclusion's free text over a service's publics and their precisions,
in PostgreSQL's web-search syntax (websearch_to_tsquery): words all required, `OR` between
two alternatives, `-word` excluded, "a phrase" in that order; accents and case ignored.

The library has no search over these two fields, so it is done here over the offers the other
filters kept. PostgreSQL's French Snowball stemmer is approximated by cutting the common French
endings (plural, feminine, -ement, -ation): `jeunes` finds `jeune`, `handicapées` finds
`handicap`.
"""

import re
import unicodedata

_ENDINGS = ("ements", "ement", "ations", "ation", "euses", "euse", "eurs", "eur", "ees", "ee",
            "es", "e", "s", "x")
_TOKEN = re.compile(r'-?"[^"]*"?|\S+')


def words(text):
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return [stem(w) for w in re.split(r"[^a-z0-9]+", folded) if w]


def stem(word):
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


def parse(query):
    """The query as clauses, all required: each a list of alternatives (negated, [stems])."""
    clauses, pending_or = [], False
    for token in _TOKEN.findall(query):
        if token == "OR":
            pending_or = bool(clauses)
            continue
        negated = token.startswith("-") and len(token) > 1
        if negated:
            token = token[1:]
        stems = words(token.strip('"'))
        if not stems:
            continue
        term = (negated, stems)
        if pending_or and not negated:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        pending_or = False
    return clauses


def _contains(haystack, needle):
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def matcher(query):
    """keep(offer) for a recherche_public query, or None when the query has no word (as
    websearch_to_tsquery gives an empty query, which data·inclusion then ignores)."""
    clauses = parse(query)
    if not clauses:
        return None

    def keep(offer):
        text = words(" ".join(p.replace("-", " ") for p in offer.publics) + " "
                     + offer.publics_precisions)
        for clause in clauses:
            if not any(_contains(text, stems) != negated for negated, stems in clause):
                return False
        return True

    return keep
