"""Who may see and change an instance. Sign-in (Streamlit's `st.login`, OpenID Connect) is on when the secrets hold
an `[auth]` section, when `ATLAS_SIGN_IN=required`, or when they list readers or editors; it is off otherwise, and
then everyone reads and edits under the name they type, as on a local run. With it on, only a signed-in account
sees anything; what it adds, grades, withdraws or restores is kept under its identity; the optional `[atlas]`
lists `readers` and `editors` (addresses, or "@domain" for a whole domain) narrow who may open and who may change
the atlas. A setting that cannot be honoured shuts the instance rather than opening it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

SETTING = "ATLAS_SIGN_IN"
REQUIRED = "required"
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
# Settings of [auth] itself (Streamlit's), not the names of providers, though client_kwargs is a table.
SHARED_KEYS = {"redirect_uri", "cookie_secret", "expose_tokens", "client_kwargs", *PROVIDER_KEYS}


@dataclass(frozen=True)
class Visitor:
    """Who is looking at this run, and what they may do."""

    sign_in: bool  # whether this instance asks visitors to sign in
    identity: str | None  # the signed-in account kept with every change; None when nobody is signed in
    name: str | None  # the account's display name, as the identity provider gives it
    may_read: bool
    may_edit: bool
    providers: tuple[str | None, ...] = ()  # the sign-in buttons: None is the unnamed provider of [auth]
    problem: str | None = None  # why sign-in cannot work as configured (nothing is served then)

    @property
    def label(self) -> str:
        """The account in words: "Ana Ruiz (ana@agency.example)", or the identity alone."""
        if self.name and self.identity and self.name != self.identity:
            return f"{self.name} ({self.identity})"
        return self.identity or ""


OPEN = Visitor(sign_in=False, identity=None, name=None, may_read=True, may_edit=True)


def read_only(action: str) -> str:
    """What a reader is told where an editor would find the controls to `action`."""
    return f"You can read but not {action}: ask an administrator to add you to the editors."


def _table(value: object) -> Mapping | None:
    return value if isinstance(value, Mapping) else None


def providers(auth: Mapping) -> tuple[str | None, ...]:
    """The providers `[auth]` configures: None for one given in `[auth]` itself, then each `[auth.NAME]` table."""
    unnamed = (None,) if any(k in auth for k in PROVIDER_KEYS) else ()
    return unnamed + tuple(k for k, v in auth.items() if isinstance(v, Mapping) and k not in SHARED_KEYS)


def problem(secrets: Mapping, setting: str = "") -> str | None:
    """What keeps sign-in from working as the secrets and `ATLAS_SIGN_IN` ask, in words; None when nothing does."""
    setting = setting.strip()
    if setting and setting.lower() != REQUIRED:
        return f"{SETTING}={setting!r} is not a setting (use {SETTING}={REQUIRED}, or leave it unset)"
    auth = _table(secrets.get("auth"))
    atlas = _table(secrets.get("atlas")) or {}
    if auth is None:
        listed = [k for k in ("readers", "editors") if k in atlas]
        if setting:
            return f"{SETTING}={REQUIRED} is set but the secrets have no [auth] section (or could not be read)"
        if listed:
            return f"the secrets list {' and '.join(listed)} under [atlas] but have no [auth] section to sign in with"
        return None
    missing = [k for k in ("redirect_uri", "cookie_secret") if not auth.get(k)]
    if missing:
        return f"[auth] lacks {', '.join(missing)}"
    found = providers(auth)
    if not found:
        return "[auth] names no identity provider (client_id, client_secret, server_metadata_url, or an [auth.NAME] table)"
    for name in found:
        table = auth if name is None else auth[name]
        lacking = [k for k in PROVIDER_KEYS if not table.get(k)]
        where = "[auth]" if name is None else f"[auth.{name}]"
        if lacking:
            return f"{where} lacks {', '.join(lacking)}"
        if name is not None and "_" in name:
            return f"{where}: Streamlit does not accept an underscore in a provider's name"
    return None


def identity(user: Mapping) -> str | None:
    """The signed-in account from the identity token's claims: its email (unless the provider says it is not
    verified), else its preferred_username, else its subject; None when nobody is signed in."""
    if user.get("is_logged_in") is not True:
        return None
    claims = ("email", "preferred_username", "sub") if user.get("email_verified") is not False else ("preferred_username", "sub")
    for claim in claims:
        value = user.get(claim)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def listed(who: str, entries: object) -> bool:
    """Whether the account is on a list of addresses and "@domain" entries (letter case aside)."""
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list | tuple):
        return False
    who = who.casefold()
    for entry in entries:
        entry = str(entry).strip().casefold()
        if entry and (who == entry or (entry.startswith("@") and who.endswith(entry))):
            return True
    return False


def visitor(secrets: Mapping, user: Mapping, setting: str = "") -> Visitor:
    """Who this is and what they may do, from the secrets (`[auth]`, `[atlas]`), the identity token's claims
    (`st.user`) and `ATLAS_SIGN_IN`."""
    auth = _table(secrets.get("auth"))
    atlas = _table(secrets.get("atlas")) or {}
    trouble = problem(secrets, setting)
    if auth is None and trouble is None:
        return OPEN
    found = providers(auth) if auth is not None else ()
    who = None if trouble else identity(user)
    if who is None:
        return Visitor(True, None, None, may_read=False, may_edit=False, providers=found, problem=trouble)
    name = user.get("name") if isinstance(user.get("name"), str) else None
    editor = "editors" in atlas and listed(who, atlas["editors"])
    may_read = editor or "readers" not in atlas or listed(who, atlas["readers"])
    may_edit = editor or (may_read and "editors" not in atlas)
    return Visitor(True, who, name, may_read=may_read, may_edit=may_edit, providers=found)
