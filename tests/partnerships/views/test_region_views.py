import pytest

from tests.partnerships.views.umkm_pages import en

pytestmark = pytest.mark.django_db


def test_it_lists_the_regencies_of_a_province_by_code(client):
    response = client.get(en("regencies_json"), {"province": "31"})
    assert response.status_code == 200
    regencies = response.json()
    assert {"Kota Administrasi Jakarta Selatan", "Kabupaten Administrasi Kepulauan Seribu"} <= {
        regency["name"] for regency in regencies
    }
    assert set(regencies[0]) == {"id", "code", "name"}
    assert all(regency["code"].startswith("31") for regency in regencies)
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("value", [None, "", "3", "abc", "99", "31'--", "1" * 500])
def test_bad_input_is_a_400_with_an_empty_list(client, value):
    params = {} if value is None else {"province": value}
    response = client.get(en("regencies_json"), params)
    assert response.status_code == 400
    assert response.json() == []


def test_it_answers_only_get(client):
    assert client.post(en("regencies_json"), {"province": "31"}).status_code == 405
