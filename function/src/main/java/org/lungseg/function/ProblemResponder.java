package org.lungseg.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Answers every failed request with problem JSON: Funqy fails a request by handing the exception
 * (or a bare status, for unreadable JSON or an oversized body) to Vert.x, and this failure handler
 * is the first in line for it. Failures the service already logged are not logged again.
 */
@ApplicationScoped
public class ProblemResponder {

    private static final Logger LOG = Logger.getLogger(ProblemResponder.class);

    private final ObjectMapper mapper;
    private final SegmentationMetrics metrics;

    public ProblemResponder(ObjectMapper mapper, SegmentationMetrics metrics) {
        this.mapper = mapper;
        this.metrics = metrics;
    }

    void install(@Observes Router router) {
        router.route().failureHandler(this::respond);
    }

    void respond(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        Problem problem = Problems.of(failure, ctx.statusCode());
        if (!Problems.fromService(failure)) {
            // Rejected before the service saw it (unreadable JSON, oversized body, unknown path).
            metrics.outcome(problem.kind());
            if (problem.status() >= 500) {
                LOG.errorf(failure, "request to %s failed", ctx.request().path());
            } else {
                LOG.infof("request to %s refused: %d %s", ctx.request().path(), problem.status(), problem.kind());
            }
        }
        if (ctx.response().ended()) {
            return;
        }
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        Duration retryAfter = Problems.retryAfter(failure);
        if (retryAfter != null) {
            ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        byte[] body;
        try {
            body = mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + problem.status() + "}").getBytes(StandardCharsets.UTF_8);
        }
        ctx.response().setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Buffer.buffer(body));
    }
}
