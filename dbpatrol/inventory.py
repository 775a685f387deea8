"""The inventory: businesses → hosts → instances, from a YAML file validated by pydantic.

Passwords are never written in the inventory. An instance names where its password lives:
``password: {env: VAR}`` (an environment variable of the process that runs the inspection) or
``password: {secret: BLOCK}`` (a Prefect Secret block), or nothing for trust/peer auth.
"""

from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .errors import UserError

NAME = r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,62}$"


class PasswordRef(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    env: str | None = Field(default=None, pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    secret: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9\-]*$")

    @model_validator(mode="after")
    def _one(self):
        if (self.env is None) == (self.secret is None):
            raise ValueError("give exactly one of env: VARIABLE or secret: PREFECT-SECRET-BLOCK")
        return self

    def describe(self) -> str:
        return f"env:{self.env}" if self.env else f"secret:{self.secret}"

    def resolve(self) -> str:
        """The password itself; only ever called inside the process that connects."""
        if self.env:
            value = os.environ.get(self.env)
            if value is None:
                raise LookupError(f"password environment variable {self.env} is not set")
            return value
        from prefect.blocks.system import Secret  # imported lazily: only plans that use blocks pay for it

        try:
            return Secret.load(self.secret).get()
        except ValueError as exc:
            raise LookupError(f"Prefect Secret block {self.secret!r} not found") from exc


class TlsOptions(BaseModel):
    """How dbpatrol encrypts its connection: ``tls: {mode: verify-identity, ca: /etc/dbpatrol/ca.pem}``.

    Without ``tls:`` the driver's default applies (PyMySQL and libpq: TLS when the server offers it,
    certificate unchecked, plaintext otherwise). ``mode``: disabled, preferred, required (encrypted, the
    certificate not checked), verify-ca (the server's certificate is signed by ``ca``, else by the
    system's CAs), verify-identity (and names the address dbpatrol connects to; PostgreSQL's
    verify-full). Given a ``ca`` and no mode, verify-ca. ``cert``/``key``: a client certificate (MySQL
    REQUIRE X509, PostgreSQL cert authentication). Paths are read by the process that connects."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["disabled", "preferred", "required", "verify-ca", "verify-identity"] | None = None
    ca: str | None = Field(default=None, min_length=1)
    cert: str | None = Field(default=None, min_length=1)
    key: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _consistent(self):
        if self.key and not self.cert:
            raise ValueError("key: needs cert (the client certificate it belongs to)")
        if self.mode == "disabled" and (self.ca or self.cert):
            raise ValueError("mode disabled: give no ca or cert")
        return self

    @property
    def effective_mode(self) -> str:
        return self.mode or ("verify-ca" if self.ca else "required")


class SshKeyRef(BaseModel):
    """Where the SSH private key lives: ``{file: /etc/dbpatrol/id_ed25519}`` (a file the inspecting
    process reads) or ``{secret: BLOCK}`` (a Prefect Secret block holding the key's text), with an
    optional ``passphrase: {env: VAR} | {secret: BLOCK}``. Never the key itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str | None = None
    secret: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9\-]*$")
    passphrase: PasswordRef | None = None

    @field_validator("file")
    @classmethod
    def _path(cls, v):
        return v if v is None else check_file_path(v, "key file")

    @field_validator("passphrase", mode="before")
    @classmethod
    def _no_inline_passphrase(cls, v):
        if isinstance(v, (str, int, float)):
            raise ValueError("a key passphrase is never written in the inventory; use {env: VARIABLE} or {secret: BLOCK}")
        return v

    @model_validator(mode="after")
    def _one(self):
        if (self.file is None) == (self.secret is None):
            raise ValueError("give exactly one of file: PATH or secret: PREFECT-SECRET-BLOCK")
        return self

    def describe(self) -> str:
        return f"file:{self.file}" if self.file else f"secret:{self.secret}"

    def load(self) -> tuple[str, str | None]:
        """(the private key's text, its passphrase or None); only called inside the process that connects."""
        if self.file:
            try:
                text = Path(self.file).expanduser().read_text(encoding="utf-8")
            except OSError as exc:
                raise LookupError(f"key file {self.file}: {exc.strerror or type(exc).__name__}") from None
        else:
            from prefect.blocks.system import Secret

            try:
                text = str(Secret.load(self.secret).get())
            except ValueError as exc:
                raise LookupError(f"Prefect Secret block {self.secret!r} not found") from exc
        return text, (self.passphrase.resolve() if self.passphrase else None)


class SshConfig(BaseModel):
    """A host's SSH access for the host/OS checks (dbpatrol/ssh.py): ``ssh: {user, port, key: {file: …}
    | {secret: …}, known_hosts: FILE}``. The host key is verified against ``known_hosts`` (default
    ``~/.ssh/known_hosts`` of the inspecting process), never accepted on first use; publickey only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user: str | None = None  # default: the host's ssh_user
    port: int = Field(default=22, ge=1, le=65535)
    key: SshKeyRef
    known_hosts: str = "~/.ssh/known_hosts"

    @model_validator(mode="before")
    @classmethod
    def _no_password(cls, v):
        if isinstance(v, dict) and "password" in v:
            raise ValueError("ssh passwords are not used (and never written in the inventory): give key: {file: PATH} "
                             "or {secret: BLOCK}")
        if isinstance(v, dict) and isinstance(v.get("key"), str):
            raise ValueError("key: give {file: PATH} or {secret: BLOCK}; a private key is never written in the inventory")
        return v

    _user = field_validator("user")(lambda v: v if v is None else check_login(v))
    _known_hosts = field_validator("known_hosts")(lambda v: check_file_path(v, "known_hosts"))

    def known_hosts_path(self) -> str:
        return str(Path(self.known_hosts).expanduser())


def check_file_path(v: str, what: str) -> str:
    """A file's path, absolute or ~/…: not a key or file content pasted in, not relative (the process
    that inspects may run elsewhere than the inventory's folder)."""
    if "-----BEGIN" in v or "PRIVATE KEY" in v or "\n" in v or not v.isprintable():
        raise ValueError(f"{what}: give the path of a file, never its content (a key is never written in the inventory)")
    if not (v.startswith("/") or v.startswith("~/")):
        raise ValueError(f"{what}: give an absolute path (or ~/…), not {v!r}")
    return v


Levels = dict[Literal["warning", "critical", "value"], float | list[str] | None]

# An address is a host name or an IP address, nothing more: a URL or a user:password@ part would be
# published in every report (JSON, HTML, PDF, the store) and in Prefect parameters.
_HOSTNAME = re.compile(r"(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
                       r"(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?")
_NO_SECRETS = ("passwords are never written in the inventory; give the password as "
               "password: {env: VARIABLE} or {secret: BLOCK}")


def _looks_like_credentials(v: str) -> bool:
    return "@" in v or "://" in v


def check_address(v: str) -> str:
    """A host name (letters, digits, - and _; IDN allowed) or an IPv4/IPv6 address. Anything with
    a scheme, a user or a password (``postgresql://u:pw@h``, ``u:pw@h``) is refused, and the
    message never repeats the value."""
    if _looks_like_credentials(v):
        raise ValueError("must be a host name or IP address, not a URL or user:password@host; " + _NO_SECRETS)
    try:
        ipaddress.ip_address(v)
        return v
    except ValueError:
        pass
    try:
        ascii_name = v.encode("idna").decode("ascii") if not v.isascii() else v
    except UnicodeError:
        ascii_name = ""
    if not _HOSTNAME.fullmatch(ascii_name):
        raise ValueError("must be a host name or IP address (no port, path, spaces or user name; "
                         "the port has its own key)")
    return v


def check_login(v: str) -> str:
    """A login name alone: not ``user:password``, ``user/password@db`` or a URL."""
    if _looks_like_credentials(v) or any(c in v for c in ":/=") or not v.isprintable() or v != v.strip():
        raise ValueError("must be the login name alone (no :, /, @, = or spaces, as in user:password, "
                         "user/password@db or a URL); " + _NO_SECRETS)
    return v


def check_database(v: str) -> str:
    """A database (or Oracle service) name: not a URL or a connection string (key=value, which libpq
    would read as connection parameters, a password among them)."""
    if _looks_like_credentials(v) or "=" in v or not v.isprintable():
        raise ValueError("must be a database name, not a URL or a connection string (no @, :// or =); "
                         + _NO_SECRETS)
    return v


class BackupTool(BaseModel):
    """The backup tool dbpatrol reads the instance's backups from: ``backup: {tool: pgbackrest, stanza: main,
    config: /etc/pgbackrest/pgbackrest.conf}`` (PostgreSQL). Without it the stanza is taken from a
    ``pgbackrest --stanza=…`` in archive_command / restore_command (checks/backup_tools/pgbackrest.py).
    ``config``: the configuration file on the database host, when not pgBackRest's default."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tool: Literal["pgbackrest"]
    stanza: str
    config: str | None = None

    @field_validator("stanza")
    @classmethod
    def _stanza(cls, v):
        from checks.backup_tools.pgbackrest import check_stanza

        return check_stanza(v)

    @field_validator("config")
    @classmethod
    def _config(cls, v):
        from checks.backup_tools.pgbackrest import check_config

        return v if v is None else check_config(v)


class OracleHost(BaseModel):
    """Where an Oracle instance's software lives on its host, for the host checks that run Oracle's own
    tools or read its network files over SSH (RUN030 ``lsnrctl status``, SEC011 ``sqlnet.ora``):
    ``oracle: {home: /u01/app/oracle/product/19.0.0/dbhome_1, listener: LISTENER, tns_admin: DIR}``.
    ``home`` is ORACLE_HOME (lsnrctl is ``home``/bin/lsnrctl); ``listener`` the listener's name in
    listener.ora (default LISTENER); ``tns_admin`` the directory of sqlnet.ora / listener.ora when
    TNS_ADMIN is set for the database (default ``home``/network/admin). On Grid Infrastructure (RAC,
    Oracle Restart) the listener runs from the Grid home: give it as ``listener_home`` (lsnrctl then runs
    from there, with that home's own network/admin; sqlnet.ora is still the database home's). Without ``oracle:`` those
    checks are SKIPPED "not inspected: not configured"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    home: str
    listener: str = Field(default="LISTENER", pattern=r"^[A-Za-z][A-Za-z0-9_.-]{0,63}$")
    tns_admin: str | None = None
    listener_home: str | None = None

    @field_validator("home", "tns_admin", "listener_home")
    @classmethod
    def _dir(cls, v):
        if v is None:
            return v
        from dbpatrol.ssh import safe_path

        if not v.startswith("/"):
            raise ValueError(f"give an absolute directory, not {v[:100]!r}")
        try:
            return safe_path(v)
        except ValueError as exc:
            raise ValueError(str(exc)) from None

    @property
    def network_admin(self) -> str:
        return self.tns_admin or f"{self.home}/network/admin"


_NAME_RE = re.compile(NAME)


def check_name(v: str) -> str:
    """A business, host or instance name is a slug: it names plans, artifacts, acks and files. A name
    in any script (核心银行) goes in ``display_name`` beside it (issue 14 item 17)."""
    if not isinstance(v, str) or not _NAME_RE.match(v):
        raise ValueError(f"name {v!r}: use 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit "
                         f"(e.g. core-banking); a name in any script, such as 核心银行, goes in display_name")
    return v


def check_display_name(v: str | None) -> str | None:
    if v is None:
        return None
    v = v.strip()
    if not v or len(v) > 100 or any(ord(c) < 0x20 or 0x7f <= ord(c) < 0xa0 for c in v):
        raise ValueError("display_name: 1-100 characters, any script, no control characters")
    return v


class Instance(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    display_name: str | None = None  # shown in reports beside the name, any script
    engine: Literal["postgresql", "mysql", "mariadb", "oracle"]
    address: str | None = None  # defaults to the host's address
    port: int = Field(ge=1, le=65535)
    database: str | None = None  # database (PostgreSQL, MySQL) or service name (Oracle)
    user: str = Field(min_length=1)
    password: PasswordRef | None = None
    tls: TlsOptions | None = None  # PostgreSQL, MySQL, MariaDB
    # Oracle: the management packs this database is licensed for. AWR/ASH/ADDM (Diagnostics Pack) are
    # read only when listed here AND control_management_pack_access includes DIAGNOSTIC: that
    # parameter defaults to DIAGNOSTIC+TUNING on Enterprise Edition whether or not the pack is bought.
    licensed_packs: list[Literal["diagnostics", "tuning"]] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    thresholds: dict[str, dict[str, Levels]] = Field(default_factory=dict)
    # where database-scope checks run: these databases (MySQL/MariaDB: schemas), or "all" of them
    # (discovered at each inspection); absent: the instance's own database
    databases: Literal["all"] | list[Annotated[str, Field(min_length=1, max_length=128)]] | None = None
    disabled_checks: list[str] = Field(default_factory=list)  # check codes or categories (checks/items.py)
    backup: BackupTool | None = None  # PostgreSQL: the pgBackRest stanza the backup checks read (BAK014-BAK017)
    oracle: OracleHost | None = None  # Oracle: ORACLE_HOME, listener, TNS_ADMIN on the host (RUN030, SEC011)

    @field_validator("databases", mode="before")
    @classmethod
    def _databases(cls, v):
        if isinstance(v, str) and v != "all":
            raise ValueError(f"a list of database names ([app, billing]) or all, not {v!r}")
        if isinstance(v, list):
            if not v:
                raise ValueError("name at least one database, or write all")
            return list(dict.fromkeys(v))
        return v

    _address = field_validator("address")(lambda v: v if v is None else check_address(v))
    _name = field_validator("name")(lambda v: check_name(v))
    _display = field_validator("display_name")(lambda v: check_display_name(v))
    _user = field_validator("user")(lambda v: check_login(v))
    _database = field_validator("database")(lambda v: v if v is None else check_database(v))

    @field_validator("password", mode="before")
    @classmethod
    def _no_inline(cls, v):
        if isinstance(v, (str, int, float)):
            raise ValueError("passwords are never written in the inventory; use {env: VARIABLE} or {secret: BLOCK}")
        return v

    @model_validator(mode="after")
    def _backup_engine(self):
        if self.backup is not None and self.engine != "postgresql":
            raise ValueError(f"backup: {self.backup.tool} is read for PostgreSQL instances, not {self.engine} "
                             "(MySQL/MariaDB backups are read from their backup history tables)")
        if self.oracle is not None and self.engine != "oracle":
            raise ValueError(f"oracle: ORACLE_HOME and listener are for Oracle instances, not {self.engine}")
        return self


class Host(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    display_name: str | None = None
    address: str = Field(min_length=1)
    ssh_user: str | None = None
    # SSH access for the host/OS checks (SshConfig); absent: they are SKIPPED "no ssh configured"
    ssh: SshConfig | None = None
    disabled_checks: list[str] = Field(default_factory=list)  # for every instance on this host
    instances: list[Instance] = Field(default_factory=list)

    _address = field_validator("address")(lambda v: check_address(v))
    _name = field_validator("name")(lambda v: check_name(v))
    _display = field_validator("display_name")(lambda v: check_display_name(v))
    _ssh_user = field_validator("ssh_user")(lambda v: v if v is None else check_login(v))

    @model_validator(mode="after")
    def _ssh_login(self):
        if self.ssh is not None:
            if self.ssh.user is None and self.ssh_user is None:
                raise ValueError("ssh: give user (or the host's ssh_user)")
            if self.ssh.user is not None and self.ssh_user is not None and self.ssh.user != self.ssh_user:
                raise ValueError("ssh.user and ssh_user differ: give one")
            if self.ssh.user is None:
                self.ssh = self.ssh.model_copy(update={"user": self.ssh_user})
        return self


class Business(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    display_name: str | None = None  # e.g. 核心银行 beside core-banking
    description: str = ""
    disabled_checks: list[str] = Field(default_factory=list)  # for every instance of this business

    _name = field_validator("name")(lambda v: check_name(v))
    _display = field_validator("display_name")(lambda v: check_display_name(v))
    hosts: list[Host] = Field(default_factory=list)


class InventoryModel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    businesses: list[Business] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self):
        seen: dict[str, str] = {}
        for b in self.businesses:
            for h in b.hosts:
                for i in h.instances:
                    if i.name in seen:
                        raise ValueError(f"instance name {i.name!r} is used twice ({seen[i.name]} and {b.name}/{h.name})")
                    seen[i.name] = f"{b.name}/{h.name}"
        names = [b.name for b in self.businesses]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"business name {sorted(dup)[0]!r} is used twice")
        return self


@dataclass(frozen=True)
class Target:
    """One instance with its place in the inventory: what a flow inspects."""

    business: str
    host: str
    address: str
    instance: Instance
    disabled_checks: tuple[str, ...] = ()  # the business's, the host's and the instance's, together
    ssh: SshConfig | None = None  # the host's SSH access (host/OS checks), None: not configured
    host_address: str | None = None  # the host's own address (SSH goes there, not to an instance's address)
    business_display: str | None = None  # display names (any script), shown in reports beside the names
    host_display: str | None = None

    @property
    def name(self) -> str:
        return self.instance.name


class Inventory:
    def __init__(self, model: InventoryModel, path: Path | None = None):
        self.model = model
        self.path = path

    @property
    def targets(self) -> list[Target]:
        return [
            Target(b.name, h.name, i.address or h.address, i,
                   tuple(dict.fromkeys([*b.disabled_checks, *h.disabled_checks, *i.disabled_checks])),
                   ssh=h.ssh, host_address=h.address, business_display=b.display_name,
                   host_display=h.display_name)
            for b in self.model.businesses
            for h in b.hosts
            for i in h.instances
        ]

    def select(self, business: str | None = None, host: str | None = None,
               instances: list[str] | None = None) -> list[Target]:
        """Targets matching every filter given; unknown names are errors, an empty result too."""
        targets = self.targets
        if business is not None and business not in {t.business for t in targets}:
            raise UserError(f"unknown business {business!r} (known: {', '.join(sorted({t.business for t in targets}))})")
        if host is not None and host not in {t.host for t in targets}:
            raise UserError(f"unknown host {host!r} (known: {', '.join(sorted({t.host for t in targets}))})")
        known = {t.name for t in targets}
        for name in instances or []:
            if name not in known:
                raise UserError(f"unknown instance {name!r} (known: {', '.join(sorted(known))})")
        chosen = [
            t for t in targets
            if (business is None or t.business == business)
            and (host is None or t.host == host)
            and (not instances or t.name in instances)
        ]
        if not chosen:
            raise UserError("the selection matches no instance")
        return chosen


def parse_inventory(data: Any, source: str = "<inventory>") -> Inventory:
    try:
        model = InventoryModel.model_validate(data)
    except ValidationError as exc:
        raise UserError(_describe(exc, source, data)) from None
    from checks.items import normalize  # the catalog decides which checks and thresholds exist
    from checks.registry import OverrideError, load

    for bi, b in enumerate(model.businesses):
        normalize(load(), b.disabled_checks, f"{source}: businesses[{bi}]({b.name}).disabled_checks")
        for hi, h in enumerate(b.hosts):
            normalize(load(), h.disabled_checks, f"{source}: businesses[{bi}]({b.name}).hosts[{hi}]({h.name}).disabled_checks")
            for ii, i in enumerate(h.instances):
                where = f"businesses[{bi}]({b.name}).hosts[{hi}]({h.name}).instances[{ii}]({i.name})"
                try:
                    load().validate_overrides(i.thresholds)
                except OverrideError as exc:
                    raise UserError(f"{source}: {where}.thresholds: {exc}") from None
                normalize(load(), i.disabled_checks, f"{source}: {where}.disabled_checks")
                if i.databases is not None and i.engine == "oracle":
                    raise UserError(f"{source}: {where}.databases: not supported for Oracle yet")
                if i.licensed_packs and i.engine != "oracle":
                    raise UserError(f"{source}: {where}.licensed_packs: Oracle only")
                if i.tls is not None and i.engine == "oracle":
                    raise UserError(f"{source}: {where}.tls: not supported for Oracle yet (configure TCPS in its service)")
    return Inventory(model)


def load_inventory(path: str | os.PathLike[str]) -> Inventory:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{p}: cannot read inventory: {exc.strerror or exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise UserError(f"{p}:{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    inv = parse_inventory(data, str(p))
    inv.path = p.resolve()
    return inv


def _describe(exc: ValidationError, source: str, data: Any) -> str:
    lines = []
    for err in exc.errors()[:5]:
        path = _path(err["loc"], data)
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{source}: {path or '(top level)'}: {msg}")
    more = exc.error_count() - 5
    if more > 0:
        lines.append(f"{source}: … and {more} more problems")
    return "\n".join(lines)


def _path(loc: tuple, data: Any) -> str:
    """businesses[0].hosts[1].instances[0].port, with names where the YAML has them."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            name = node[part].get("name") if isinstance(node, list) and part < len(node) and isinstance(node[part], dict) else None
            out += f"[{part}]" + (f"({name})" if name else "")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            if part in ("function-after[_one()]",) or str(part).startswith(("function-", "literal[")):
                continue
            out += ("." if out else "") + str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out
