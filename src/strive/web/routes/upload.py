"""Step 1 with your own selection: a goal from an uploaded template (and cohort CSV).

The files are written to a private temporary folder only so that the same reader as
``strive goal new --template FILE`` validates them (file, line and field messages)
and the goal stores them; the folder is removed afterwards and messages name the
uploaded file, not the temporary path. The cohort is saved under the name the
template gives (``cohort.file``), which the core refuses if it leaves the folder.
"""

from __future__ import annotations

import shutil
import tempfile
import tomllib
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from strive.errors import InputError
from strive.i18n import _
from strive.web.forms import errors_of, posted, text
from strive.web.render import render
from strive.web.routes.common import person_ws

router = APIRouter(tags=["goals"])

MAX_BYTES = 5 * 1024 * 1024
FIELDS = ("title", "template_file", "cohort_file")


def _read(form: Any, field: str, *, required: bool) -> tuple[str, bytes] | None:
    """An uploaded file's name and bytes (read in the thread pool: :func:`posted`)."""
    item = form.get(field)
    if not isinstance(item, UploadFile) or not item.filename:
        if required:
            raise InputError(_("choose a file"), where=field)
        return None
    data = item.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise InputError(_("the file is larger than 5 MB"), where=field)
    return Path(item.filename).name, data


def _cohort_name(toml: bytes, shown: str) -> str | None:
    try:
        table = tomllib.loads(toml.decode("utf-8")).get("cohort", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None  # the core's reader reports it with line and column
    file = table.get("file") if isinstance(table, dict) else None
    return file if isinstance(file, str) else None


@router.get("/goals/upload", include_in_schema=False)
def upload_page(request: Request) -> Response:
    person_ws(request, "goal", "write")
    return render(request, "goal_upload.html")


@router.post("/goals/upload", include_in_schema=False)
async def upload(request: Request) -> Response:
    return await posted(request, _upload)


def _upload(request: Request, form: Any) -> Response:
    from strive.templates import cohort_path

    ws = person_ws(request, "goal", "write")
    folder = Path(tempfile.mkdtemp(prefix="strive-upload-"))
    shown = "template.toml"
    try:
        template = _read(form, "template_file", required=True)
        assert template is not None
        shown, toml = template
        path = folder / "template.toml"
        path.write_bytes(toml)
        cohort = _read(form, "cohort_file", required=False)
        name = _cohort_name(toml, shown)
        if name is not None and cohort is not None:
            target = cohort_path(folder, name, shown)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(cohort[1])
        goal = ws.new_goal(text(form, "title"), str(path))
    except InputError as exc:

        def named(text: str) -> str:
            # The temporary folder is ours: name the uploaded file instead.
            text = text.replace(str(folder / "template.toml"), shown)
            return text.replace(str(folder) + "/", "").replace(str(folder), "")

        errors = errors_of(exc, FIELDS)
        if "" in errors:
            where = named(exc.where or "")
            errors[""] = (
                f"{where}: {named(exc.message)}" if where else named(exc.message)
            )
        return render(
            request,
            "goal_upload.html",
            {"form": {"title": text(form, "title")}, "errors": errors},
            status=400,
        )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return RedirectResponse(f"/goals/{goal.id}", status_code=303)
