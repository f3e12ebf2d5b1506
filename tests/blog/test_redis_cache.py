"""blog.redis_cache: Django's RedisCache with one redis-py client per connection pool."""

from blog.redis_cache import RedisCache


def test_the_redis_client_is_built_once_and_reused():
    backend = RedisCache("redis://127.0.0.1:6379/0", {})
    client = backend._cache.get_client("a-key")
    assert backend._cache.get_client("another-key", write=True) is client
    assert client.connection_pool is backend._cache._get_connection_pool(write=False)


def test_a_key_is_made_once_and_still_carries_prefix_and_version(monkeypatch):
    backend = RedisCache("redis://127.0.0.1:6379/0", {"KEY_PREFIX": "site"})
    made = []
    real = RedisCache.__mro__[1].make_and_validate_key

    def counting(self, key, version=None):
        made.append(key)
        return real(self, key, version=version)

    monkeypatch.setattr(RedisCache.__mro__[1], "make_and_validate_key", counting)
    assert backend.make_and_validate_key("a") == "site:1:a"
    assert backend.make_and_validate_key("a") == "site:1:a"
    assert backend.make_and_validate_key("a", version=2) == "site:2:a"
    assert made == ["a", "a"]  # once per key and version


def test_remembered_keys_are_bounded():
    backend = RedisCache("redis://127.0.0.1:6379/0", {})
    for number in range(RedisCache.MADE_KEYS + 10):
        backend.make_and_validate_key(f"key-{number}")
    assert len(backend._made_keys) <= RedisCache.MADE_KEYS
    assert backend.make_and_validate_key("key-1") == ":1:key-1"
