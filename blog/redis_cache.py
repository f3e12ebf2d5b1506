"""Django's RedisCache, minus a redis-py client built for every cache call.

Django's RedisCacheClient.get_client() makes a new `redis.Redis` per operation; building one
fills a table of ~170 response callbacks, which took a third of the time of a page served from
the cache. A client is a thin, thread-safe wrapper around its connection pool, so one per pool
is kept and reused. Everything else (pools, serialisation, errors) is Django's.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
