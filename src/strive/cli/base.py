"""A Typer app whose commands turn :class:`StriveError` into one clear line, and
whose ``--json`` output is never translated."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from strive.errors import StriveError

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
            error(str(exc))
            raise typer.Exit(exc.exit_code) from None

    return guarded


class StriveTyper(typer.Typer):
    """Like :class:`typer.Typer`, with strive's error handling on every command."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("no_args_is_help", True)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Callable[[F], F]:
        register = super().command(*args, **kwargs)

        def decorator(function: F) -> F:
            register(_guard(function))
            return function

        return decorator
