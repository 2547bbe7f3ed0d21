package dev.sluice.internal.services.http;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name into its addresses: the system's resolver, or a fixed table in tests. */
@FunctionalInterface
interface Resolver {

    Resolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String host) throws UnknownHostException;
}
