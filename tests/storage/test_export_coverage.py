"""The export against what went in: every field of every record kind, every column.

The round trip in ``test_export.py`` compares an export with a re-export, so a field
export drops is invisible there. Here the database is built from literal inputs and
the export is compared with those inputs field by field; and every column of every
table must either be carried by the export or be on a justified exclusion list, so a
new column without export coverage fails.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import DateTime

from strive.attempts import Attempt, Outcome
from strive.effort import EffortEntry
from strive.evidence import Evidence
from strive.goal import Goal, GoalStatus, Limits
from strive.profile import Change
from strive.sharing.model import InboxItem, ItemKind, ItemStatus, StrategicQuestion
from strive.storage import Store
from strive.storage.models import (
    Base,
    CorrectionRow,
    GoalRow,
    StoredTemplateRow,
)
from strive.storage.sharing import SharingRepo
from strive.storage.types import JSONText
from strive.storage.unit import UnitOfWork
from strive.supporters import Share, Supporter
from strive.templates import load_template
from strive.traits import Kind, Mutability, Trait

D = dt.date.fromisoformat
T = dt.datetime.fromisoformat
TOML = (
    Path(load_template.__code__.co_filename).parent / "nasa-astronaut.toml"
).read_text("utf-8")

# --- the inputs, written as the export must show them ------------------------------

PROFILE = [
    {"trait": "languages", "value": ["english", "spanish"], "when": "1985-01-01",
     "note": "at home"},
    {"trait": "jet_pic_hours", "value": 1500.5, "when": "2001-01-01",
     "note": "logbook"},
    {"trait": "pilot_certificate", "value": None, "when": "2002-01-01",
     "note": "unknown again"},
]  # fmt: skip
COHORT = {
    "template": "nasa-astronaut",
    "name": "class of 2004",
    "source": "nasa.gov",
    "columns": ["pilot_certificate"],
    "rows": [{"pilot_certificate": True, "name": "A", "year": 2004.0}],
    "imported": "2004-05-06",
}
TEMPLATE = {
    "name": "my-nasa",
    "source_path": "/home/me/my-nasa.toml",
    "toml": TOML,
    "cohort_file": "my-nasa.csv",
    "cohort_csv": "name,year,degree_level\nA,2020,master\n",
    "stored": "2010-02-03",
}
LIMITS = {"hours_per_week": 12.5, "money": 5000.0, "months_away": 3.0,
          "max_parallel": 3}  # fmt: skip
GOAL = {
    "id": 1,
    "title": "Astronaut",
    "template": "nasa-astronaut",
    "stored_template": None,
    "why": "see the Earth\nfrom above",
    "target_date": "2010-01-01",
    "limits": LIMITS,
    "status": "achieved",
    "status_reason": "selected 2004",
    "status_date": "2004-05-06",
    "created": "1985-01-01",
    "next_goal": 2,
}
TRAIT = {
    "name": "third_language", "kind": "level", "label": "Third language",
    "mutability": "grow_only", "sensitive": True, "description": "from a talk",
    "unit": "lvl", "values": ["none", "some", "fluent"], "minimum": 0.0,
    "maximum": 2.0, "growth_per_year": 0.5, "custom": True,
}  # fmt: skip
EVIDENCE = {"condition": "pilot_certificate", "source": "bios", "have": 9, "of": 11,
            "note": "all but two", "recorded": "2001-02-02"}  # fmt: skip
ROUTE = {"created": "2001-01-01", "document": {"steps": [{"a": "x", "w": 3}]}}
EFFORT = {"action": "private_pilot", "hours": 3.5, "when": "2001-03-01",
          "note": "first lesson"}  # fmt: skip
ATTEMPT = {"name": "NASA 2001", "applied": "2001-01-10", "outcome": "rejected",
           "decided": "2001-06-01", "feedback": "more flight hours"}  # fmt: skip
SUPPORTER = {"name": "Dad", "role": "father", "contribution": "the recipe",
             "shares": "everything", "since": "1970-01-01"}  # fmt: skip
QUESTION = {"text": "What do they have that I don't?", "asked": "2001-06-02T08:30:00",
            "attempt": "NASA 2001", "recipients": [0]}  # fmt: skip
ITEMS = [
    {"kind": "answer", "author": "Dad", "text": "They fly", "payload": {},
     "status": "accepted", "created": "2001-06-03T10:00:00",
     "decided_at": "2001-06-04T11:00:00", "question": 0},
    {"kind": "evidence", "author": "Dad", "text": "",
     "payload": {"condition": "pilot_certificate", "have": 3, "of": 4},
     "status": "open", "created": "2001-06-05T00:00:00", "decided_at": None,
     "question": None},
]  # fmt: skip
CORRECTION = {"kind": "effort", "record_id": 7, "change": "edit",
              "before": {"hours": 30.0}, "after": {"hours": 3.0},
              "when": "2001-03-02", "note": "typo"}  # fmt: skip
NEXT = {
    "id": 2,
    "title": "Teach",
    "template": "my-nasa.toml",
    "stored_template": TEMPLATE,
    "why": "",
    "target_date": None,
    "limits": {"hours_per_week": 10.0, "money": None, "months_away": None,
               "max_parallel": 2},
    "status": "active",
    "status_reason": "",
    "status_date": None,
    "created": "2011-01-01",
    "next_goal": None,
}  # fmt: skip


def _fill(store: Store) -> None:
    """Build the database from the literal inputs above, through the public API."""
    with store.unit() as uow:
        for c in PROFILE:
            value = c["value"]
            uow.add_change(
                Change(
                    c["trait"],
                    frozenset(value) if isinstance(value, list) else value,
                    D(c["when"]),
                    c["note"],
                )
            )
        uow.add_cohort_import(
            COHORT["template"], COHORT["name"], COHORT["source"], COHORT["columns"],
            COHORT["rows"], D(COHORT["imported"]),
        )  # fmt: skip
        tpl = StoredTemplateRow(
            person_id=uow.person_id,
            **{k: v for k, v in TEMPLATE.items() if k != "stored"},
            digest="ab" * 32,
            stored=D(TEMPLATE["stored"]),
        )
        uow.session.add(tpl)
        uow.session.flush()
        astro = uow.add_goal(
            Goal(GOAL["title"], GOAL["template"], GOAL["why"], D(GOAL["target_date"]),
                 Limits(**LIMITS), created=D(GOAL["created"]))
        )  # fmt: skip
        teach = uow.add_goal(
            Goal(NEXT["title"], NEXT["template"], created=D(NEXT["created"]))
        )
        assert astro.id is not None and teach.id is not None
        row = uow.session.get(GoalRow, teach.id)
        assert row is not None
        row.template_id = tpl.id
        closed = astro.close(
            GoalStatus(GOAL["status"]), GOAL["status_reason"], D(GOAL["status_date"])
        )
        uow.update_goal(Goal(**{**closed.__dict__, "next_goal": teach.id}))
        uow.add_custom_trait(
            astro.id,
            Trait(
                TRAIT["name"], Kind(TRAIT["kind"]), label=TRAIT["label"],
                description=TRAIT["description"], unit=TRAIT["unit"],
                levels=tuple(TRAIT["values"]), mutability=Mutability.GROW_ONLY,
                sensitive=True, minimum=TRAIT["minimum"], maximum=TRAIT["maximum"],
                growth_per_year=TRAIT["growth_per_year"], custom=True,
            ),
        )  # fmt: skip
        e = EVIDENCE
        uow.add_evidence(
            astro.id,
            Evidence(e["condition"], e["source"], e["have"], e["of"], e["note"],
                     D(e["recorded"])),
        )  # fmt: skip
        uow.save_route(astro.id, ROUTE["document"], D(ROUTE["created"]))
        uow.add_effort(
            astro.id,
            EffortEntry(EFFORT["action"], EFFORT["hours"], D(EFFORT["when"]),
                        EFFORT["note"]),
        )  # fmt: skip
        a = ATTEMPT
        uow.add_attempt(
            astro.id,
            Attempt(a["name"], D(a["applied"]), Outcome(a["outcome"]), D(a["decided"]),
                    a["feedback"]),
        )  # fmt: skip
        s = SUPPORTER
        uow.add_supporter(
            astro.id,
            Supporter(s["name"], s["role"], s["contribution"], Share(s["shares"]),
                      D(s["since"])),
        )  # fmt: skip
        c = CORRECTION
        uow.session.add(CorrectionRow(goal_id=astro.id, **{**c, "when": D(c["when"])}))
        _fill_sharing(uow, astro.id)


def _fill_sharing(uow: UnitOfWork, goal_id: int) -> None:
    """The goal's strategic question and inbox, from QUESTION and ITEMS."""
    repo = SharingRepo(uow.session)
    (supporter,) = uow.list_supporters(goal_id)
    attempt = uow.get_attempt(goal_id, QUESTION["attempt"])
    question = repo.add_question(
        StrategicQuestion(goal_id, frozenset({supporter.id or 0}),
                          T(QUESTION["asked"]), attempt.id, QUESTION["text"])
    )  # fmt: skip
    for i in ITEMS:
        repo.add_item(
            InboxItem(
                goal_id, ItemKind(i["kind"]), i["author"], i["text"], T(i["created"]),
                payload=i["payload"], status=ItemStatus(i["status"]),
                decided_at=T(i["decided_at"]) if i["decided_at"] else None,
                question_id=question.id if i["question"] == 0 else None,
            )
        )  # fmt: skip


