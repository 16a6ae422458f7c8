import pytest

from tests.factories import OnlineRequestFactory


@pytest.fixture
def online_request(cpas):
    return OnlineRequestFactory(cpas=cpas, first_name="Louise", last_name="Delacroix")


@pytest.fixture
def foreign_request(other_cpas):
    """A request of another CPAS (Liège): the agent of Herstappe must never reach it."""
    return OnlineRequestFactory(cpas=other_cpas, postal_code="4000", locality="Liège")
