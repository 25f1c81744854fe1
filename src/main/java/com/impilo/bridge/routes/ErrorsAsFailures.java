package com.impilo.bridge.routes;

import java.util.List;

import com.impilo.bridge.api.ApiFailures;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateSyncProcessor;

/**
 * Turns an Error thrown by a processing step of the bridge's routes (an OutOfMemoryError, a StackOverflowError, an
 * AssertionError) into a failure of that exchange. Camel passes Errors other than linkage errors through its
 * processors after completing the step as if it had succeeded: the route goes on without the step, and the Error ends
 * the thread's task, so a file split into orders may wait for an order forever and a {@code --once} run never end. As
 * a failure, it takes the error policy's way like any other: the order is undelivered, the file dead-lettered, with
 * what happened.
 */
final class ErrorsAsFailures implements InterceptStrategy {

    private static final ErrorsAsFailures INSTANCE = new ErrorsAsFailures();

    /** What a step failed with: an Error, described. */
    static final class StepFailedWithError extends RuntimeException {
        StepFailedWithError(Error error) {
            super("an error stopped this step: " + ApiFailures.describe(error), error);
        }
    }

    private ErrorsAsFailures() {
    }

    /** Every step of these routes fails its exchange on an Error. */
    static void guard(List<RouteDefinition> routes) {
        routes.forEach(route -> route.addInterceptStrategy(INSTANCE));
    }

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target,
                                                 Processor nextTarget) {
        // A step's processor runs inside Camel's DelegateSyncProcessor, which completes the exchange in a finally
        // block even when an Error passes through it: the Error must become an exception before it gets there.
        if (target instanceof DelegateSyncProcessor sync) {
            Processor step = sync.getProcessor();
            return new DelegateSyncProcessor(exchange -> {
                try {
                    step.process(exchange);
                } catch (Error error) {
                    throw new StepFailedWithError(error);
                }
            });
        }
        return target;
    }
}