@pytest.fixture
def exported(store: Store) -> dict[str, Any]:
    _fill(store)
    with store.unit() as uow:
        return uow.export_all()


def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


def test_the_export_is_the_input_field_by_field(exported: dict[str, Any]) -> None:
    (person,) = exported["people"]
    assert person["name"] == "me"
    assert person["profile"] == PROFILE
    assert person["cohort_imports"] == [COHORT]
    astro, teach = person["goals"]
    nested = ("custom_traits", "evidence", "routes", "effort", "attempts",
              "supporters", "corrections", "questions", "inbox")  # fmt: skip
    assert _without(astro, *nested) == GOAL
    assert _without(teach, *nested) == NEXT
    assert astro["custom_traits"] == [TRAIT]
    assert astro["evidence"] == [EVIDENCE]
    assert astro["routes"] == [ROUTE]
    assert astro["effort"] == [EFFORT]
    assert astro["attempts"] == [ATTEMPT]
    assert astro["supporters"] == [SUPPORTER]
    assert astro["corrections"] == [CORRECTION]
    assert astro["questions"] == [QUESTION]
    assert astro["inbox"] == ITEMS
    assert all(teach[key] == [] for key in nested)


# --- every column has export coverage ------------------------------------------------

SURROGATE = "a database id; the document nests records instead (no database ids)"
EXCLUDED: dict[tuple[str, str], str] = {
    ("people", "id"): SURROGATE,
    ("goals", "person_id"): "the goal is nested in its person",
    ("profile_changes", "id"): SURROGATE,
    ("profile_changes", "person_id"): "the change is nested in its person",
    ("custom_traits", "id"): SURROGATE,
    ("custom_traits", "goal_id"): "nested in its goal",
    ("evidence", "id"): SURROGATE,
    ("evidence", "goal_id"): "nested in its goal",
    ("routes", "id"): SURROGATE,
    ("routes", "goal_id"): "nested in its goal",
    ("effort", "id"): SURROGATE,
    ("effort", "goal_id"): "nested in its goal",
    ("attempts", "id"): SURROGATE,
    ("attempts", "goal_id"): "nested in its goal",
    ("supporters", "id"): SURROGATE,
    ("supporters", "goal_id"): "nested in its goal",
    ("cohort_imports", "id"): SURROGATE,
    ("cohort_imports", "person_id"): "nested in its person",
    ("stored_templates", "id"): SURROGATE,
    ("stored_templates", "person_id"): "nested in the goal that uses it",
    (
        "stored_templates",
        "digest",
    ): "derived: recomputed from toml and cohort_csv on import",
    ("goals", "template_id"): "the goal carries its stored template whole "
    "(stored_template)",
    ("corrections", "id"): SURROGATE,
    ("corrections", "goal_id"): "nested in its goal",
    ("alembic_version", "version_num"): "the schema revision, not a person's data",
    ("people", "context_stamp"): "a cache key the database's triggers set on "
    "every write; an import writes rows, which sets a new one",
    ("people", "effort_stamp"): "a cache key the database's triggers set on "
    "every write; an import writes rows, which sets a new one",
    ("strategic_questions", "id"): SURROGATE,
    ("strategic_questions", "goal_id"): "nested in its goal",
    ("strategic_questions", "attempt_id"): "carried as the attempt's name (attempt)",
    ("strategic_questions", "recipients"): "carried as positions in the goal's "
    "supporters (recipients): supporter ids differ between databases",
    ("inbox_items", "id"): SURROGATE,
    ("inbox_items", "goal_id"): "nested in its goal",
    ("inbox_items", "grant_id"): "a link to a grant, which is not exported (below); "
    "the author's name is carried",
    ("inbox_items", "question_id"): "carried as the question's position (question)",
    ("inbox_items", "evidence_id"): "a link to this database's evidence row; the "
    "evidence itself is exported with the supporter as its source",
}
LOGIN = (
    "a login to one server, not a person's journey: a backup restored elsewhere "
    "gets a new login there (docs/web.md)"
)
EXCLUDED.update(
    {
        (table, column): LOGIN
        for table, columns in {
            "accounts": (
                "id",
                "email",
                "password_hash",
                "person_id",
                "locale",
                "created_at",
                "totp_secret",
                "totp_enabled_at",
                "totp_last_step",
            ),
            "recovery_codes": ("id", "account_id", "code_hash", "used_at"),
            "sessions": (
                "id",
                "account_id",
                "csrf",
                "created_at",
                "expires_at",
                "revoked_at",
                "stage",
            ),
            "login_attempts": ("id", "key", "at"),
        }.items()
        for column in columns
    }
)
ACCESS = (
    "access to one server's logins (or a one-time secret for one): an imported "
    "document must let no one in, so after a restore the owner invites again "
    "(docs/sharing.md)"
)
EXCLUDED.update(
    {
        (table, column): ACCESS
        for table, columns in {
            "grants": (
                "id",
                "goal_id",
                "supporter_id",
                "account_id",
                "role",
                "sections",
                "created_at",
                "revoked_at",
            ),
            "invitations": (
                "id",
                "token_hash",
                "goal_id",
                "supporter_id",
                "role",
                "sections",
                "created_at",
                "expires_at",
                "used_at",
            ),
        }.items()
        for column in columns
    }
)
VERSION = (
    "an edit counter for conflict detection in this database (docs/durability.md); "
    "imported rows start again at version 1"
)
EXCLUDED.update(
    {
        (table, "version"): VERSION
        for table in ("people", "goals", "effort", "attempts", "evidence", "supporters")
    }
)
AUDIT = (
    "a record of one server's logins, grants and downloads, about access rather than "
    "the journey; the owner reads it as JSON from GET /api/account/audit or "
    "strive audit --json, and strive backup carries it (docs/data-ownership.md)"
)
EXCLUDED.update(
    {
        ("audit_events", column): AUDIT
        for column in (
            "id",
            "at",
            "actor_account_id",
            "owner_person_id",
            "kind",
            "detail",
            "ip",
        )
    }
)
"""Columns the export does not carry, each with the reason."""

