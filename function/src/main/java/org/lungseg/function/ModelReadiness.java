package org.lungseg.function;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded and warmed up; down, with the reason, before that or if it failed. */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final ModelHolder model;

    public ModelReadiness(ModelHolder model) {
        this.model = model;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("lungseg-model").status(model.ready()).withData("model", model.state()).build();
    }
}
