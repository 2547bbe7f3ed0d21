package dev.sluice.internal.services;

import dev.sluice.plugin.Permissions;
import java.util.ArrayList;
import java.util.List;

/** Which services a plugin imports that its grant does not cover, for the load log and inspect. */
public final class ServiceGrants {

    private ServiceGrants() {}

    /**
     * @param services permission names a plugin imports ({@code state}, {@code events}, {@code
     *     http})
     * @return those of them not granted at all
     */
    public static List<String> ungranted(List<String> services, Permissions granted) {
        var missing = new ArrayList<String>();
        for (String service : services) {
            boolean ok =
                    switch (service) {
                        case "state" -> granted.state();
                        case "events" -> !granted.publish().isEmpty();
                        case "http" -> !granted.httpAllow().isEmpty();
                        default -> true;
                    };
            if (!ok) {
                missing.add(service);
            }
        }
        return missing;
    }
}
