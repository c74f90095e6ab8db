"""The pickers' JSON endpoints: `?q=` → up to 20 units / people / subjects of the actor's remit.

Read-only and scoped through the selectors (`tdkt.org.pickers`), so a search never names a unit or a person
outside the remit. The answers are plain JSON for `static/js/pickers.js`; the API keeps its own search.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import JsonResponse
from django.views import View

from tdkt.org.pickers import person_search, subject_search, unit_search

MAX_QUERY = 100  # characters: a name with its unit is far shorter; longer is not a search


class _SearchView(LoginRequiredMixin, View):
    search = staticmethod(lambda **kwargs: [])

    def get(self, request):
        query = request.GET.get("q", "")[:MAX_QUERY]
        return JsonResponse({"results": type(self).search(actor=request.user, query=query)})


class UnitSearchView(_SearchView):
    search = staticmethod(unit_search)


class PersonSearchView(_SearchView):
    search = staticmethod(person_search)


class SubjectSearchView(_SearchView):
    search = staticmethod(subject_search)
