package org.lungseg.infra;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.knative.serving.v1.Service;
import java.nio.file.Path;
import java.util.List;

/** The function's deployment variants, each rendered by infra/render.sh from its overlay. */
enum Variant {
    GPU("gpu"), CPU("cpu"), NATIVE("native");

    /** The Knative Service of the function in every variant. */
    static final String FUNCTION = "lungseg";

    final String overlay;

    Variant(String overlay) {
        this.overlay = overlay;
    }

    Path rendered() {
        return Repo.infra("knative", "rendered", overlay + ".yaml");
    }

    Path overlayDir() {
        return Repo.infra("knative", "overlays", overlay);
    }

    List<HasMetadata> resources() {
        return Manifests.read(rendered());
    }

    Service function() {
        return Manifests.named(resources(), Service.class, FUNCTION);
    }
}
