"""Step 2a, where you stand: your trait values ("not yet", "unknown") and evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, Field

from strive.errors import ConflictError, InputError
from strive.web.deps import MAX_ID
from strive.web.forms import errors_of, posted, text, whole
from strive.web.render import render
from strive.web.routes.common import GoalView, goal_view

router = APIRouter(tags=["profile"])

EVIDENCE_FIELDS = ("condition", "source", "have", "of", "note")


def profile_json(view: GoalView) -> dict[str, Any]:
    """``strive profile show --json`` (the same :meth:`Profile.to_json`)."""
    version = view.ws.profile_version()  # before the values: see
    ctx = view.ws.context()  # strive.web.routes.progress.effort_json
    doc = ctx.profile.to_json(ctx.traits, view.ws.today)
    doc["version"] = version
    return doc


def evidence_json(view: GoalView) -> dict[str, Any]:
    """``strive evidence list --json`` (the same ``strive.evidence.evidence_json``)."""
    from strive.evidence import evidence_json as shared

    return shared(view.ws.context().evidence)


def _rows(view: GoalView) -> list[dict[str, Any]]:
    """One row per trait for the form: its state and the text in its box."""
    ctx = view.ws.context()
    when = view.ws.today
    values = ctx.values(when)
    not_yet = ctx.profile.not_yet(ctx.traits, when)
    rows = []
    for t in ctx.traits:
        value = values[t.name]
        state = (
            "not_yet"
            if t.name in not_yet
            else ("unknown" if value is None else "value")
        )
        shown = "" if state != "value" else t.format(value)
        # What the box accepts, as the page's language writes it ("maestría").
        choices = ", ".join(t.value_text(v) for v in t.allowed_values)
        rows.append({"trait": t, "state": state, "text": shown, "choices": choices})
    return rows


def _assignments(form: Any, rows: list[dict[str, Any]]) -> dict[str, str]:
    """Only what changed, as the CLI's ``TRAIT=VALUE`` text (``not yet``, ``""``)."""
    changed: dict[str, str] = {}
    for row in rows:
        name = row["trait"].name
        state = text(form, f"state_{name}") or row["state"]
        typed = text(form, f"value_{name}").strip()
        if state == "not_yet":
            new = "not yet"
        elif state == "unknown":
            new = ""
        else:
            new = typed
        old = {"not_yet": "not yet", "unknown": ""}.get(row["state"], row["text"])
        if state == "value" and not typed and row["state"] == "value":
            continue  # an emptied box with "value" chosen keeps the value
        if new != old:
            changed[name] = new
    return changed


def _culprit(view: GoalView, form: Any, rows: list[dict[str, Any]]) -> str:
    """Which trait's value the core refused (its parser raises without a field)."""
    traits = view.ws.context().traits
    for name, typed in _assignments(form, rows).items():
        if typed in ("", "not yet"):
            continue
        try:
            traits[name].parse(typed)
        except InputError:
            return name
    return ""


@router.get("/goals/{goal_id}/profile", include_in_schema=False)
def profile_page(request: Request, goal_id: int) -> Response:
    view = goal_view(request, goal_id, "profile", "read")
    return render(
        request,
        "profile.html",
        {
            "goal": view.goal,
            "version": view.ws.profile_version(),  # before the values
            "rows": _rows(view),
            "evidence": view.ws.context().evidence,
        },
    )


@router.post("/goals/{goal_id}/profile", include_in_schema=False)
async def save_profile(request: Request, goal_id: int) -> Response:
    return await posted(request, _save_profile, goal_id)


