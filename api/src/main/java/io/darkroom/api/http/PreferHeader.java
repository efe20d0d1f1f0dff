package io.darkroom.api.http;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes, on an endpoint that honours it, the RFC 7240 {@code Prefer} header that {@link Prefer} parses. */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Parameter(name = "Prefer", in = ParameterIn.HEADER, description = """
        RFC 7240 preferences. `respond-async`: answer `202` with the job at once (image endpoints). `wait=N`: wait at \
        most N seconds (capped by `darkroom.api.max-prefer-wait`, 10 min) for the job to be final, then answer what there is. \
        Unknown preferences are ignored.""",
        examples = {@ExampleObject(name = "respond-async", value = "respond-async"), @ExampleObject(name = "wait", value = "wait=30")})
public @interface PreferHeader {
}
