"""The discovery checklist: its default questions, answering them, custom templates."""

from __future__ import annotations

import pytest

from secboard.domain.checklist import (
    DEFAULT_TEMPLATE,
    TEMPLATE_MAX,
    answer_item,
    instantiate,
    parse_template,
)
from secboard.domain.errors import InvalidInput, NotFound
from secboard.domain.model import Answer, ChecklistItem, TemplateItem
from tests.builders import DEFAULT_KEYS, open_checklist


def test_default_template_has_the_essays_questions_with_fixed_keys():
    assert tuple(item.key for item in DEFAULT_TEMPLATE) == DEFAULT_KEYS
    assert DEFAULT_TEMPLATE[0].question == (
        "Is it confirmed that the requester requires this (evidence, not belief)?"
    )
    assert all(item.question.endswith("?") for item in DEFAULT_TEMPLATE)


def test_answering_a_question_changes_only_that_question():
    checklist = open_checklist()

    answered = answer_item(checklist, "revenue_tied", Answer.YES, "Renewal blocked")

    assert answered[1] == ChecklistItem(
        "revenue_tied", DEFAULT_TEMPLATE[1].question, Answer.YES, "Renewal blocked"
    )
    assert answered[:1] + answered[2:] == checklist[:1] + checklist[2:]


def test_answering_without_a_note_keeps_the_note_and_an_empty_note_clears_it():
    noted = answer_item(open_checklist(), "need_confirmed", Answer.NO, "asked twice")

    kept = answer_item(noted, "need_confirmed", Answer.YES, None)
    cleared = answer_item(noted, "need_confirmed", Answer.YES, "")

    assert (kept[0].answer, kept[0].note) == (Answer.YES, "asked twice")
    assert (cleared[0].answer, cleared[0].note) == (Answer.YES, "")


def test_a_question_can_be_reopened():
    answered = answer_item(open_checklist(), "scope_reduced", Answer.NA, None)

    assert answer_item(answered, "scope_reduced", Answer.OPEN, None)[4].answer is Answer.OPEN


def test_unknown_key_lists_the_valid_keys():
    with pytest.raises(NotFound) as caught:
        answer_item(open_checklist(), "need_confirmd", Answer.YES, None)

    assert str(caught.value) == (
        "unknown checklist key 'need_confirmd'; this checklist has: " + ", ".join(DEFAULT_KEYS)
    )


def test_answering_before_discovery_is_refused():
    with pytest.raises(NotFound) as caught:
        answer_item((), "need_confirmed", Answer.YES, None)

    assert "move it to discovery first" in str(caught.value)


def test_instantiate_adds_new_template_questions_unanswered_and_keeps_answers():
    existing = (ChecklistItem("need_confirmed", "old wording", Answer.YES, "contract"),)
    template = (
        TemplateItem("need_confirmed", "new wording"),
        TemplateItem("threat_model", "Is there a threat model?"),
    )

    assert instantiate(template, existing) == (
        ChecklistItem("need_confirmed", "old wording", Answer.YES, "contract"),
        ChecklistItem("threat_model", "Is there a threat model?"),
    )


# Custom templates ------------------------------------------------------------------------


def test_custom_template_is_parsed_in_order_with_questions_trimmed():
    rows = [
        {"key": "threat_model", "question": "  Is there a threat model?  "},
        {"key": "dpo_signoff", "question": "Has the DPO signed off?"},
    ]

    assert parse_template(rows) == (
        TemplateItem("threat_model", "Is there a threat model?"),
        TemplateItem("dpo_signoff", "Has the DPO signed off?"),
    )


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (None, "checklist: must be a non-empty list of {key, question} tables"),
        ([], "checklist: must be a non-empty list of {key, question} tables"),
        ("need_confirmed", "checklist: must be a non-empty list of {key, question} tables"),
        (["need_confirmed"], "checklist[0]: must be a table with key and question"),
        (
            [{"key": "a", "question": "?", "weight": 2}],
            "checklist[0]: unknown field 'weight'",
        ),
        (
            [{"key": "Bad-Key", "question": "?"}],
            "checklist[0].key: 'Bad-Key' must be lower_snake_case, 1–40 characters",
        ),
        ([{"question": "?"}], "checklist[0].key: '' must be lower_snake_case, 1–40 characters"),
        (
            [{"key": "a", "question": "?"}, {"key": "a", "question": "again?"}],
            "checklist[1].key: duplicate key 'a'",
        ),
        ([{"key": "a", "question": "  "}], "checklist[0].question: must be non-empty text"),
        ([{"key": "a", "question": 3}], "checklist[0].question: must be non-empty text"),
        (
            [{"key": "a", "question": "x" * 501}],
            "checklist[0]: is 501 characters long; at most 500",
        ),
    ],
)
def test_bad_custom_template_is_refused_naming_the_row(rows, message):
    with pytest.raises(InvalidInput) as caught:
        parse_template(rows)

    assert str(caught.value) == message


def test_custom_template_with_too_many_questions_is_refused():
    rows = [{"key": f"q{i}", "question": "?"} for i in range(TEMPLATE_MAX + 1)]

    with pytest.raises(InvalidInput, match=f"has {TEMPLATE_MAX + 1} questions; at most 40"):
        parse_template(rows)
