"""``strive account``: web logins, e.g. one for the CLI's own person ``me``."""

from __future__ import annotations

from typing import Annotated

import typer

from strive.cli.base import StriveTyper

app = StriveTyper(help="Logins for the web app (strive serve).")


@app.command("new")
def new(
    ctx: typer.Context,
    email: Annotated[str, typer.Argument(help="The e-mail to log in with.")],
    person: Annotated[
        str,
        typer.Option(
            "--person", help="Whose data the login opens (the CLI's is 'me')."
        ),
    ] = "me",
) -> None:
    """Give a person in this database a web login (asks for a password)."""
    from strive.cli.app import workspace
    from strive.cli.output import console
    from strive.i18n import _
    from strive.web.accounts import claim_person

    store = workspace(ctx).store
    password = typer.prompt(
        _("Password (at least 12 characters, not a common one)"),
        hide_input=True,
        confirmation_prompt=_("Repeat the password"),
    )
    account = claim_person(store, email, password, person)
    console.print(
        _(
            "Account {email} opens the data of person {person!r}. "
            "Start the web app with: strive serve"
        ).format(email=account.email, person=account.person),
        markup=False,
        highlight=False,
    )
