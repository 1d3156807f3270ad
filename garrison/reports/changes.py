"""What changed between two published versions, section by section, read from their snapshots.

Rows are matched by what names them (a unit by its code, a channel by its number, a hospital by
its name, an assignment by its post, times and member): a row only in the newer version is
added, only in the older removed, in both with other details changed. Assignments are shown
twice, grouped per unit (what a unit commander reads) and per post (what a post's guard reads).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from garrison.reports.snapshot import Snapshot

Row = dict[str, Any]


@dataclass
class Change:
    kind: str  # added, removed, changed
    label: str
    before: str = ""
    after: str = ""


@dataclass
class Section:
    key: str
    title: str
    changes: list[Change] = field(default_factory=list)
    groups: list[tuple[str, list[Change]]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes or self.groups)


def _text(key: str, title: str, before: str, after: str) -> Section:
    section = Section(key, title)
    if before.strip() != after.strip():
        section.changes.append(Change("changed", str(title), before, after))
    return section


def _keyed(
    before: Iterable[Row],
    after: Iterable[Row],
    key: Callable[[Row], str],
    show: Callable[[Row], str],
) -> list[Change]:
    old = {key(r): show(r) for r in before}
    new = {key(r): show(r) for r in after}
    changes = [Change("removed", k, old[k], "") for k in old if k not in new]
    for k, text in new.items():
        if k not in old:
            changes.append(Change("added", k, "", text))
        elif old[k] != text:
            changes.append(Change("changed", k, old[k], text))
    return changes


def _shift(row: Row) -> str:
    rank = f" ({row['rank']})" if row.get("rank") else ""
    return f"{row['from']} – {row['until']} · {row['post']} · {row['member'] or '—'}{rank}"


def _assignments(before: list[Row], after: list[Row], by: str) -> list[tuple[str, list[Change]]]:
    """Shifts added and removed, per unit (``by`` "unit") or per post ("post")."""

    def group(row: Row) -> str:
        if by == "unit":
            return f"{row['unit_code']} {row['unit_name']}"
        return str(row["post"])

    old, new = Counter(_shift(r) for r in before), Counter(_shift(r) for r in after)
    groups: dict[str, list[Change]] = {}
    for rows, other, kind in ((after, old, "added"), (before, new, "removed")):
        seen: Counter[str] = Counter()
        for row in rows:
            text = _shift(row)
            seen[text] += 1
            if seen[text] > other[text]:  # more of this shift on this side than on the other
                label = group(row)
                groups.setdefault(label, []).append(
                    Change(kind, label, *(("", text) if kind == "added" else (text, "")))
                )
    return sorted(groups.items())


def _safety(snapshot: Snapshot) -> str:
    message = snapshot.get("safety")
    if not message:
        return ""
    flags = _("Site safety plan required: %(where)s") % {"where": message["where"] or "—"}
    return str(message["message"]) + ("\n" + str(flags) if message["site_safety_plan"] else "")


def compare(before: Snapshot, after: Snapshot) -> list[Section]:
    """The sections in ICS order, each with what changed from ``before`` to ``after``."""
    organisation = Section("organisation", str(_("ICS 203 · Organisation")))
    organisation.changes = _keyed(
        before.get("organisation", []), after.get("organisation", []),
        key=lambda u: str(u["code"]),
        show=lambda u: f"{u['name']} · {u['type']} · ↑{u['parent'] or '—'} · {u['members']}",
    )  # fmt: skip
    per_unit = Section("assignments_unit", str(_("ICS 204 · Assignments per unit")))
    per_unit.groups = _assignments(before.get("assignments", []), after.get("assignments", []),
                                   "unit")  # fmt: skip
    per_post = Section("assignments_post", str(_("ICS 204 · Assignments per post")))
    per_post.groups = _assignments(before.get("assignments", []), after.get("assignments", []),
                                   "post")  # fmt: skip
    radio = Section("radio", str(_("ICS 205 · Radio plan")))
    radio.changes = _keyed(
        before.get("radio", []), after.get("radio", []),
        key=lambda c: f"{c['number']}",
        show=lambda c: " · ".join(str(c[k]) for k in ("name", "talk_group", "units", "rx", "tx",
                                                         "tone", "mode", "remarks") if c[k]),
    )  # fmt: skip
    medical = Section("medical", str(_("ICS 206 · Medical plan")))
    old_med, new_med = before.get("medical", {}), after.get("medical", {})
    medical.changes = [
        *_keyed(old_med.get("items", []), new_med.get("items", []),
                key=lambda i: str(i["resource"]),
                show=lambda i: f"{i['place'] or '—'} · {i['unit']} · "
                               f"{_('in service') if i['usable'] else _('not usable')}"),
        *_keyed(old_med.get("hospitals", []), new_med.get("hospitals", []),
                key=lambda h: str(h["name"]),
                show=lambda h: f"{h['address']} · {h['trauma']} · {h['contact']}"),
        *_keyed(old_med.get("travel", []), new_med.get("travel", []),
                key=lambda t: f"{t['from']} → {t['to']}",
                show=lambda t: f"{t['minutes'] if t['minutes'] is not None else '—'} min / "
                               f"{t['km'] if t['km'] is not None else '—'} km"),
    ]  # fmt: skip
    return [
        _text(
            "objectives",
            str(_("ICS 202 · Objectives")),
            before.get("objectives", ""),
            after.get("objectives", ""),
        ),
        organisation,
        per_unit,
        per_post,
        radio,
        medical,
        _text("safety", str(_("ICS 208 · Safety message")), _safety(before), _safety(after)),
    ]
