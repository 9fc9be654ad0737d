"""Translations of what families read of a cycle's form: the award's name and description, the
step (section) titles, and each question's label, help text, options and "if No" message.

Staff write every text in English; a translation is kept beside it, by language code, and read
through `spec.localised` and `Award.localised`. A missing one reads in English.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from portal.errors import DomainError
from portal.models import audit
from portal.permissions import can_change_cycles, can_translate_awards, require

from ..models import Cycle, Question

CHOICE_KINDS = (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE)


class FormChanged(DomainError):
    """The English form changed after the translations were typed against it."""


# Fields that hold many English texts (one per option or section); the others hold one.
MANY = ("choices", "sections")


@dataclass(frozen=True)
class Text:
    """One English text of a form, and where its translations are kept: in the `translations`
    of `owner` ("award", "cycle" or a question's primary key), under `field`, by the English
    (see `spec.translated`)."""

    owner: str | int
    field: str
    english: str
    # The heading the text is listed under, and what it is, for the translator.
    group: str = ""
    what: str = ""
    long: bool = False

    @property
    def name(self) -> str:
        """The name of its field on the translation screen: a changed English text is another
        field, so what was typed against the old one is never kept for the new."""
        digest = hashlib.sha256(self.english.encode()).hexdigest()[:12]
        return f"{self.owner}-{self.field}-{digest}"


def translation_languages() -> list[str]:
    """The languages families read besides English (settings.LANGUAGES): one page each."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def form_texts(cycle: Cycle, questions: list[Question], *, with_award: bool) -> list[Text]:
    """Every English text families read of `cycle`'s form (`questions`, in order), in the
    order they meet them; the award's name and description first when `with_award`."""
    texts = []
    if with_award:
        award = cycle.award
        texts.append(Text("award", "name", award.name, group="The award", what="Name"))
        if award.description:
            texts.append(
                Text(
                    "award",
                    "description",
                    award.description,
                    group="The award",
                    what="Description",
                    long=True,
                )
            )
    for section in dict.fromkeys(question.section for question in questions if question.section):
        texts.append(Text("cycle", "sections", section, group="Step titles", what="Step title"))
    for question in questions:
        group = f"Question “{question.key}”"
        texts.append(Text(question.pk, "label", question.label, group=group, what="Question"))
        if question.help_text:
            texts.append(
                Text(
                    question.pk,
                    "help_text",
                    question.help_text,
                    group=group,
                    what="Help text",
                    long=True,
                )
            )
        if question.kind in CHOICE_KINDS:
            texts.extend(
                Text(question.pk, "choices", option, group=group, what="Option")
                for option in question.choices
            )
        if question.kind == Question.Kind.ATTESTATION and question.if_no_message:
            texts.append(
                Text(
                    question.pk,
                    "if_no_message",
                    question.if_no_message,
                    group=group,
                    what="Message for a “No”",
                )
            )
    return texts


def fingerprint(texts: list[Text]) -> str:
    """What the English form was when a translation screen was opened: compared on saving."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(f"{text.name}\0{text.english}\0".encode())
    return digest.hexdigest()


def translation_of(translations: dict, language: str, text: Text) -> str:
    """What `text` reads in `language` by the owner's `translations` ("" where untranslated)."""
    return (((translations or {}).get(language) or {}).get(text.field) or {}).get(text.english, "")


def current_translations(
    cycle: Cycle, questions: list[Question], texts: list[Text], language: str
) -> dict[str, str]:
    """What each text reads in `language` now, by field name ("" where untranslated)."""
    owners = _owners(cycle, questions)
    return {
        text.name: translation_of(owners[text.owner].translations, language, text) for text in texts
    }


def _owners(cycle: Cycle, questions: list[Question]) -> dict:
    return {"award": cycle.award, "cycle": cycle, **{q.pk: q for q in questions}}


def _set(translations: dict, language: str, text: Text, value: str) -> dict:
    """`translations` with `text` translated as `value` ("" removes it). A field of one text
    keeps only the translation of its current English."""
    texts = dict(translations.get(language) or {})
    kept = dict(texts.get(text.field) or {}) if text.field in MANY else {}
    if value:
        kept[text.english] = value
    else:
        kept.pop(text.english, None)
    if kept:
        texts[text.field] = kept
    else:
        texts.pop(text.field, None)
    # No empty shells: a language with nothing translated is no language at all.
    if texts:
        return {**translations, language: texts}
    return {code: held for code, held in translations.items() if code != language}


def translate_form(
    cycle: Cycle, language: str, translations: dict[str, str], user, *, seen: str
) -> int:
    """Save the translations into `language` of `cycle`'s form, in one go: `translations` maps
    the field names of `form_texts` to their text ("" removes a translation; a name not given
    changes nothing). The award's texts
    are included when `user` may change awards. `seen` is the `fingerprint` of the English form
    the translations were typed against. Returns how many texts changed.

    Side effects: the translations of the award, the cycle (step titles) and each question
    that changed; an audit event naming the language and the number of texts changed. Raises
    PermissionDenied (a user who may not change cycles, or the award's texts without the
    right to change awards), ValueError (a language families do not read) or FormChanged
    (the English form changed since `seen`).
    """
    require(can_change_cycles(user))
    if language not in translation_languages():
        raise ValueError(f"No translations into {language!r}")
    with_award = can_translate_awards(user)
    with transaction.atomic():
        # Locks the award's row too (joined): two staff saving at once take turns.
        locked = Cycle.objects.select_for_update().select_related("award").get(pk=cycle.pk)
        questions = list(locked.questions.select_for_update().order_by("sort_order", "pk"))
        texts = form_texts(locked, questions, with_award=with_award)
        if fingerprint(texts) != seen:
            raise FormChanged
        if not with_award and any(name.startswith("award-") for name in translations):
            raise PermissionDenied
        owners = _owners(locked, questions)
        changed_owners = {}
        changed = 0
        for text in texts:
            if text.name not in translations:
                continue
            value = translations[text.name].strip()
            owner = owners[text.owner]
            if translation_of(owner.translations, language, text) == value:
                continue
            owner.translations = _set(owner.translations or {}, language, text, value)
            changed_owners[text.owner] = owner
            changed += 1
        for owner in changed_owners.values():
            owner.save(update_fields=["translations"])
        audit(user, "cycle.translated", locked, language=language, changed=changed)
    cycle.refresh_from_db()
    return changed


def add_missing_translations(cycle: Cycle, by_english: dict[str, dict[str, str]]) -> int:
    """Translate every text of `cycle`'s form and award that has no translation yet from
    `by_english` ({language: {English text: translation}}), leaving every translation that
    exists as it is: for seeding demo data, so seeding again keeps what staff changed. Returns
    how many texts it translated.

    Side effects: the translations of the award, the cycle and the questions it added to.
    """
    with transaction.atomic():
        locked = Cycle.objects.select_for_update().select_related("award").get(pk=cycle.pk)
        questions = list(locked.questions.select_for_update().order_by("sort_order", "pk"))
        owners = _owners(locked, questions)
        changed_owners = {}
        added = 0
        for text in form_texts(locked, questions, with_award=True):
            owner = owners[text.owner]
            for language, texts in by_english.items():
                value = texts.get(text.english)
                if not value or translation_of(owner.translations, language, text):
                    continue
                owner.translations = _set(owner.translations or {}, language, text, value)
                changed_owners[text.owner] = owner
                added += 1
        for owner in changed_owners.values():
            owner.save(update_fields=["translations"])
    return added
