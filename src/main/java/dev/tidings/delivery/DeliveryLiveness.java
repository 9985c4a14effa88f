package dev.tidings.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@code /health/live} reports the hub and how many live connections it holds. */
@Liveness
@ApplicationScoped
public class DeliveryLiveness implements HealthCheck {

    @Inject
    Hub hub;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("delivery").up().withData("connections", hub.connectionCount()).build();
    }
}
