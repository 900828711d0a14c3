"""Public pages. (Placeholder views until the public-site work lands: see issue 3.)"""

from django.http import Http404


def _not_yet(request, **kwargs):
    raise Http404("The public site is not built yet.")


home = case_list = case_detail = party_detail = topic_detail = _not_yet
event_detail = testimony_detail = source_detail = search = _not_yet
