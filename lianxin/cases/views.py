"""Ledger pages: they parse the request, call one selector or service, and render. Nothing else."""

from django.http import HttpResponse


def ledger(request):  # placeholder until the pages land (this session)
    return HttpResponse("")


export = register = ledger


def detail(request, number):
    return HttpResponse("")


def act(request, number, action):
    return HttpResponse("")