GOALS = "people[0].goals[*]"
COVERED: dict[str, tuple[str, dict[str, str]]] = {
    "people": ("people[*]", {"name": "name"}),
    "goals": (
        GOALS,
        {
            "id": "id",  # document-local, equal to the row id in a fresh database
            "title": "title",
            "template": "template",
            "why": "why",
            "target_date": "target_date",
            "hours_per_week": "limits.hours_per_week",
            "money": "limits.money",
            "months_away": "limits.months_away",
            "max_parallel": "limits.max_parallel",
            "status": "status",
            "status_reason": "status_reason",
            "status_date": "status_date",
            "created": "created",
            "next_goal_id": "next_goal",
        },
    ),
    "profile_changes": (
        "people[0].profile[*]",
        {"trait": "trait", "value": "value", "when": "when", "note": "note"},
    ),
    "custom_traits": (
        f"{GOALS}.custom_traits[*]",
        {"name": "name", "spec": "."},  # the spec is the whole object
    ),
    "evidence": (
        f"{GOALS}.evidence[*]",
        {k: k for k in ("condition", "source", "have", "of", "note", "recorded")},
    ),
    "routes": (f"{GOALS}.routes[*]", {"created": "created", "document": "document"}),
    "effort": (
        f"{GOALS}.effort[*]",
        {k: k for k in ("action", "hours", "when", "note")},
    ),
    "attempts": (
        f"{GOALS}.attempts[*]",
        {k: k for k in ("name", "applied", "outcome", "decided", "feedback")},
    ),
    "supporters": (
        f"{GOALS}.supporters[*]",
        {k: k for k in ("name", "role", "contribution", "shares", "since")},
    ),
    "cohort_imports": (
        "people[0].cohort_imports[*]",
        {k: k for k in ("template", "name", "source", "columns", "rows", "imported")},
    ),
    "stored_templates": (
        "people[0].goals[*].stored_template",
        {
            k: k
            for k in (
                "name",
                "source_path",
                "toml",
                "cohort_file",
                "cohort_csv",
                "stored",
            )
        },
    ),
    "strategic_questions": (
        f"{GOALS}.questions[*]",
        {"text": "text", "asked_at": "asked"},
    ),
    "inbox_items": (
        f"{GOALS}.inbox[*]",
        {
            "kind": "kind",
            "author": "author",
            "text": "text",
            "payload": "payload",
            "status": "status",
            "created_at": "created",
            "decided_at": "decided_at",
        },
    ),
    "corrections": (
        f"{GOALS}.corrections[*]",
        {
            k: k
            for k in ("kind", "record_id", "change", "before", "after", "when", "note")
        },
    ),
}
"""Table → (where its records are in the document, column → field of the record)."""


