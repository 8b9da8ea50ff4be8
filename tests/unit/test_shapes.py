"""Each record is declared once (``glutetui/records.py``); everything that spells
it again is derived from it or checked against it here: the tables, the export's
JSON schema and the CLI's JSON. The CSV columns are checked against the contract's
own list (docs/contracts.md)."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from glutetui.records import (
    Dose,
    DoseChangeRecord,
    SelfTestRecord,
    SetRecord,
    SuggestionRecord,
    WorkoutRecord,
)
from glutetui.store import csv_export, exchange
from glutetui.store.models import Base

SCHEMA = Path(__file__).resolve().parents[2] / "docs" / "export-schema.json"


def columns(table: str) -> set[str]:
    return set(Base.metadata.tables[table].columns.keys())


def fields(shape: type[msgspec.Struct]) -> set[str]:
    return set(shape.__struct_fields__)


@pytest.mark.parametrize(
    ("table", "shape", "stored_only", "shape_only"),
    [
        ("set_logs", SetRecord, set(), set()),
        ("workouts", WorkoutRecord, {"plan"}, set()),  # the plan is exported as JSON
        ("dose_changes", DoseChangeRecord, {"id", "suggestion_id"}, {"suggestion_uid"}),
        ("self_tests", SelfTestRecord, set(), set()),
    ],
)
def test_every_table_holds_its_shape(
    table: str, shape: type[msgspec.Struct], stored_only: set[str], shape_only: set[str]
) -> None:
    assert columns(table) - stored_only == fields(shape) - shape_only


def test_a_suggestion_row_holds_its_two_doses_side_by_side() -> None:
    dose = fields(Dose)
    spelled = {"exercise" if f == "exercise_id" else f for f in dose}
    flat = {f"{prefix}{f}" for prefix in ("from_", "to_") for f in spelled}
    assert columns("suggestions") == fields(SuggestionRecord) - {"before", "after"} | flat


def test_the_export_schema_in_docs_is_generated_from_the_shapes() -> None:
    generated = json.dumps(exchange.schema(), indent=2, sort_keys=True) + "\n"
    assert SCHEMA.read_text(encoding="utf-8") == generated, (
        "docs/export-schema.json is out of date: run "
        "`uv run python -m glutetui.store.exchange > docs/export-schema.json`"
    )


# The CSV export's columns, in order, as docs/contracts.md states them. Spelled out
# here, not rebuilt from the shape: scripts and spreadsheets read these names, so a
# field added to or renamed in the logged set must fail this test, and the contract
# (and this list) be changed on purpose.
CSV_COLUMNS = [
    "date",
    "workout_uid",
    "program",
    "exercise_name",
    "block",
    "set_index",
    "side",
    "exercise",
    "slot",
    "kind",
    "target_reps",
    "target_hold",
    "reps",
    "hold_seconds",
    "rep_seconds",
    "band",
    "effort",
    "pain",
    "partial",
    "started_at",
    "ended_at",
    "pain_side_known",
    "skipped",
]


def test_the_csv_columns_are_the_ones_the_contract_states() -> None:
    assert csv_export.CSV_HEADER == CSV_COLUMNS
