"""Remember the actor's roles and the unit ancestry for the length of a read-only request."""

from tdkt.org.scoping import read_only_memo

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ReadOnlyScopeMemoMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in READ_ONLY_METHODS:
            return self.get_response(request)
        with read_only_memo():
            return self.get_response(request)
