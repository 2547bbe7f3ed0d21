package dev.sluice.server.state;

import dev.sluice.state.CounterText;
import dev.sluice.state.StateException;
import dev.sluice.state.StateLimits;
import dev.sluice.state.StateStore;
import dev.sluice.state.StateUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.exceptions.JedisException;

/**
 * State in Redis ({@code state.type: redis}): one hash per plugin, {@code
 * sluice:state:{<plugin>}:data}, and its byte count beside it in {@code
 * sluice:state:{<plugin>}:bytes} (the braces keep both in one Redis Cluster slot). Several servers
 * may share one Redis: every write is a Lua script, so the limit check and the write are one atomic
 * step in Redis itself, and {@code increment} is {@code HINCRBY} — exact across threads, instances
 * and servers.
 */
public final class RedisStateStore implements StateStore {

    /** Checks max_keys and max_total_bytes and sets; answers {0}, {1} (keys) or {2, total}. */
    private static final byte[] SET =
            bytes(
                    """
                    local old = redis.call('HGET', KEYS[1], ARGV[1])
                    local klen = string.len(ARGV[1])
                    local total = tonumber(redis.call('GET', KEYS[2]) or '0')
                    if old then
                      total = total - klen - string.len(old)
                    elseif redis.call('HLEN', KEYS[1]) + 1 > tonumber(ARGV[3]) then
                      return {1}
                    end
                    total = total + klen + string.len(ARGV[2])
                    if total > tonumber(ARGV[4]) then return {2, total} end
                    redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
                    redis.call('SET', KEYS[2], total)
                    return {0}
                    """);

    /** HINCRBY under the same limits; answers {0, new value as text}, {1}, {2, total}, {3, why}. */
    private static final byte[] INCREMENT =
            bytes(
                    """
                    local old = redis.call('HGET', KEYS[1], ARGV[1])
                    local klen = string.len(ARGV[1])
                    if not old and redis.call('HLEN', KEYS[1]) + 1 > tonumber(ARGV[3]) then
                      return {1}
                    end
                    local r = redis.pcall('HINCRBY', KEYS[1], ARGV[1], ARGV[2])
                    if type(r) == 'table' and r.err then return {3, r.err} end
                    local text = redis.call('HGET', KEYS[1], ARGV[1])
                    local total = tonumber(redis.call('GET', KEYS[2]) or '0') + klen + string.len(text)
                    if old then total = total - klen - string.len(old) end
                    if total > tonumber(ARGV[4]) then
                      if old then redis.call('HSET', KEYS[1], ARGV[1], old)
                      else redis.call('HDEL', KEYS[1], ARGV[1]) end
                      return {2, total}
                    end
                    redis.call('SET', KEYS[2], total)
                    return {0, text}
                    """);

    /** Removes a field and its bytes from the count; answers 1 if it was there. */
    private static final byte[] DELETE =
            bytes(
                    """
                    local old = redis.call('HGET', KEYS[1], ARGV[1])
                    if not old then return 0 end
                    redis.call('HDEL', KEYS[1], ARGV[1])
                    redis.call('DECRBY', KEYS[2], string.len(ARGV[1]) + string.len(old))
                    return 1
                    """);

    private final JedisPooled redis;
    private final String url;

    private RedisStateStore(JedisPooled redis, String url) {
        this.redis = redis;
        this.url = shown(url);
    }

    /** The URL as logs and errors show it: without a password it may carry. */
    public static String shown(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    /**
     * Connects to {@code url} ({@code redis://host:port[/db]}) and checks that Redis answers.
     *
     * @throws StateException naming the URL when it does not
     */
    public static RedisStateStore connect(String url) {
        JedisPooled redis;
        try {
            redis = new JedisPooled(url);
        } catch (RuntimeException e) {
            throw new StateException(
                    StateException.Reason.UNAVAILABLE,
                    "state.redis.url '" + shown(url) + "' is not usable: " + e.getMessage(),
                    e);
        }
        var store = new RedisStateStore(redis, url);
        try {
            redis.ping();
        } catch (JedisException e) {
            redis.close();
            throw new StateException(
                    StateException.Reason.UNAVAILABLE,
                    "cannot reach Redis at "
                            + shown(url)
                            + " (state.redis.url): "
                            + e.getMessage()
                            + "; start it, or set state.type: embedded",
                    e);
        }
        return store;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] data(String namespace) {
        return bytes("sluice:state:{" + namespace + "}:data");
    }

    private static byte[] count(String namespace) {
        return bytes("sluice:state:{" + namespace + "}:bytes");
    }

    @Override
    public Optional<byte[]> get(String namespace, String key) {
        try {
            return Optional.ofNullable(redis.hget(data(namespace), bytes(key)));
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    @Override
    public void set(String namespace, String key, byte[] value, StateLimits limits) {
        limits.checkEntry(namespace, key, value);
        var answer = script(SET, namespace, bytes(key), value, limits);
        refuseOnLimit(answer, namespace, limits);
    }

    @Override
    public boolean delete(String namespace, String key) {
        try {
            Object answer =
                    redis.eval(
                            DELETE,
                            List.of(data(namespace), count(namespace)),
                            List.of(bytes(key)));
            return Long.valueOf(1).equals(answer);
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    @Override
    public long increment(String namespace, String key, long delta, StateLimits limits) {
        limits.checkEntry(namespace, key, null);
        var answer = script(INCREMENT, namespace, bytes(key), bytes(Long.toString(delta)), limits);
        refuseOnLimit(answer, namespace, limits);
        if ((Long) answer.get(0) == 3) {
            String why =
                    answer.get(1) instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
            if (why.contains("overflow")) {
                CounterText.add(namespace, key, delta > 0 ? Long.MAX_VALUE : Long.MIN_VALUE, delta);
            }
            throw CounterText.notACounter(namespace, key);
        }
        return CounterText.parse(namespace, key, (byte[]) answer.get(1));
    }

    @SuppressWarnings("unchecked")
    private List<Object> script(
            byte[] script, String namespace, byte[] key, byte[] value, StateLimits limits) {
        try {
            return (List<Object>)
                    redis.eval(
                            script,
                            List.of(data(namespace), count(namespace)),
                            List.of(
                                    key,
                                    value,
                                    bytes(Long.toString(limits.maxKeys())),
                                    bytes(Long.toString(limits.maxTotalBytes()))));
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    /** Turns a script's limit answer into the limit's error (nothing was written). */
    private static void refuseOnLimit(List<Object> answer, String namespace, StateLimits limits) {
        long code = (Long) answer.get(0);
        if (code == 1) {
            limits.checkUsage(namespace, limits.maxKeys() + 1, 0);
        } else if (code == 2) {
            limits.checkUsage(namespace, 0, (Long) answer.get(1));
        }
    }

    @Override
    public StateUsage usage(String namespace) {
        try {
            byte[] bytes = redis.get(count(namespace));
            return new StateUsage(
                    redis.hlen(data(namespace)),
                    bytes == null
                            ? 0
                            : Long.parseLong(new String(bytes, StandardCharsets.US_ASCII)));
        } catch (JedisException e) {
            throw failed(e);
        }
    }

    private StateException failed(JedisException e) {
        return new StateException(
                StateException.Reason.UNAVAILABLE,
                "the Redis state store at " + url + " failed: " + e.getMessage(),
                e);
    }

    @Override
    public void close() {
        redis.close();
    }
}
