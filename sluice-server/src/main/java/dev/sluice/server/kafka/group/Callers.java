package dev.sluice.server.kafka.group;

import dev.sluice.server.kafka.RequestContext;
import java.net.InetSocketAddress;

/** The {@link Caller} of a request: its client id, and its host as Kafka shows it ("/1.2.3.4"). */
final class Callers {

    private Callers() {}

    static Caller of(RequestContext context) {
        String host =
                context.client() instanceof InetSocketAddress inet && inet.getAddress() != null
                        ? inet.getAddress().toString()
                        : String.valueOf(context.client());
        return new Caller(context.clientId(), host);
    }
}
