"""A Typer app whose commands turn :class:`StriveError` into one clear line, and
whose ``--json`` output is never translated.

``--json`` is an API, so a command asked for it prints exactly one JSON document on
stdout, also when it fails: ``{"error": {"message", "where", "exit_code"}}``, next to
the usual ``error: ...`` line on stderr and the same exit code. That holds for
strive's own errors (:func:`_guard`) and for Click's usage errors (an option's bad
value, a missing argument, a bad ``--today`` before the command runs:
:class:`StriveGroup`), so a script reading stdout never gets an empty document.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from typer.core import TyperGroup

from strive.errors import StriveError

# Click's base error, from the Click that Typer runs on (recent Typers carry their
# own copy, so ``click.ClickException`` is not the class they raise).
_ClickError: type[Exception] = next(
    c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException"
)

F = TypeVar("F", bound=Callable[..., Any])


def _guard(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        from strive.cli.output import error

        try:
            if kwargs.get("as_json") is True:
                # --json is an API: its keys, values and texts are the same in
                # every language, whatever --lang / STRIVE_LANG say (docs/i18n.md).
                from strive.i18n import use_locale

                with use_locale("en"):
                    return function(*args, **kwargs)
            return function(*args, **kwargs)
        except StriveError as exc:
            if kwargs.get("as_json") is True:
                json_error(str(exc), exc.where, exc.exit_code)
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return guarded


def json_error(message: str, where: str | None, exit_code: int) -> None:
    """The one JSON document a failing ``--json`` command prints on stdout."""
    from strive.cli.output import print_json

    print_json({"error": {"message": message, "where": where, "exit_code": exit_code}})


def _wants_json(args: list[str]) -> bool:
    return "--json" in args[: args.index("--")] if "--" in args else "--json" in args


class StriveGroup(TyperGroup):
    """The root group: a usage error of a ``--json`` invocation is also printed as
    the JSON error document (Click then shows it on stderr and exits 2 as usual)."""

    # ``ctx`` is Click's Context of the Click that Typer runs on (``Any``: recent
    # Typers carry a private copy of Click, older ones use Click itself).
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:
            ctx.meta["strive.json"] = _wants_json(list(args))
        try:
            return super().parse_args(ctx, args)
        except _ClickError as exc:
            self._as_json(ctx, exc)
            raise

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except _ClickError as exc:
            self._as_json(ctx, exc)
            raise

    @staticmethod
    def _as_json(ctx: Any, exc: Any) -> None:
        if not ctx.meta.get("strive.json") or getattr(exc, "_strive_json", False):
            return
        exc._strive_json = True
        where = getattr(exc, "param_hint", None)
        param = getattr(exc, "param", None)
        if not isinstance(where, str) and param is not None:
            where = (param.opts or [param.name])[0]
        json_error(
            exc.format_message(),
            where.strip("'\"") if isinstance(where, str) else None,
            exc.exit_code,
        )


class StriveTyper(typer.Typer):
    """Like :class:`typer.Typer`, with strive's error handling on every command."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        kwargs.setdefault("cls", StriveGroup)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(function: F) -> F:
            register(_guard(function))
            return function

        return decorator
