"""The demo data's kernel: its own rows (`kernel.json`) and what every module's demo seeds with.

`kernel.json` holds the demo password, the vessels and the users with their role on each
vessel. `DemoContext` is handed to each app's `demo.seed(ctx)` (see `manage.py seed_demo`);
`demo_modules()` finds those modules and puts them in the order they seed in.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib import import_module
from importlib.resources import files
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from pms.models import Membership, User, Vessel
from pms.roles import HOD_ROLES, Role


def load_data(package: str, name: str):
    """The parsed JSON data file `name` next to the module `package` (a demo module passes `__name__`)."""
    return json.loads(files(package).joinpath(name).read_text(encoding="utf-8"))


KERNEL = load_data(__name__, "kernel.json")
DEMO_PASSWORD = KERNEL["password"]


@dataclass
class DemoContext:
    """What a module's demo seeds with; `created` counts the rows this run added."""

    now: datetime
    stdout: object  # anything with write(line), e.g. the command's stdout
    vessels: dict[str, Vessel] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    # What earlier modules publish for later ones, e.g. shared["equipment"][vessel code, code].
    shared: dict = field(default_factory=dict)
    created: int = 0

    def ago(self, days=0, hours=0) -> datetime:
        return self.now - timedelta(days=days, hours=hours)

    def get_or_create(self, model, defaults=None, **lookup):
        """The row with this natural key, created (and counted) when missing."""
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        self.created += created
        return obj, created

    def chief_engineer(self, vessel_code: str) -> User:
        """The vessel's demo chief engineer, who uploads its manuals and receives its opening stock."""
        username = next(
            user["username"] for user in KERNEL["users"] if user["memberships"].get(vessel_code) == Role.CHIEF_ENGINEER
        )
        return self.users[username]


def seed_kernel(ctx: DemoContext) -> None:
    """The vessels, the users (password `DEMO_PASSWORD`, staff when head of department) and their memberships."""
    for row in KERNEL["vessels"]:
        ctx.vessels[row["code"]], _ = ctx.get_or_create(
            Vessel, code=row["code"], defaults={"name": row["name"], "imo_number": row["imo_number"]}
        )
    for row in KERNEL["users"]:
        memberships = row["memberships"]
        user = User.objects.filter(username=row["username"]).first()
        if user is None:
            user = User(
                username=row["username"],
                first_name=row["first_name"],
                last_name=row["last_name"],
                email=f"{row['username']}@demo.yacht-pms.example",
                is_staff=any(Role(role) in HOD_ROLES for role in memberships.values()),
                current_vessel=ctx.vessels[next(iter(memberships))],
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            ctx.created += 1
        ctx.users[row["username"]] = user
        for vessel_code, role in memberships.items():
            ctx.get_or_create(Membership, user=user, vessel=ctx.vessels[vessel_code], defaults={"role": role})


def login_lines() -> list[str]:
    """One line per demo user: username, name and role on each vessel."""
    lines = []
    for row in KERNEL["users"]:
        roles = ", ".join(f"{Role(role).label} on {vessel}" for vessel, role in row["memberships"].items())
        lines.append(f"  {row['username']:<15} {row['first_name']} {row['last_name']} - {roles}")
    return lines


def demo_modules() -> list[ModuleType]:
    """Every installed app's `demo` module with a `seed`, in INSTALLED_APPS order but each after its DEPENDS_ON."""
    found = {}
    for config in apps.get_app_configs():
        if config.name != "pms" and module_has_submodule(config.module, "demo"):
            module = import_module(f"{config.name}.demo")
            if callable(getattr(module, "seed", None)):
                found[config.label] = module
    for label, module in found.items():
        missing = sorted(set(getattr(module, "DEPENDS_ON", ())) - found.keys())
        if missing:
            raise ImproperlyConfigured(f"The {label} demo depends on {', '.join(missing)}, which has no demo module.")
    ordered, done, pending = [], set(), list(found.items())
    while pending:
        ready = next((item for item in pending if set(getattr(item[1], "DEPENDS_ON", ())) <= done), None)
        if ready is None:
            raise ImproperlyConfigured(f"The demos of {', '.join(label for label, _ in pending)} depend on each other.")
        pending.remove(ready)
        done.add(ready[0])
        ordered.append(ready[1])
    return ordered