def test_every_column_is_exported_or_excluded_with_a_reason() -> None:
    missing = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            key = (table.name, column.name)
            covered = column.name in COVERED.get(table.name, ("", {}))[1]
            if covered == (key in EXCLUDED):
                missing.append(f"{table.name}.{column.name}")
    assert not missing, (
        "columns with no export coverage (or both covered and excluded): "
        + ", ".join(missing)
    )


def _records(doc: Any, path: str) -> list[Any]:
    """The records at a path such as ``people[0].goals[*].effort[*]``."""
    nodes = [doc]
    for part in path.split("."):
        key, _, index = part.partition("[")
        nodes = [n[key] for n in nodes]
        if index == "*]":
            nodes = [item for n in nodes for item in n]
        elif index:
            nodes = [n[int(index[:-1])] for n in nodes]
    return [n for n in nodes if n is not None]  # a goal without its own template


def _field(record: dict[str, Any], name: str) -> Any:
    if name == ".":
        return record
    for part in name.split("."):
        record = record[part]
    return record


def test_every_covered_column_holds_what_the_export_shows(
    exported: dict[str, Any], store: Store
) -> None:
    """Each stored row's value in each covered column equals the exported field."""
    with store.engine.connect() as conn:
        for table, (path, columns) in COVERED.items():
            records = _records(exported, path)
            names = list(columns)
            quoted = ", ".join(f'"{n}"' for n in names)
            rows = conn.exec_driver_sql(
                f"SELECT {quoted} FROM {table} ORDER BY id"
            ).all()
            assert len(rows) == len(records) >= 1, table
            for row, record in zip(rows, records, strict=True):
                for column, value in zip(names, row, strict=True):
                    json_column = isinstance(
                        Base.metadata.tables[table].c[column].type, JSONText
                    )
                    stored = json.loads(value) if json_column and value else value
                    if isinstance(
                        Base.metadata.tables[table].c[column].type, DateTime
                    ) and isinstance(stored, str):
                        # SQLite keeps "2001-06-02 08:30:00.000000"; the export ISO
                        stored = T(stored).isoformat()
                    if isinstance(stored, dt.date):  # PostgreSQL: a date/datetime
                        stored = stored.isoformat()
                    assert stored == _field(record, columns[column]), (
                        f"{table}.{column}"
                    )


def test_templates_and_corrections_come_back_on_import(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    with Store.open(tmp_path / "copy.db") as fresh:
        with fresh.unit() as uow:
            uow.import_all(json.loads(json.dumps(exported)))
        with fresh.unit() as uow:
            again = uow.export_all()
    assert again == exported
