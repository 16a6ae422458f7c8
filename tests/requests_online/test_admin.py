import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from tests.factories import OnlineRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client):
    user = User.objects.create_superuser("root", "root@example.be", "pw-root-123456")
    client.force_login(user)
    return client


def test_the_admin_lists_searches_and_filters_requests(admin_client_, cpas, other_cpas):
    louise = OnlineRequestFactory(cpas=cpas, reference="2A90072YKMHZ", last_name="Delacroix")
    read = OnlineRequestFactory(cpas=other_cpas, last_name="Dubois", read_at=timezone.now())
    url = reverse("admin:requests_online_onlinerequest_changelist")
    assert admin_client_.get(url).status_code == 200
    by_reference = admin_client_.get(url, {"q": "2A90072YKMHZ"})
    assert list(by_reference.context["cl"].result_list) == [louise]
    by_name = admin_client_.get(url, {"q": "Dubois"})
    assert list(by_name.context["cl"].result_list) == [read]
    unread = admin_client_.get(url, {"lecture": "non_lues"})
    assert list(unread.context["cl"].result_list) == [louise]
    by_cpas = admin_client_.get(url, {"cpas__id__exact": other_cpas.pk})
    assert list(by_cpas.context["cl"].result_list) == [read]
    by_nature = admin_client_.get(url, {"nature__exact": "energie"})
    assert len(by_nature.context["cl"].result_list) == 2
    change = admin_client_.get(
        reverse("admin:requests_online_onlinerequest_change", args=[louise.pk])
    )
    assert change.status_code == 200
