"""The cache where allauth counts sign-in attempts, chosen by CACHE_URL at start-up."""

from tests.portal.test_settings import manage

PRINT_CACHE = "from django.conf import settings; print(settings.CACHES['default'])"


def test_without_cache_url_each_process_counts_in_memory():
    result = manage("shell", "-c", PRINT_CACHE, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "LocMemCache" in result.stdout


def test_a_directory_shares_the_counts_between_workers_on_one_host(tmp_path):
    result = manage("shell", "-c", PRINT_CACHE, DEBUG="true", CACHE_URL=f"file://{tmp_path}")
    assert "FileBasedCache" in result.stdout
    assert str(tmp_path) in result.stdout


def test_redis_url_is_read_when_cache_url_is_absent():
    result = manage("shell", "-c", PRINT_CACHE, DEBUG="true", REDIS_URL="redis://cache:6379/1")
    assert "RedisCache" in result.stdout
    assert "redis://cache:6379/1" in result.stdout


def test_an_unknown_cache_stops_start_up_and_names_the_variable():
    result = manage("check", DEBUG="true", CACHE_URL="memcached://cache:11211")
    assert result.returncode != 0
    assert "CACHE_URL='memcached://cache:11211'" in result.stderr
