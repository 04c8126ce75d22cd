"""A snapshot is read one ``[[requests]]`` table at a time, with the same result as whole.

Reading section by section keeps a 100,000-request import from holding the whole parsed
document; every file that cannot be read that way is read whole, so what the user gets
(the workspace, or the first error with its line) never depends on the path taken.
"""

from __future__ import annotations

import pytest

from secboard.domain import tomltext
from secboard.snapshot import SnapshotError, SnapshotFileInvalid, parse_snapshot
from secboard.snapshot.validate import validate_document
from tests.snapshot_samples import dump, sample_document

HEAD = """format = "secboard-snapshot"
version = 2

[workspace]
vision = "Security that sales can sell"
"""

REQUEST = """
[[requests]]
id = {id}
title = "Request {id}"
source = "customer"
status = "intake"
created_at = 2026-11-01T09:00:00Z
updated_at = 2026-11-01T09:00:00Z
{extra}
[[requests.history]]
at = 2026-11-01T09:00:00Z
to = "intake"
"""


def requests_text(*ids: int, extra: str = "") -> str:
    """Requests with these ids; ``extra`` lines go into the first one."""
    return "".join(
        REQUEST.format(id=request_id, extra=extra if position == 0 else "")
        for position, request_id in enumerate(ids)
    )


def line_of(text: str, part: str) -> int:
    """The line number ``part`` starts on in ``text``."""
    return text[: text.index(part)].count("\n") + 1


def read_whole(text: str) -> object:
    """What reading the file as one document gives."""
    return validate_document(tomltext.parse_toml(text), "s.toml").data


@pytest.fixture
def parsed_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text handed to the TOML parser while the test runs."""
    texts: list[str] = []
    real = tomltext.parse_toml

    def parse(text: str) -> dict[str, object]:
        texts.append(text)
        return real(text)

    monkeypatch.setattr("secboard.snapshot.files.parse_toml", parse)
    return texts


def test_each_request_is_parsed_on_its_own(parsed_texts: list[str]):
    content = dump(sample_document())

    parse_snapshot(content, "s.toml")

    assert len(parsed_texts) == 1 + len(sample_document()["requests"])
    assert sum(len(text) for text in parsed_texts) <= len(content)
    assert all(text.startswith("[[requests]]") for text in parsed_texts[1:])


def test_a_requests_line_inside_a_multi_line_string_reads_as_the_whole_file():
    text = HEAD + requests_text(
        1, 2, extra='description = """\nSee below\n[[requests]]\nid = 99\n"""'
    )

    data = parse_snapshot(text.encode(), "s.toml").data

    assert data == read_whole(text)
    assert [record.request.id for record in data.records] == [1, 2]
    assert "[[requests]]\nid = 99" in data.records[0].request.description


def test_a_table_after_the_requests_belongs_to_the_file_as_a_whole():
    head, workspace = HEAD.split("[workspace]")
    text = head + requests_text(1, 2) + "\n[workspace]" + workspace

    data = parse_snapshot(text.encode(), "s.toml").data

    assert data == read_whole(text)
    assert data.vision == "Security that sales can sell"


def test_a_requests_line_in_the_header_text_reads_as_the_whole_file():
    text = HEAD.replace(
        'vision = "Security that sales can sell"',
        "vision = '''\nline one\n[[requests]]\n'''",
    ) + requests_text(3)

    data = parse_snapshot(text.encode(), "s.toml").data

    assert data == read_whole(text)
    assert data.vision == "line one\n[[requests]]\n"


@pytest.mark.parametrize(
    ("wrong", "where"),
    [
        (("id = 2\n", "id = = 2\n"), "id = = 2"),
        (('title = "Request 2"', 'title = "Request 2'), 'title = "Request 2'),
        (("id = 3\n", "id = 3\nid = 3\n"), "id = 3\nid = 3"),
    ],
    ids=["bad value", "unterminated string", "duplicate key"],
)
def test_a_broken_request_is_reported_with_its_line_in_the_file(wrong, where):
    text = (HEAD + requests_text(1, 2, 3)).replace(*wrong)
    with pytest.raises(tomltext.TomlError) as whole:
        tomltext.parse_toml(text)

    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(text.encode(), "s.toml")

    assert str(caught.value) == f"s.toml is not valid TOML: {whole.value}"
    assert f"line {line_of(text, where) + where.count(chr(10))}," in str(caught.value)


def test_a_request_that_is_not_utf8_is_reported_with_its_line_in_the_file():
    text = HEAD + requests_text(1, 2)
    content = text.encode().replace(b"Request 2", b"Request \xff")

    with pytest.raises(SnapshotError) as caught:
        parse_snapshot(content, "s.toml")

    assert f"byte 0xff on line {line_of(text, 'Request 2')})" in str(caught.value)


def test_requests_written_with_windows_line_ends_are_read_the_same():
    text = HEAD + requests_text(1, 2, 3)

    data = parse_snapshot(text.replace("\n", "\r\n").encode(), "s.toml").data

    assert data == read_whole(text)


CHECKLIST_ROW = """
[[requests.checklist]]
key = "need_confirmed"
question = "Is it confirmed?"
answer = {answer}
note = ""
"""


def test_a_checklist_row_met_again_is_the_same_item_and_a_wrong_one_is_still_refused():
    text = HEAD + "".join(
        REQUEST.format(id=request_id, extra=CHECKLIST_ROW.format(answer='"yes"'))
        for request_id in (1, 2)
    )

    records = parse_snapshot(text.encode()).data.records
    first, second = (record.request.checklist for record in records)

    assert first == second
    assert first[0] is second[0]

    broken = text + REQUEST.format(id=3, extra=CHECKLIST_ROW.format(answer=1))
    with pytest.raises(SnapshotFileInvalid) as caught:
        parse_snapshot(broken.encode(), "s.toml")
    assert caught.value.problems == (
        "requests[2] (#3).checklist[0].answer: must be text in quotes, not an integer",
    )