def _save_profile(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "profile", "write")
    rows = _rows(view)
    try:
        changes = _assignments(form, rows)
        if changes:
            view.ws.set_traits(
                changes,
                note=text(form, "note"),
                expected_version=whole(form, "version"),
            )
    except ConflictError as exc:
        # Someone saved first: show what is stored now, never overwrite it.
        return render(
            request,
            "profile.html",
            {
                "goal": view.goal,
                "version": view.ws.profile_version(),  # before the values
                "rows": _rows(view),
                "conflict": exc.message,
                "evidence": view.ws.context().evidence,
            },
            status=409,
        )
    except InputError as exc:
        names = tuple(f"value_{r['trait'].name}" for r in rows)
        where = f"value_{exc.where or _culprit(view, form, rows)}"
        errors = {where if where in names else "": exc.message}
        typed = {r["trait"].name: text(form, f"value_{r['trait'].name}") for r in rows}
        for r in rows:
            r["text"] = typed[r["trait"].name]
            r["state"] = text(form, f"state_{r['trait'].name}") or r["state"]
        return render(
            request,
            "profile.html",
            {
                "goal": view.goal,
                "rows": rows,
                "version": text(form, "version") or None,
                "errors": errors,
                "evidence": view.ws.context().evidence,
            },
            status=400,
        )
    return RedirectResponse(
        f"/goals/{goal_id}/profile?saved={len(changes)}", status_code=303
    )


@router.post("/goals/{goal_id}/evidence", include_in_schema=False)
async def add_evidence(request: Request, goal_id: int) -> Response:
    return await posted(request, _add_evidence, goal_id)


def _add_evidence(request: Request, goal_id: int, form: Any) -> Response:
    view = goal_view(request, goal_id, "evidence", "write")
    try:
        view.ws.add_evidence(
            text(form, "condition"),
            source=text(form, "source"),
            have=whole(form, "have"),
            of=whole(form, "of"),
            note=text(form, "note"),
        )
    except InputError as exc:
        return render(
            request,
            "profile.html",
            {
                "goal": view.goal,
                "rows": _rows(view),
                "evidence": view.ws.context().evidence,
                "ev_form": {f: text(form, f) for f in EVIDENCE_FIELDS},
                "ev_errors": errors_of(exc, EVIDENCE_FIELDS),
            },
            status=400,
        )
    return RedirectResponse(f"/goals/{goal_id}/profile#evidence", status_code=303)


# -- API ---------------------------------------------------------------------------


class TraitValues(BaseModel):
    values: dict[str, str] = Field(
        description='TRAIT → text as on the command line; "not yet" or "" (unknown)'
    )
    note: str = ""
    version: int | None = Field(
        default=None,
        description="The profile version you read (GET's version); a stale one "
        "answers 409 and nothing is written. Omitted: the values are set as given.",
    )


class NewEvidence(BaseModel):
    condition: str
    source: str
    have: int | None = Field(default=None, ge=0, le=MAX_ID)
    of: int | None = Field(default=None, ge=0, le=MAX_ID)
    note: str = ""


@router.get("/api/goals/{goal_id}/profile")
def api_profile(request: Request, goal_id: int) -> dict[str, Any]:
    """Your values (``strive profile show --json``)."""
    return profile_json(goal_view(request, goal_id, "profile", "read"))


@router.post("/api/goals/{goal_id}/profile")
def api_set_profile(
    body: TraitValues, request: Request, goal_id: int
) -> dict[str, Any]:
    """Record values, all or nothing (``strive profile set``)."""
    view = goal_view(request, goal_id, "profile", "write")
    try:
        view.ws.set_traits(body.values, note=body.note, expected_version=body.version)
    except InputError as exc:
        if exc.where is not None:
            raise
        traits = view.ws.context().traits
        for name, typed in body.values.items():
            if (
                typed.strip().lower() in ("", "not yet", "not_yet")
                or name not in traits
            ):
                continue
            try:
                traits[name].parse(typed)
            except InputError:
                raise InputError(exc.message, where=f"values.{name}") from None
        raise
    return profile_json(view)


@router.get("/api/goals/{goal_id}/evidence")
def api_evidence(request: Request, goal_id: int) -> dict[str, Any]:
    """What you learned about the selected (``strive evidence list --json``)."""
    return evidence_json(goal_view(request, goal_id, "evidence", "read"))


@router.post("/api/goals/{goal_id}/evidence", status_code=201)
def api_add_evidence(
    body: NewEvidence, request: Request, goal_id: int
) -> dict[str, Any]:
    view = goal_view(request, goal_id, "evidence", "write")
    e = view.ws.add_evidence(
        body.condition, source=body.source, have=body.have, of=body.of, note=body.note
    )
    return {"id": e.id, "condition": e.condition, "source": e.source}
