package io.ringstore.core.annotation;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks one of the few production classes or methods allowed to touch an API the build forbids
 * elsewhere (the system clock, sleeps, threads): the production clock and scheduler, and the
 * process edge in {@code main}. Every use says why in {@link #reason}.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
public @interface SuppressForbidden {
  /** Why this place, and only this place, may use the forbidden API. */
  String reason();
}
