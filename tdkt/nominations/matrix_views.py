"""The authority matrix shown to officers: which body decides, proposes or annuls each title, from when, under
which text, with its label (`authority_matrix`)."""

from datetime import date

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from tdkt.nominations.authority_matrix import ACTIONS, LABELS, SCOPES, matrix
from tdkt.records.choices import EntryLevel
from tdkt.records.models import CatalogueEntry


def _day(text: str) -> str:
    """The data file's ISO date as users read dates (dd/mm/yyyy); anything else as written."""
    try:
        return date.fromisoformat(text).strftime("%d/%m/%Y")
    except ValueError:
        return text


class AuthorityMatrixView(LoginRequiredMixin, View):
    def get(self, request):
        current = matrix()
        names = dict(CatalogueEntry.objects.values_list("code", "name"))
        rows = [
            {
                "row": row,
                "what": ", ".join(names.get(code, code) for code in row.entries)
                or f"Mọi mục {EntryLevel(row.entry_level).label.lower()}",
                "applied": row.scope == current.scope,
            }
            for row in current.rows
        ]
        groups = [(label, [r for r in rows if r["row"].action == action]) for action, label in ACTIONS.items()]
        return render(
            request,
            "nominations/authority_matrix.html",
            {
                "groups": groups,
                "version": _day(current.version),
                "scope": SCOPES[current.scope],
                "labels": LABELS,
            },
        )
