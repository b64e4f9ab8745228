"""Suggested partners (連携の候補): partners whose offers match what I am looking for, whose needs match what I
offer, and who work on the same goals, each with the reason.

A profile's offers and needs are cut into phrases (at line breaks, spaces and punctuation). A phrase of mine
matches another partner when their text contains it under the Japanese search rules (partners/core/text.py:
width, case and hiragana/katakana folded), found through the search index, then confirmed field by field on
the few candidates. Only active partners whose listing is not private are suggested, and their offers and needs
are read only when they share them with partners."""

import re
from dataclasses import dataclass, field

from sqlalchemy import func, select, union

from partners.core.text import fold_for_search
from partners.extensions import db
from partners.members.models import Partner, PartnerGoal, PartnerStatus, Visibility
from partners.members.search import matching_partner_ids
from partners.portal.models import Collaboration, CollaborationStatus

_PHRASE_BREAKS = re.compile(r"[\s、。，,．.・/／;；:：「」『』（）()【】\[\]!！?？〜～]+")
MIN_PHRASE, MAX_PHRASE, MAX_PHRASES = 2, 30, 12
MAX_CANDIDATES = 60  # per kind of match: the best goal overlaps, and text matches (bench/portal.py)
TEXT_WEIGHT = 3  # a phrase that matches says more than one shared goal


def phrases(text: str) -> list[str]:
    """The phrases of a text, as typed, at most MAX_PHRASES, one per folded form."""
    found, seen = [], set()
    for piece in _PHRASE_BREAKS.split(text or ""):
        folded = fold_for_search(piece)
        if MIN_PHRASE <= len(folded) <= MAX_PHRASE and folded not in seen:
            seen.add(folded)
            found.append(piece)
    return found[:MAX_PHRASES]


def _found_in(phrase_list: list[str], text: str) -> list[str]:
    lines = [fold_for_search(line) for line in (text or "").splitlines()]
    return [phrase for phrase in phrase_list if any(fold_for_search(phrase) in line for line in lines)]


@dataclass
class Suggestion:
    partner: Partner
    shared_goals: list[int] = field(default_factory=list)
    meets_my_needs: list[str] = field(default_factory=list)  # my needs their offers contain
    wants_my_offers: list[str] = field(default_factory=list)  # my offers their needs contain

    @property
    def score(self) -> int:
        return TEXT_WEIGHT * (len(self.meets_my_needs) + len(self.wants_my_offers)) + len(self.shared_goals)


def _eligible(partner: Partner):
    """Active, listed partners other than `partner` and than those it already asked, was asked by or works with
    (a declined request does not stop a later suggestion)."""
    open_or_accepted = Collaboration.status.in_((CollaborationStatus.PENDING, CollaborationStatus.ACCEPTED))
    connected = union(
        select(Collaboration.recipient_id).where(Collaboration.sender_id == partner.id, open_or_accepted),
        select(Collaboration.sender_id).where(Collaboration.recipient_id == partner.id, open_or_accepted),
    ).subquery()
    return (Partner.status == PartnerStatus.ACTIVE, Partner.id != partner.id,
            Partner.visibility_listing != Visibility.PRIVATE, Partner.id.not_in(select(connected.c[0])))


def suggestions_for(partner: Partner, limit: int = 10) -> list[Suggestion]:
    """The best `limit` suggestions for `partner`, best first (then in 50音 order); a fixed number of queries."""
    needs, offers = phrases(partner.needs), phrases(partner.offers)
    goals = partner.goals
    candidates = []
    texts = [matching_partner_ids(phrase, sections=["offers_needs"]) for phrase in needs + offers]
    texts = [query for query in texts if query is not None]
    if texts:
        candidates.append(select(Partner.id).where(
            Partner.id.in_(union(*texts).subquery().select()), *_eligible(partner),
            Partner.visibility_offers_needs != Visibility.PRIVATE).limit(MAX_CANDIDATES))
    if goals:
        candidates.append(select(PartnerGoal.partner_id).join(Partner, Partner.id == PartnerGoal.partner_id)
                          .where(PartnerGoal.goal.in_(goals), *_eligible(partner))
                          .group_by(PartnerGoal.partner_id).order_by(func.count().desc(), PartnerGoal.partner_id)
                          .limit(MAX_CANDIDATES))
    if not candidates:
        return []
    ids = set()
    for query in candidates:
        ids.update(db.session.scalars(query))
    if not ids:
        return []
    suggestions = []
    for other in db.session.scalars(select(Partner).where(Partner.id.in_(ids))):
        suggestion = Suggestion(other, shared_goals=sorted(set(goals) & set(other.goals)))
        if other.visibility_offers_needs != Visibility.PRIVATE:
            suggestion.meets_my_needs = _found_in(needs, other.offers)
            suggestion.wants_my_offers = _found_in(offers, other.needs)
        if suggestion.score:
            suggestions.append(suggestion)
    suggestions.sort(key=lambda s: (-s.score, s.partner.kana_sort_key, s.partner.id))
    return suggestions[:limit]
