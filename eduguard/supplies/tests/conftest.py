import pytest

from eduguard.accounts.choices import Role
from eduguard.core.testing import make_user
from eduguard.supplies.models import Item, Store
from eduguard.supplies.services.defaults import ensure_defaults


@pytest.fixture
def depot(world):
    """The county's warehouse and a store for each school; the default items; a bureau keeper."""
    ensure_defaults()
    w = world
    w.warehouse = Store.objects.create(county=w.county, name="县教育局物资仓库")
    w.stores = {k: Store.objects.create(county=w.county, school=s, name=s.name) for k, s in w.schools.items()}
    w.mask = Item.objects.get(code="mask")
    w.liquid = Item.objects.get(code="disinfectant")
    w.keeper = make_user("keeper", Role.BUREAU_STAFF, w.county)
    return w
