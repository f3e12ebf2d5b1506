"""blog.redis_cache: Django's RedisCache with one redis-py client per connection pool."""

from blog.redis_cache import RedisCache


def test_the_redis_client_is_built_once_and_reused():
    backend = RedisCache("redis://127.0.0.1:6379/0", {})
    client = backend._cache.get_client("a-key")
    assert backend._cache.get_client("another-key", write=True) is client
    assert client.connection_pool is backend._cache._get_connection_pool(write=False)
