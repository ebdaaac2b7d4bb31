"""The equipment hierarchy stays a tree of one vessel."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


def test_equipment_cannot_be_its_own_parent_even_in_the_database(aurora):
    engine = EquipmentFactory(vessel=aurora)
    engine.parent_id = engine.pk
    with pytest.raises(ValidationError):
        engine.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        engine.save()


def test_a_loop_through_the_children_is_refused(aurora):
    engine = EquipmentFactory(vessel=aurora)
    pump = EquipmentFactory(vessel=aurora, parent=engine)
    impeller = EquipmentFactory(vessel=aurora, parent=pump)
    engine.parent = impeller
    with pytest.raises(ValidationError, match="part of itself"):
        engine.full_clean()


def test_the_parent_is_on_the_same_vessel(aurora, borealis):
    child = EquipmentFactory(vessel=aurora, parent=EquipmentFactory(vessel=borealis))
    with pytest.raises(ValidationError, match="same vessel"):
        child.full_clean()
    child.parent = EquipmentFactory(vessel=aurora)
    child.full_clean()
