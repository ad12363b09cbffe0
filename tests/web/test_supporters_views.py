"""What supporters see and send, and the owner's inbox, by page and by API.

Ben is a mentor granted gap, route and progress; Fay is family with the default
(progress, attempts, notes); Sam is a stranger. Every route is also tried by the
ones it is not for, and must answer like a missing id.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from tests.web.conftest import Circle, account_id, csrf_in

from strive.i18n import format_number
from strive.sharing.model import inbox_json
from strive.sharing.service import Circle as Service

MISSING = 99999


def _same_as_missing(
    client: TestClient, url: str, method: str = "get", **kw: Any
) -> None:
    theirs = getattr(client, method)(url, **kw)
    ghost_url = re.sub(r"/(goals|supporting)/\d+", rf"/\1/{MISSING}", url)
    ghost = getattr(client, method)(ghost_url, **kw)
    assert theirs.status_code == ghost.status_code == 404, (url, theirs.status_code)
    if url.startswith("/api/"):
        assert theirs.json() == ghost.json()
    else:
        assert "Fly to space" not in theirs.text


def _inbox(c: Circle) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = c.ana.get(f"/api/goals/{c.goal}/inbox").json()[
        "inbox"
    ]
    return found


def _reject(c: Circle) -> int:
    """Ana applies and is turned down; returns the attempt id."""
    r = c.ana.post(
        f"/api/goals/{c.goal}/attempts", json={"name": "NASA 2026"}, headers=c.h("ana")
    )
    attempt: int = r.json()["attempts"][0]["id"]
    r = c.ana.post(
        f"/api/goals/{c.goal}/attempts/{attempt}/result",
        json={"outcome": "rejected"},
        headers=c.h("ana"),
    )
    assert r.status_code == 200, r.text
    return attempt


# -- the mentor --------------------------------------------------------------------


def test_mentor_sees_exactly_the_granted_sections(circle: Circle) -> None:
    c = circle
    dashboard = c.ben.get("/")
    assert f'href="/supporting/{c.goal}">Ana: Fly to space</a>' in dashboard.text
    assert "People you help" not in c.sam.get("/").text
    listing = c.ben.get("/supporting")
    assert listing.status_code == 200 and "Ana: Fly to space" in listing.text
    assert "quiet other goal" not in listing.text
    hub = c.ben.get(f"/supporting/{c.goal}")
    assert hub.status_code == 200
    links = set(re.findall(rf'href="(/goals/{c.goal}/[a-z]+)"', hub.text))
    assert links == {f"/goals/{c.goal}/{s}" for s in ("gap", "route", "progress")}
    gap = c.ben.get(f"/goals/{c.goal}/gap")
    assert gap.status_code == 200
    assert "Next: plan the route" not in gap.text  # the owner's buttons are not here
    assert f'href="/goals/{c.goal}/profile"' not in gap.text
    assert f'href="/goals/{c.goal}/attempts"' not in gap.text  # not in the steps nav
    route = c.ben.get(f"/goals/{c.goal}/route")
    assert "Save this route" not in route.text
    progress = c.ben.get(f"/goals/{c.goal}/progress")
    assert "Log effort" not in progress.text
    for url in [
        f"/goals/{c.goal}/profile",
        f"/goals/{c.goal}/attempts",
        f"/goals/{c.goal}/review",
        f"/api/goals/{c.goal}/profile",
        f"/api/goals/{c.goal}/evidence",
        f"/api/goals/{c.goal}/attempts",
        f"/api/goals/{c.goal}/notes",
        f"/goals/{c.other}/gap",
        f"/supporting/{c.other}",
        f"/supporting/{c.sams_goal}",
        f"/api/goals/{c.sams_goal}/gap",
    ]:
        _same_as_missing(c.ben, url)
    doc = c.ben.get("/api/supporting").json()["supporting"]
    assert [(d["owner"], d["goal"]["title"], d["grant"]["role"]) for d in doc] == [
        ("Ana", "Fly to space", "mentor")
    ]
    assert doc[0]["grant"]["sections"] == ["gap", "goal", "progress", "route"]


def test_mentor_suggests_evidence_the_owner_accepts(circle: Circle) -> None:
    c = circle
    hub = c.ben.get(f"/supporting/{c.goal}")
    r = c.ben.post(
        f"/goals/{c.goal}/suggestions/evidence",
        data={
            "csrf": csrf_in(hub.text),
            "condition": "test_pilot_school",
            "have": "12",
            "of": "20",
            "note": "most had it",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    inbox = c.ana.get(f"/goals/{c.goal}/inbox")
    assert "test_pilot_school" in inbox.text and "from Ben" in inbox.text
    item = _inbox(c)[0]
    assert (item["kind"], item["author"], item["status"]) == ("evidence", "Ben", "open")
    r = c.ana.post(
        f"/goals/{c.goal}/inbox/{item['id']}/accept",
        data={"csrf": csrf_in(inbox.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    evidence = c.ana.get(f"/api/goals/{c.goal}/evidence").json()["evidence"]
    assert [(e["condition"], e["source"], e["have"], e["of"]) for e in evidence] == [
        ("test_pilot_school", "Ben (mentor)", 12, 20)
    ]
    assert _inbox(c)[0]["status"] == "accepted"
    assert _inbox(c)[0]["evidence_id"] == evidence[0]["id"]
    # Deciding twice is refused, and nothing more is written.
    r = c.ana.post(
        f"/goals/{c.goal}/inbox/{item['id']}/accept",
        data={"csrf": csrf_in(inbox.text)},
    )
    assert r.status_code == 409
    assert len(c.ana.get(f"/api/goals/{c.goal}/evidence").json()["evidence"]) == 1


def test_bad_suggestions_are_field_errors_and_nothing_arrives(circle: Circle) -> None:
    c = circle
    token = csrf_in(c.ben.get(f"/supporting/{c.goal}").text)
    for data, field in [
        ({"condition": "test_pilot_school", "have": "12", "of": "11"}, "have"),
        ({"condition": "test_pilot_school", "have": "x"}, "have"),
        ({"condition": ""}, "condition"),
    ]:
        r = c.ben.post(
            f"/goals/{c.goal}/suggestions/evidence", data={"csrf": token, **data}
        )
        assert r.status_code == 400, data
        assert "Error:" in r.text
        assert f'id="e-{field}"' in r.text or 'role="alert"' in r.text, data
    r = c.ben.post(
        f"/goals/{c.goal}/suggestions/action", data={"csrf": token, "action": " "}
    )
    assert r.status_code == 400
    r = c.ben.post(f"/goals/{c.goal}/notes", data={"csrf": token, "text": "   "})
    assert r.status_code == 400 and 'id="e-note-text"' in r.text
    r = c.ben.post(
        f"/api/goals/{c.goal}/suggestions/evidence",
        json={"condition": "test_pilot_school", "have": 5, "of": 2},
        headers=c.h("ben"),
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"]
    assert _inbox(c) == []


def test_mentor_comments_and_suggests_an_action(circle: Circle) -> None:
    c = circle
    token = csrf_in(c.ben.get(f"/supporting/{c.goal}").text)
    r = c.ben.post(
        f"/goals/{c.goal}/suggestions/action",
        data={"csrf": token, "action": "private_pilot", "note": "start here"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    r = c.ben.post(
        f"/goals/{c.goal}/notes",
        data={"csrf": token, "text": "<b>Keep going</b>"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    kinds = [(i["kind"], i["author"]) for i in _inbox(c)]
    assert kinds == [("action", "Ben"), ("comment", "Ben")]
    inbox = c.ana.get(f"/goals/{c.goal}/inbox").text
    assert "&lt;b&gt;Keep going&lt;/b&gt;" in inbox  # literal text, never markup
    # An action cannot become evidence (400, in the page, nothing written)...
    action = _inbox(c)[0]["id"]
    inbox_page = c.ana.get(f"/goals/{c.goal}/inbox").text
    r = c.ana.post(
        f"/goals/{c.goal}/inbox/{action}/accept",
        data={"csrf": csrf_in(inbox_page), "condition": "test_pilot_school"},
    )
    assert r.status_code == 400 and "only suggested evidence" in r.text
    assert _inbox(c)[0]["status"] == "open"
    assert c.ana.get(f"/api/goals/{c.goal}/evidence").json()["evidence"] == []
    # ...it is accepted as it is.
    r = c.ana.post(f"/api/goals/{c.goal}/inbox/{action}/accept", headers=c.h("ana"))
    assert r.status_code == 200 and r.json()["evidence"] is None
    assert r.json()["item"]["status"] == "accepted"


# -- family ------------------------------------------------------------------------


def test_family_sees_progress_in_plain_words_and_leaves_a_note(circle: Circle) -> None:
    c = circle
    _reject(c)
    hub = c.fay.get(f"/supporting/{c.goal}")
    assert hub.status_code == 200
    assert "NASA 2026" in hub.text and "rejected" in hub.text
    assert "has not saved a plan yet" in hub.text
    assert not re.findall(rf'href="/goals/{c.goal}/(gap|route|profile)"', hub.text)
    assert "Suggest evidence" not in hub.text
    r = c.fay.post(
        f"/goals/{c.goal}/notes",
        data={"csrf": csrf_in(hub.text), "text": "¡Échale ganas, mija!"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    hub = c.fay.get(f"/supporting/{c.goal}?sent=note")
    assert "¡Échale ganas, mija!" in hub.text
    notes = c.fay.get(f"/api/goals/{c.goal}/notes").json()["notes"]
    assert [(n["kind"], n["author"]) for n in notes] == [("encouragement", "Fay")]
    assert _inbox(c)[0]["text"] == "¡Échale ganas, mija!"
    for url in [
        f"/goals/{c.goal}/gap",
        f"/goals/{c.goal}/profile",
        f"/goals/{c.goal}/route",
        f"/api/goals/{c.goal}/profile",
        f"/api/goals/{c.goal}/gap",
        f"/api/goals/{c.goal}/evidence",
        f"/goals/{c.goal}/supporters",
        f"/supporting/{c.other}",
    ]:
        _same_as_missing(c.fay, url)
    # Family cannot suggest (a mentor's act).
    _same_as_missing(
        c.fay,
        f"/api/goals/{c.goal}/suggestions/evidence",
        "post",
        json={"condition": "test_pilot_school"},
        headers=c.h("fay"),
    )


def test_family_progress_after_a_plan(circle: Circle) -> None:
    c = circle
    c.ana.post(
        f"/api/goals/{c.goal}/profile",
        json={
            "values": {
                "us_citizen": "yes",
                "degree_level": "bachelor",
                "degree_field": "stem",
            }
        },
        headers=c.h("ana"),
    )
    route = c.ana.post(f"/api/goals/{c.goal}/route", headers=c.h("ana")).json()
    action = route["actions"][0]["name"]
    r = c.ana.post(
        f"/api/goals/{c.goal}/effort",
        json={"hours": 3, "action": action},
        headers=c.h("ana"),
    )
    assert r.status_code == 201
    planned = c.ana.get(f"/api/goals/{c.goal}/progress").json()["totals"]
    hub = c.fay.get(f"/supporting/{c.goal}").text
    words = (
        f"Ana has put in {format_number(planned['actual_hours'])} of the "
        f"{format_number(planned['planned_hours'])} hours planned"
    )
    assert words in hub


# -- strangers and revoked supporters ------------------------------------------------


def test_strangers_and_revoked_supporters_get_404_everywhere(circle: Circle) -> None:
    c = circle
    r = c.ana.delete(f"/api/goals/{c.goal}/grants/{c.ben_grant}", headers=c.h("ana"))
    assert r.status_code == 200
    for who in ("sam", "ben"):
        client: TestClient = getattr(c, who)
        csrf = getattr(c, f"{who}_csrf")
        for url in [
            f"/supporting/{c.goal}",
            f"/goals/{c.goal}/gap",
            f"/api/goals/{c.goal}/notes",
            f"/api/goals/{c.goal}/questions",
        ]:
            _same_as_missing(client, url)
        for url, body in [
            (f"/api/goals/{c.goal}/notes", {"text": "hi"}),
            (f"/api/goals/{c.goal}/suggestions/evidence", {"condition": "x"}),
            (f"/api/goals/{c.goal}/suggestions/action", {"action": "x"}),
            (f"/api/goals/{c.goal}/questions/1/answers", {"text": "hi"}),
        ]:
            _same_as_missing(client, url, "post", json=body, headers=c.h(who))
        for url, data in [
            (f"/goals/{c.goal}/notes", {"text": "hi"}),
            (f"/goals/{c.goal}/suggestions/evidence", {"condition": "x"}),
            (f"/goals/{c.goal}/suggestions/action", {"action": "x"}),
            (f"/goals/{c.goal}/questions/1/answers", {"text": "hi"}),
        ]:
            _same_as_missing(client, url, "post", data={"csrf": csrf, **data})
        assert client.get("/api/supporting").json() == {"supporting": []}
    assert _inbox(c) == []
    anon = TestClient(c.ana.app)
    assert anon.get(f"/supporting/{c.goal}", follow_redirects=False).status_code == 303
    assert anon.get("/api/supporting").status_code == 401


def test_the_owner_sends_no_notes_to_herself(circle: Circle) -> None:
    c = circle
    r = c.ana.post(
        f"/api/goals/{c.goal}/notes", json={"text": "hi"}, headers=c.h("ana")
    )
    assert r.status_code == 409
    r = c.ana.get(f"/supporting/{c.goal}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/goals/{c.goal}"
    assert _inbox(c) == []


# -- the inbox and the strategic question --------------------------------------------


def test_strategic_question_answer_becomes_evidence_in_one_step(
    circle: Circle,
) -> None:
    c = circle
    attempt = _reject(c)
    page = c.ana.get(f"/goals/{c.goal}/supporters?attempt={attempt}")
    assert f'<option value="{attempt}" selected>NASA 2026</option>' in page.text
    grants = c.ana.get(f"/api/goals/{c.goal}/grants").json()["grants"]
    ben = next(g["supporter_id"] for g in grants if g["id"] == c.ben_grant)
    r = c.ana.post(
        f"/goals/{c.goal}/questions",
        data={"csrf": csrf_in(page.text), "attempt": str(attempt)},
    )
    assert r.status_code == 400 and "choose at least one supporter" in r.text
    r = c.ana.post(
        f"/goals/{c.goal}/questions",
        data={
            "csrf": csrf_in(page.text),
            "supporters": [str(ben)],
            "attempt": str(attempt),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    questions = c.ben.get(f"/api/goals/{c.goal}/questions").json()["questions"]
    assert [q["attempt_id"] for q in questions] == [attempt]
    assert c.fay.get(f"/api/goals/{c.goal}/questions").json() == {"questions": []}
    qid = questions[0]["id"]
    hub = c.ben.get(f"/supporting/{c.goal}")
    assert "What do those who were selected have that I don&#39;t?" in hub.text
    r = c.ben.post(
        f"/goals/{c.goal}/questions/{qid}/answers",
        data={"csrf": csrf_in(hub.text), "text": ""},
    )
    assert r.status_code == 400 and "Error:" in r.text
    r = c.ben.post(
        f"/goals/{c.goal}/questions/{qid}/answers",
        data={"csrf": csrf_in(hub.text), "text": "They went to test pilot school."},
        follow_redirects=False,
    )
    assert r.status_code == 303
    # Fay was not asked: her answer is a 404 like a missing question.
    r = c.fay.post(
        f"/api/goals/{c.goal}/questions/{qid}/answers",
        json={"text": "me too"},
        headers=c.h("fay"),
    )
    missing = c.fay.post(
        f"/api/goals/{c.goal}/questions/{MISSING}/answers",
        json={"text": "me too"},
        headers=c.h("fay"),
    )
    assert r.status_code == missing.status_code == 404
    assert r.json() == missing.json()
    answer = next(i for i in _inbox(c) if i["kind"] == "answer")
    assert answer["question_id"] == qid and answer["author"] == "Ben"
    inbox = c.ana.get(f"/goals/{c.goal}/inbox")
    assert "Answer to your question" in inbox.text
    assert c.ana.get(f"/api/goals/{c.goal}/evidence").json()["evidence"] == []
    r = c.ana.post(
        f"/goals/{c.goal}/inbox/{answer['id']}/accept",
        data={"csrf": csrf_in(inbox.text), "condition": "test_pilot_school"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    evidence = c.ana.get(f"/api/goals/{c.goal}/evidence").json()["evidence"]
    assert [(e["condition"], e["source"], e["note"]) for e in evidence] == [
        ("test_pilot_school", "Ben (mentor)", "They went to test pilot school.")
    ]


def test_ask_needs_an_active_supporter(circle: Circle) -> None:
    c = circle
    r = c.ana.post(
        f"/api/goals/{c.goal}/questions",
        json={"supporters": [MISSING]},
        headers=c.h("ana"),
    )
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "supporters"
    assert c.ana.get(f"/api/goals/{c.goal}/questions").json() == {"questions": []}


def test_inbox_decline_and_api_shapes(circle: Circle) -> None:
    c = circle
    r = c.fay.post(
        f"/api/goals/{c.goal}/notes", json={"text": "proud of you"}, headers=c.h("fay")
    )
    assert r.status_code == 201
    item = r.json()
    assert (item["kind"], item["status"]) == ("encouragement", "open")
    doc = c.ana.get(f"/api/goals/{c.goal}/inbox?status=open").json()
    service = Service(c.ana.app.state.config.store)
    me = service.account_viewer(account_id(c.ana))
    assert doc == inbox_json(service.inbox(me, c.goal))  # the CLI's --json shape
    assert [i["text"] for i in doc["inbox"]] == ["proud of you"]
    r = c.ana.post(
        f"/api/goals/{c.goal}/inbox/{item['id']}/decline", headers=c.h("ana")
    )
    assert r.status_code == 200 and r.json()["status"] == "declined"
    assert c.ana.get(f"/api/goals/{c.goal}/inbox?status=open").json() == {"inbox": []}
    r = c.ana.get(f"/api/goals/{c.goal}/inbox?status=maybe")
    assert r.status_code == 422
    # Someone else's item under her goal, or an item of another goal: 404.
    r = c.ana.post(
        f"/api/goals/{c.other}/inbox/{item['id']}/decline", headers=c.h("ana")
    )
    assert r.status_code == 404
    for who in ("ben", "fay", "sam"):
        client: TestClient = getattr(c, who)
        _same_as_missing(
            client,
            f"/api/goals/{c.goal}/inbox/{item['id']}/accept",
            "post",
            headers=c.h(who),
        )
    page = c.ana.get(f"/goals/{c.goal}/inbox").text
    assert "declined" in page and "proud of you" in page
