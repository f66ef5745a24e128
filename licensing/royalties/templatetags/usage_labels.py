"""Channel and format codes of usage and statement lines shown by their labels.

``{{ line.channel|channel_label }}``, ``{{ line.format|format_label }}``: the label of the
code in the active language; a value that is no code (a closed statement written before
the vocabularies were split, a held row's raw value) is shown as it is.
"""

from __future__ import annotations

from django import template

from licensing.royalties.vocabulary import channel_label, format_label

register = template.Library()
register.filter("channel_label", channel_label)
register.filter("format_label", format_label)
