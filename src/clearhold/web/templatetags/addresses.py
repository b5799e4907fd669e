"""``{% url %}`` answered by :func:`clearhold.toolkit.addresses.address`: the same address as
Django's tag (same arguments, same ``as var``, same error when there is none), reversed once
per process. Installed as a template builtin (settings ``TEMPLATES``), so it replaces Django's
tag on every page."""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from clearhold.toolkit.addresses import address

register = template.Library()


class AddressNode(defaulttags.URLNode):
    def render(self, context: template.Context) -> str:
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        current_app = _current_app(context)
        url = ""
        try:
            url = address(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context: template.Context) -> Any:
    """The application namespace Django's tag reverses in (``defaulttags.URLNode``)."""
    try:
        return context.request.current_app
    except AttributeError:
        try:
            return context.request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser: template.base.Parser, token: template.base.Token) -> AddressNode:
    """Django's ``{% url %}``, parsed by Django's own parser."""
    node = defaulttags.url(parser, token)
    return AddressNode(node.view_name, node.args, node.kwargs, node.asvar)
