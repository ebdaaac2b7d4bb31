"""Links reversed once per process answer exactly what Django's reverse() does."""

import uuid

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from pms.reversing import cached_reverse, record_url


def test_a_record_url_is_the_reversed_path_with_the_rows_id():
    pk = uuid.uuid4()
    assert record_url("workorders:detail", pk) == reverse("workorders:detail", args=[pk])
    assert record_url("equipment:fault_detail", str(pk)) == reverse("equipment:fault_detail", args=[pk])


def test_a_route_without_an_id_in_its_path_is_refused():
    with pytest.raises(NoReverseMatch):
        record_url("dashboard", uuid.uuid4())


def test_the_script_prefix_is_part_of_the_answer():
    pk = uuid.uuid4()
    plain = record_url("workorders:detail", pk)
    try:
        set_script_prefix("/pms/")
        assert record_url("workorders:detail", pk) == "/pms" + plain
        assert cached_reverse("workorders:list") == "/pms/work-orders/"
    finally:
        set_script_prefix("/")
    assert cached_reverse("workorders:list") == "/work-orders/"


def test_the_url_tag_answers_as_djangos_does():
    pk = uuid.uuid4()
    html = Template(
        "{% url 'action' 'report_fault' %}|{% url 'workorders:detail' pk %}|{% url 'nowhere' as missing %}[{{ missing }}]"
    ).render(Context({"pk": pk}))
    assert html == f"{reverse('action', args=['report_fault'])}|{reverse('workorders:detail', args=[pk])}|[]"
    with pytest.raises(NoReverseMatch):
        Template("{% url 'nowhere' %}").render(Context({}))


class Named:
    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name


def test_an_argument_whose_text_may_change_is_reversed_each_time():
    """A model instance (or any object) is written into the URL by its text, which may change."""
    named = Named("report_fault")
    assert cached_reverse("action", args=[named]) == "/actions/report_fault/"
    named.name = "log_part_usage"
    assert cached_reverse("action", args=[named]) == "/actions/log_part_usage/"
