"""Sharing a goal with the people who help: roles, grants, invitations, inbox.

The pure records live in :mod:`strive.sharing.model`, the one access decision in
:mod:`strive.sharing.access`, and the front door over a database in
:mod:`strive.sharing.service` (imported lazily: it reaches the storage layer).
"""

from strive.sharing.access import Viewer, allowed, decide, readable
from strive.sharing.model import (
    Act,
    Grant,
    InboxItem,
    Invitation,
    ItemKind,
    ItemStatus,
    Role,
    Section,
    StrategicQuestion,
    default_sections,
    parse_sections,
)

__all__ = [
    "Act",
    "Grant",
    "InboxItem",
    "Invitation",
    "ItemKind",
    "ItemStatus",
    "Role",
    "Section",
    "StrategicQuestion",
    "Viewer",
    "allowed",
    "decide",
    "default_sections",
    "parse_sections",
    "readable",
]
